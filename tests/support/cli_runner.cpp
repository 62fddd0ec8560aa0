// SPDX-License-Identifier: MIT
// run_cli: std::system with redirections (see cli_runner.hpp).
#include "support/cli_runner.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace auralis::test {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::map<std::string, std::string> batch_outputs(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == "auralis-manifest.jsonl") continue;
    files[std::filesystem::relative(entry.path(), dir).string()] = read_file(entry.path());
  }
  return files;
}

std::string quoted(const std::filesystem::path& path) {
  // Appended piecewise: GCC 12 at -O3 reports a false -Wrestrict overlap for "'" + std::string&&.
  std::string text(1, '\'');
  text += path.native();
  text += '\'';
  return text;
}

CommandResult run_cli(const std::string& arguments, const std::filesystem::path& scratch) {
  return run_cli_after("", arguments, scratch);
}

namespace {

// `prefix auralis arguments input`, with stdout and stderr captured; `input` redirects stdin.
CommandResult run(const std::string& prefix, const std::string& arguments, const std::string& input,
                  const std::filesystem::path& scratch) {
  const char* cli = std::getenv("AURALIS_CLI");
  if (cli == nullptr) cli = AURALIS_TEST_CLI;
  const std::filesystem::path out = scratch / "stdout.txt";
  const std::filesystem::path err = scratch / "stderr.txt";
  const std::string command =
      prefix + "'" + cli + "' " + arguments + " >" + quoted(out) + " 2>" + quoted(err) + input;
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

}  // namespace

CommandResult run_cli_after(const std::string& prefix, const std::string& arguments,
                            const std::filesystem::path& scratch) {
  return run(prefix, arguments, " </dev/null", scratch);
}

CommandResult run_cli_piped(const std::filesystem::path& input, const std::string& arguments,
                            const std::filesystem::path& scratch) {
  return run("cat " + quoted(input) + " | ", arguments, "", scratch);
}

}  // namespace auralis::test
