// SPDX-License-Identifier: MIT
// The habits every auralis command shares, on CLI11: one parser per command built the same way, --help,
// --version, -q/--quiet and -v/--verbose everywhere, the last value of a repeated option winning, values
// checked as they are read, and every parse error a usage error (exit 2) in one line naming the problem.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace auralis::cli {

/// -q/--quiet and -v/--verbose, which every command takes.
struct Verbosity {
  bool quiet = false;    ///< only errors on stderr: no progress, no warnings
  bool verbose = false;  ///< the command's extra detail on stderr
};

/// The parser of `auralis COMMAND`: its description (the text above the options), its footer (below them)
/// and the shared options: -h/--help, --version, -q/--quiet, and -v/--verbose described by `verbose_help`.
std::unique_ptr<CLI::App> make_command_app(std::string_view command, const std::string& description,
                                           const std::string& footer, Verbosity& verbosity,
                                           const std::string& verbose_help);

/// Parses `args` (the words after the command's name). Returns exit_ok, with `finished` set when --help or
/// --version was given and printed (on stdout), or exit_usage after printing the problem on stderr.
int parse_command(CLI::App& app, std::span<const std::string_view> args, bool& finished);

/// Prints `auralis COMMAND: MESSAGE (see auralis COMMAND --help)` on stderr and returns exit_usage.
int usage_error(std::string_view command, const std::string& message);

/// Checks and stores one option's value: the usage problem (naming the option), or nothing when the value
/// was taken.
using ValueParser = std::function<std::optional<std::string>(const std::string& value)>;

/// An option that takes one value, read by `parse` (on the command line or from a --config file).
CLI::Option* add_value(CLI::App& app, const std::string& names, const std::string& value_name,
                       const std::string& description, ValueParser parse);

/// A ValueParser for a finite number within [low, high] (whole when `whole`), handed to `store`;
/// anything else is `problem`, followed by the value given.
ValueParser number_in(double low, double high, std::string problem, std::function<void(double)> store,
                      bool whole = false);

}  // namespace auralis::cli
