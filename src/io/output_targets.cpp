// SPDX-License-Identifier: MIT
// Checks made before anything is written: no output replaces an input, another output, or a non-file.
#include "io/output_targets.hpp"

#include <auralis/error.hpp>

#include "io/atomic_output_file.hpp"

#include <string>
#include <system_error>

namespace auralis::io {

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code error;
  if (std::filesystem::equivalent(a, b, error) && !error) return true;
  const std::filesystem::path resolved_a = std::filesystem::weakly_canonical(a, error);
  if (error) return false;
  const std::filesystem::path resolved_b = std::filesystem::weakly_canonical(b, error);
  if (error) return false;
  return resolved_a == resolved_b;
}

void check_output_targets(std::span<const std::filesystem::path> outputs,
                          std::span<const std::filesystem::path> inputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const std::filesystem::path& output = outputs[i];
    for (const std::filesystem::path& input : inputs) {
      if (same_file(output, input)) {
        throw Error(ErrorCode::output_is_input,
                    output.string() + ": refusing to overwrite an input file (it is the same file as " +
                        input.string() + ")");
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (same_file(output, outputs[j])) {
        throw Error(
            ErrorCode::invalid_argument,
            output.string() + ": named for two outputs (it is the same file as " + outputs[j].string() + ")");
      }
    }
    std::filesystem::path folder = output.parent_path();
    if (folder.empty()) folder = ".";
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error)) {
      throw Error(ErrorCode::write_failed,
                  output.string() + ": cannot write: the folder " + folder.string() + " does not exist");
    }
    try {
      check_regular_destination(output);
    } catch (const WriteStepFailed& refused) {
      throw Error(ErrorCode::write_failed, output.string() + ": cannot write: " + refused.reason);
    }
  }
}

}  // namespace auralis::io
