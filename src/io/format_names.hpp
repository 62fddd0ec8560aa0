// SPDX-License-Identifier: MIT
// Stable names for libsndfile's container and encoding codes, as reported in SourceFormat.
#pragma once

#include <string>

namespace auralis::io {

/// Name of the major format in `sf_format` (SF_FORMAT_TYPEMASK), e.g. "WAV", "FLAC"; "UNKNOWN" otherwise.
std::string container_name(int sf_format);

/// Name of the sample encoding in `sf_format` (SF_FORMAT_SUBMASK), e.g. "PCM_24", "VORBIS"; "UNKNOWN"
/// otherwise.
std::string encoding_name(int sf_format);

}  // namespace auralis::io
