// SPDX-License-Identifier: MIT
// Between the C API's structs and the C++ API's: options in (checked, as an FFI may pass anything), results
// out.
#pragma once

#include <auralis/auralis.h>
#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>

#include "capi/errors.hpp"

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <optional>
#include <span>

namespace auralis::capi {

auralis_optional to_c(const std::optional<double>& value) noexcept;
auralis_loudness to_c(const LoudnessReport& report) noexcept;

/// The value of a C enum field, which an FFI may set to any integer, checked against its list [0, last];
/// throws Error(invalid_argument) naming `name`. The field is read as the int it is in C, never as the C++
/// enum type, for which a value outside the enumerators is undefined behaviour.
int checked_enum_value(int value, int last, const char* name);
template <class CEnum>
int checked_enum(const CEnum& field, int last, const char* name) {
  static_assert(sizeof(CEnum) == sizeof(int));
  int value = 0;
  std::memcpy(&value, &field, sizeof value);
  return checked_enum_value(value, last, name);
}

/// The C++ options of the C ones (defaults when `options` is null). Throws Error(invalid_argument) naming
/// the field for an enum value outside its list or a non-finite number.
LoudnessOptions loudness_options(const auralis_loudness_options* options);

/// What one C master request asks of the C++ API.
struct MasterRequest {
  MasterOptions options;
  EncodeOptions encode;          ///< type is the caller's to set: `type`, else from the output's name
  std::optional<FileType> type;  ///< The type asked for; empty: AURALIS_FILE_TYPE_AUTO.
  std::optional<std::filesystem::path> reference;
};
/// As loudness_options, for mastering; plan_json is parsed (Error(invalid_argument) "plan JSON: ...");
/// quality and output_rate_hz are range-checked.
MasterRequest master_request(const auralis_master_options* options);

/// frames x channels, the floats of an interleaved block; Error(invalid_argument) where that overflows.
std::size_t interleaved_size(std::size_t frames, std::size_t channels, const Call& call);
/// planes[c][i] = interleaved[i * planes.size() + c] for i < frames.
void deinterleave(const float* interleaved, std::size_t frames, std::span<float* const> planes) noexcept;
/// interleaved[i * channels + c] = audio.channel(c)[i].
void interleave(const AudioBuffer& audio, float* interleaved) noexcept;

/// The type of the file `output` that `request` asks for: its type, else the extension's.
FileType output_type(const MasterRequest& request, const std::filesystem::path& output);

/// Fills `out` from `report`, json included (allocated for auralis_master_report_free).
void fill_report(const MasterReport& report, auralis_master_report& out);

}  // namespace auralis::capi
