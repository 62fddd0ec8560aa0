// SPDX-License-Identifier: MIT
// Shared pieces of the auralis command line: subcommand entry points and exit codes.
#pragma once

#include <auralis/audio_io.hpp>
#include <auralis/backend.hpp>
#include <auralis/mastering.hpp>

#include "cli/command_line.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace auralis::cli {

/// Exit codes of every subcommand.
enum ExitCode : int { exit_ok = 0, exit_file_failed = 1, exit_usage = 2 };

/// `auralis analyze FILE... [--json]`; args excludes the program and subcommand names.
int run_analyze(std::span<const std::string_view> args);

/// `auralis master IN OUT [options]`.
int run_master(std::span<const std::string_view> args);

/// What `auralis analyze` was asked to do.
struct AnalyzeArguments {
  std::vector<std::string> files;
  Verbosity verbosity;
  bool json = false, content = false;
  bool backend_given =
      false;  ///< --backend, --device or --threads: the engine is made even without --content.
  BackendOptions backend;
};

/// What `auralis master` was asked to do.
struct MasterArguments {
  std::string input, output;
  MasterOptions options;
  EncodeOptions encode;
  std::optional<std::string> reference, plan_file, json_report, format;
  std::optional<std::string> html_report;  ///< --report FILE.html
  std::optional<double> preview_seconds;   ///< --preview SECONDS
  bool print_plan = false, profile = false;
  bool preset_given = false, mode_given = false;
  Verbosity verbosity;
};

/// Parse a subcommand's arguments without doing any work. Return exit_ok (with `help` set when --help or
/// --version was given and printed), or exit_usage after printing the usage error on stderr.
int parse_analyze_arguments(std::span<const std::string_view> args, AnalyzeArguments& out, bool& help);
int parse_master_arguments(std::span<const std::string_view> args, MasterArguments& out, bool& help);

/// Adds every option of `auralis master` but IN and OUT to `app`, storing into `out`; without `one_track`
/// (`auralis batch`) those that concern one track (--plan, --json, --profile, --report FILE, --format) are
/// refused with a usage error naming the reason.
void add_master_options(CLI::App& app, MasterArguments& out, bool one_track);
/// The checks across master options once all are read: exit_ok, or a usage error of `command`.
int check_master_arguments(std::string_view command, MasterArguments& out);

/// `auralis batch INPUT... -o OUTDIR [options]`.
int run_batch(std::span<const std::string_view> args);

/// `auralis backends [--json] [--backend B] [--device D]`.
int run_backends(std::span<const std::string_view> args);

/// `auralis bench FILE [options]`.
int run_bench(std::span<const std::string_view> args);
/// `auralis report REPORT.json -o FILE.html`.
int run_report(std::span<const std::string_view> args);

}  // namespace auralis::cli
