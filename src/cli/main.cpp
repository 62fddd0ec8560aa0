// SPDX-License-Identifier: MIT
// auralis command line: dispatches to subcommands, each a thin layer over the library.
#include <auralis/audio_io.hpp>
#include <auralis/version.hpp>

#include "cli/cli.hpp"

#include <cstdio>
#include <string_view>
#include <vector>

namespace {

constexpr const char* kUsage =
    "auralis " AURALIS_VERSION
    " - music analysis and mastering\n"
    "\n"
    "Usage:\n"
    "  auralis analyze [--json] FILE...   loudness (BS.1770-4 / EBU R128) and peaks of each file\n"
    "                                     (--content: spectrum, stereo image, rhythm, genre)\n"
    "  auralis master IN OUT [options]    master IN into OUT (adaptive, reference or hybrid)\n"
    "  auralis batch IN... -o DIR [opts]  master many tracks (folders, globs, lists): parallel,\n"
    "                                     resumable, album loudness, analysis cache\n"
    "  auralis report REPORT.json -o FILE.html\n"
    "                                     the HTML report of a saved JSON report\n"
    "  auralis backends [--json]          the CPU target and every Vulkan device, and which is used\n"
    "  auralis bench FILE [options]       time analysis and convolution on every backend\n"
    "  auralis --help | -h                this help; 'auralis COMMAND --help' for a command's\n"
    "  auralis --version                  the version\n"
    "\n"
    "Computing commands (analyze, master, batch, bench) take --backend auto|cpu|vulkan and --device "
    "NAME|INDEX.\n"
    "Every command takes -h/--help, --version, -q/--quiet and -v/--verbose; a value follows its option\n"
    "as --opt VALUE or --opt=VALUE; a FILE or IN of - (analyze, master) is standard input.\n"
    "Exit codes: 0 success, 1 some file failed (each failure is reported on stderr), 2 usage error.\n";

}  // namespace

int main(int argc, char** argv) {
  // Outputs on file systems without unnamed files have named temporaries; an interrupted run removes them.
  auralis::remove_temporaries_on_signals();
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return auralis::cli::exit_usage;
  }
  const std::string_view command = args.front();
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return auralis::cli::exit_ok;
  }
  if (command == "--version") {
    std::printf("auralis %s\n", auralis::version());
    return auralis::cli::exit_ok;
  }
  const std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
  if (command == "analyze") return auralis::cli::run_analyze(rest);
  if (command == "master") return auralis::cli::run_master(rest);
  if (command == "batch") return auralis::cli::run_batch(rest);
  if (command == "backends") return auralis::cli::run_backends(rest);
  if (command == "bench") return auralis::cli::run_bench(rest);
  if (command == "report") return auralis::cli::run_report(rest);
  std::fprintf(stderr, "auralis: unknown command '%.*s'\n\n%s", static_cast<int>(command.size()),
               command.data(), kUsage);
  return auralis::cli::exit_usage;
}
