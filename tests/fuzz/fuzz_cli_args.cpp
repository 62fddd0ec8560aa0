// SPDX-License-Identifier: MIT
// fuzz_cli_args: feeds NUL-separated arguments to the CLI's argument parsers (parse_master_arguments,
// parse_analyze_arguments); nothing is decoded, written or run. Byte 0 picks the parser (even: master, odd:
// analyze); the rest is split at each NUL. The parsers print usage errors on stderr (run with
// -close_fd_mask=2); inputs with --config are skipped. A return other than exit_ok / exit_usage, any
// exception, or a successful parse that holds a value outside the range --help documents is a finding.
#include "cli/cli.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "fuzz_cli_args: %s\n", what);
  std::abort();
}

bool in_range(const std::optional<double>& value, double low, double high) {
  return !value || (std::isfinite(*value) && *value >= low && *value <= high);
}

void check_master(const auralis::cli::MasterArguments& m) {
  const auralis::PlanOverrides& o = m.options.overrides;
  for (const auto* amount : {&o.eq_amount, &o.dynamics_amount, &o.width_amount, &o.loudness_amount}) {
    if (!in_range(*amount, 0.0, 1.0)) finding("master: a stage amount outside 0-1 parsed");
  }
  if (!in_range(o.target_lufs, -70.0, 0.0)) finding("master: a target outside -70..0 LUFS parsed");
  if (!in_range(o.ceiling_dbtp, -20.0, 0.0)) finding("master: a ceiling outside -20..0 dBTP parsed");
  if (!in_range(m.options.hybrid_weight, 0.0, 1.0)) finding("master: a weight outside 0-1 parsed");
  if (m.options.backend.max_workers > 1024) finding("master: more than 1024 threads parsed");
  if (m.options.mode != auralis::MasteringMode::adaptive && !m.reference) {
    finding("master: reference or hybrid mode parsed without a reference");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return -1;
  const bool analyze = (data[0] & 1u) != 0;
  std::vector<std::string_view> args;
  const char* text = reinterpret_cast<const char*>(data + 1);
  const std::size_t length = size - 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= length; ++i) {
    if (i == length || text[i] == '\0') {
      if (i > start || i < length) args.emplace_back(text + start, i - start);
      start = i + 1;
    }
  }
  // --config FILE reads the file named: the harness does not follow it (the input could name /dev/zero, a
  // FIFO or standard input); CLI11's config reader is not ours to fuzz.
  for (const std::string_view arg : args) {
    if (arg.starts_with("--config")) return -1;
  }
  const std::span<const std::string_view> span(args);
  bool help = false;
  int rc = 0;
  if (analyze) {
    auralis::cli::AnalyzeArguments parsed;
    rc = auralis::cli::parse_analyze_arguments(span, parsed, help);
    if (rc == auralis::cli::exit_ok && !help && parsed.files.empty())
      finding("analyze: parsed without files");
    if (rc == auralis::cli::exit_ok && parsed.backend.max_workers > 1024) {
      finding("analyze: more than 1024 threads parsed");
    }
  } else {
    auralis::cli::MasterArguments parsed;
    rc = auralis::cli::parse_master_arguments(span, parsed, help);
    if (rc == auralis::cli::exit_ok && !help) check_master(parsed);
  }
  if (rc != auralis::cli::exit_ok && rc != auralis::cli::exit_usage)
    finding("a parser returned an unknown code");
  return 0;
}
