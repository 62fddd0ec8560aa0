// SPDX-License-Identifier: MIT
// The commands' shared parsing habits (see command_line.hpp).
#include "cli/command_line.hpp"

#include <auralis/version.hpp>

#include "cli/cli.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>
#include <utility>
#include <vector>

namespace auralis::cli {

namespace {

// Wide enough for the longest option with its value name ("--backend auto|cpu|vulkan" wraps below).
constexpr std::size_t kOptionColumn = 24;

bool parse_number(const std::string& text, double& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

}  // namespace

std::unique_ptr<CLI::App> make_command_app(std::string_view command, const std::string& description,
                                           const std::string& footer, Verbosity& verbosity,
                                           const std::string& verbose_help) {
  auto app = std::make_unique<CLI::App>(description, "auralis " + std::string(command));
  app->footer(footer);
  app->get_formatter()->column_width(kOptionColumn);
  // A repeated option keeps its last value, as a later flag overrides an earlier one in a script.
  app->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app->set_help_flag("-h,--help", "print this help and exit");
  app->set_version_flag("--version", std::string("auralis ") + version(), "print the version and exit");
  CLI::Option* quiet =
      app->add_flag("-q,--quiet", verbosity.quiet, "only errors on stderr: no progress bar, no warnings");
  app->add_flag("-v,--verbose", verbosity.verbose, verbose_help)->excludes(quiet);
  return app;
}

int parse_command(CLI::App& app, std::span<const std::string_view> args, bool& finished) {
  // CLI11 takes the words last first.
  std::vector<std::string> words(args.rbegin(), args.rend());
  try {
    app.parse(words);
    return exit_ok;
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
  } catch (const CLI::CallForVersion& e) {
    std::printf("%s\n", e.what());
  } catch (const CLI::ParseError& e) {
    // An unknown word is the first problem to name, even when a required argument is missing as well (CLI11
    // checks requirements first).
    const std::vector<std::string> unknown = app.remaining();
    const std::string problem = unknown.empty() ? e.what() : CLI::ExtrasError(unknown).what();
    return usage_error(app.get_name().substr(std::string_view("auralis ").size()), problem);
  }
  finished = true;
  return exit_ok;
}

int usage_error(std::string_view command, const std::string& message) {
  std::fprintf(stderr, "auralis %.*s: %s (see auralis %.*s --help)\n", static_cast<int>(command.size()),
               command.data(), message.c_str(), static_cast<int>(command.size()), command.data());
  return exit_usage;
}

CLI::Option* add_value(CLI::App& app, const std::string& names, const std::string& value_name,
                       const std::string& description, ValueParser parse) {
  CLI::Option* option = app.add_option_function<std::string>(
      names,
      [parse = std::move(parse)](const std::string& value) {
        if (const std::optional<std::string> problem = parse(value)) throw CLI::ValidationError(*problem);
      },
      description);
  return option->type_name(value_name);
}

ValueParser number_in(double low, double high, std::string problem, std::function<void(double)> store,
                      bool whole) {
  return [=](const std::string& value) -> std::optional<std::string> {
    double number = 0.0;
    if (!parse_number(value, number) || number < low || number > high ||
        (whole && number != std::floor(number))) {
      return problem + ", not '" + value + "'";
    }
    store(number);
    return std::nullopt;
  };
}

}  // namespace auralis::cli
