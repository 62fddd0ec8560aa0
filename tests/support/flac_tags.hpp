// SPDX-License-Identifier: MIT
// The Vorbis comments of a FLAC file as libFLAC reads them, for tests of written tags.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace auralis::test {

/// "NAME=value" in file order; a failure to read is a test failure (and no comments).
std::vector<std::string> flac_comments(const std::filesystem::path& path);

}  // namespace auralis::test
