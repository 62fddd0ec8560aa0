// SPDX-License-Identifier: MIT
// `auralis report`: the HTML page of a saved JSON report (auralis master --json), the same page
// `auralis master --report` writes.
#include <auralis/auralis.hpp>

#include "cli/cli.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <new>
#include <optional>
#include <sstream>
#include <string>

namespace auralis::cli {

namespace {

constexpr const char* kReportHelp =
    "Usage: auralis report REPORT.json -o FILE.html\n"
    "\n"
    "Draws the HTML report of a master from the JSON report 'auralis master --json' saved: one\n"
    "self-contained page (inline SVG; nothing fetched, readable without scripts) with loudness and gain\n"
    "reduction over time, true-peak overs, spectra before and after, the EQ applied, the plan in words and\n"
    "a loudness-matched comparison. 'auralis master --report FILE.html' writes the same page.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE.html   where the page goes (written atomically)\n"
    "\n"
    "Exit codes: 0 success, 1 the report could not be read or the page not written, 2 usage error.\n";

int report_usage_error(const std::string& message) {
  std::fprintf(stderr, "auralis report: %s\n(see auralis report --help)\n", message.c_str());
  return exit_usage;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::unreadable_file, path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(ErrorCode::unreadable_file, path + ": cannot read");
  return text.str();
}

}  // namespace

int run_report(std::span<const std::string_view> args) {
  std::optional<std::string> input, output;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kReportHelp, stdout);
      return exit_ok;
    }
    if (arg == "-o" || arg == "--output") {
      if (i + 1 == args.size()) return report_usage_error(std::string(arg) + " needs a value");
      output = std::string(args[++i]);
    } else if (arg.starts_with("-") && arg != "-") {
      return report_usage_error("unknown option " + std::string(arg));
    } else if (input) {
      return report_usage_error("takes one REPORT.json");
    } else {
      input = std::string(arg);
    }
  }
  if (!input || !output) return report_usage_error("needs REPORT.json and -o FILE.html");
  try {
    const std::string name = *input;
    try {
      write_report_file(*output, render_report_html(read_text(name)));
    } catch (const Error& e) {
      if (e.code() != ErrorCode::invalid_argument) throw;
      throw Error(e.code(), name + ": " + e.what());
    }
    return exit_ok;
  } catch (const Error& e) {
    std::fprintf(stderr, "auralis report: %s\n", e.what());
    return exit_file_failed;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "auralis report: out of memory\n");
    return exit_file_failed;
  }
}

}  // namespace auralis::cli
