// SPDX-License-Identifier: MIT
// Runs the auralis CLI built beside the tests and captures its exit code and output.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace auralis::test {

struct CommandResult {
  int exit_code;  ///< -1 when the CLI did not exit normally.
  std::string out;
  std::string err;
};

/// Runs `auralis ARGUMENTS` (the binary is $AURALIS_CLI, else the one this build made), stdin from
/// /dev/null, stdout and stderr captured through files in `scratch`.
CommandResult run_cli(const std::string& arguments, const std::filesystem::path& scratch);
/// The same with `prefix` before the binary in the shell command: environment assignments
/// ("XDG_CACHE_HOME='/tmp/x' ") or a wrapper ("timeout -s KILL 0.2 ").
CommandResult run_cli_after(const std::string& prefix, const std::string& arguments,
                            const std::filesystem::path& scratch);

/// The same with `input` piped into the CLI's stdin through cat (a pipe: it cannot seek).
CommandResult run_cli_piped(const std::filesystem::path& input, const std::string& arguments,
                            const std::filesystem::path& scratch);

/// The whole file as bytes (empty when it cannot be read).
std::string read_file(const std::filesystem::path& path);

/// Every file below `dir` but a batch's manifest, by its path below `dir`, with its bytes.
std::map<std::string, std::string> batch_outputs(const std::filesystem::path& dir);

/// `path` in single quotes for the shell.
std::string quoted(const std::filesystem::path& path);

}  // namespace auralis::test
