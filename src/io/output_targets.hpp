// SPDX-License-Identifier: MIT
// Checks made before anything is written: no output replaces an input, another output, or a non-file.
#pragma once

#include <filesystem>
#include <span>

namespace auralis::io {

/// Same file by identity (hard links, symlinks, "dir/./x"), or, where either does not exist yet, the same
/// resolved spelling.
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

/// Throws Error naming the path: output_is_input when an output is one of `inputs`, invalid_argument when two
/// outputs are the same file, write_failed when an output's folder does not exist or the output exists and is
/// not a regular file (a device, FIFO, socket or folder).
void check_output_targets(std::span<const std::filesystem::path> outputs,
                          std::span<const std::filesystem::path> inputs);

}  // namespace auralis::io
