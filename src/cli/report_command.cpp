// SPDX-License-Identifier: MIT
// `auralis report`: the HTML page of a saved JSON report (auralis master --json), the same page
// `auralis master --report` writes.
#include <auralis/auralis.hpp>

#include "cli/cli.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <new>
#include <sstream>
#include <string>

namespace auralis::cli {

namespace {

constexpr const char* kReportDescription =
    "Draws the HTML report of a master from the JSON report 'auralis master --json' saved: one\n"
    "self-contained page (inline SVG; nothing fetched, readable without scripts) with loudness and gain\n"
    "reduction over time, true-peak overs, spectra before and after, the EQ applied, the plan in words and\n"
    "a loudness-matched comparison. 'auralis master --report FILE.html' writes the same page.\n";

constexpr const char* kReportFooter =
    "Exit codes: 0 success, 1 the report could not be read or the page not written, 2 usage error.";

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
  std::string input, output;
  Verbosity verbosity;
  const std::unique_ptr<CLI::App> app =
      make_command_app("report", kReportDescription, kReportFooter, verbosity,
                       "print on stderr the page's path and size once written");
  app->add_option("REPORT.json", input, "the JSON report of a master")->required()->type_name("");
  app->add_option("-o,--output", output, "where the page goes (written atomically)")
      ->type_name("FILE.html")
      ->required();
  bool finished = false;
  if (const int rc = parse_command(*app, args, finished); rc != exit_ok || finished) return rc;
  try {
    const std::string& name = input;
    try {
      const std::string page = render_report_html(read_text(name));
      write_report_file(output, page);
      if (verbosity.verbose)
        std::fprintf(stderr, "auralis report: wrote %s (%zu bytes)\n", output.c_str(), page.size());
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
