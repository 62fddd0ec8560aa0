// Shared pieces of the auralis command line: subcommand entry points and exit codes.
#pragma once

#include <span>
#include <string_view>

namespace auralis::cli {

/// Exit codes of every subcommand.
enum ExitCode : int { exit_ok = 0, exit_file_failed = 1, exit_usage = 2 };

/// `auralis analyze FILE... [--json]`; args excludes the program and subcommand names.
int run_analyze(std::span<const std::string_view> args);

/// `auralis master IN OUT [options]`.
int run_master(std::span<const std::string_view> args);

/// `auralis backends [--json] [--backend B] [--device D]`.
int run_backends(std::span<const std::string_view> args);

/// `auralis bench FILE [options]`.
int run_bench(std::span<const std::string_view> args);

}  // namespace auralis::cli
