// SPDX-License-Identifier: MIT
// `auralis batch`: the batch's own options, then every `auralis master` option, into master_batch; progress
// and the summary table.
#include <auralis/auralis.hpp>

#include "cli/cli.hpp"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace auralis::cli {

namespace {

constexpr const char* kBatchDescription =
    "Masters every track INPUT names into OUTDIR. INPUTs are files, folders (searched recursively; audio\n"
    "files are recognised by their content) and glob patterns. Each output is byte for byte what\n"
    "'auralis master' writes for that track alone with the same options. OUTDIR/auralis-manifest.jsonl\n"
    "records every finished track; running the same command again skips the tracks already done, so an\n"
    "interrupted batch (even killed) is resumed by running it again. A track that fails does not stop\n"
    "the others; it is reported with its reason and the exit code is 1.\n";

constexpr const char* kBatchFooter =
    "Every option of 'auralis master' applies (see auralis master --help) except --plan, --json,\n"
    "--profile and --format, which concern one track. --config FILE reads option values from FILE by\n"
    "their long names (TOML or INI: 'jobs = 4', 'target-lufs = -16'); the command line overrides them.\n"
    "\n"
    "Exit codes: 0 every track mastered or already done, 1 some track failed, 2 usage error.";

struct BatchArguments {
  std::vector<std::string> inputs;
  std::optional<std::string> list;
  std::optional<unsigned> shard_index, shard_count;
  bool json_progress = false;
  bool html_report = false;  ///< --report: OUTDIR/index.html and a page beside each output
  BatchOptions options;
  MasterArguments master;  ///< the master options, applied to every track
};

bool parse_count(std::string_view text, unsigned& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

// One of the names `choices` lists, handed to `store`; anything else is `problem`.
template <typename T>
ValueParser one_of(std::initializer_list<std::pair<std::string_view, T>> choices, std::string problem,
                   T& store) {
  std::vector<std::pair<std::string_view, T>> known(choices);
  return [known, problem, &store](const std::string& value) -> std::optional<std::string> {
    for (const auto& [name, choice] : known) {
      if (value == name) {
        store = choice;
        return std::nullopt;
      }
    }
    return problem;
  };
}

void add_batch_options(CLI::App& app, BatchArguments& b) {
  app.option_defaults()->group("Batch options");
  app.add_option("-o,--output", b.options.output_dir, "where the masters go (created if needed)")
      ->type_name("DIR")
      ->required();
  app.add_option("--list", b.list, "more inputs, one a line ('#' starts a comment line)")->type_name("FILE");
  app.add_option("--name", b.options.name_template,
                 "output names below DIR: {dir} {stem} {ext} {name} {index}\n"
                 "(default {dir}/{stem}.{ext}: the inputs' folder structure; {ext} is the\n"
                 "input's when auralis writes it, wav or flac, else wav)")
      ->type_name("TEMPLATE");
  add_value(app, "-j,--jobs", "N",
            "tracks mastered at once (default: one per core); the cores are shared out\n"
            "among them (--threads sets the threads of each instead)",
            number_in(
                1.0, 1024.0, "--jobs needs a whole number 1-1024",
                [&b](double n) { b.options.jobs = static_cast<unsigned>(n); }, true));
  add_value(app, "--shard", "K/N",
            "master only shard K of N of the sorted inputs (for array jobs; the N shards\n"
            "together do exactly the whole batch)",
            [&b](const std::string& value) -> std::optional<std::string> {
              const std::size_t slash = value.find('/');
              unsigned k = 0, n = 0;
              if (slash == std::string::npos || !parse_count(std::string_view(value).substr(0, slash), k) ||
                  !parse_count(std::string_view(value).substr(slash + 1), n) || n < 1 || k < 1 || k > n) {
                return "--shard needs K/N with 1 <= K <= N, not '" + value + "'";
              }
              b.shard_index = k;
              b.shard_count = n;
              return std::nullopt;
            });
  app.add_flag_callback(
      "--album", [&b] { b.options.album = AlbumMode::folder; },
      "the tracks of each folder are an album: one loudness gain for all of them,\n"
      "so their differences are kept and the album's loudness meets the target");
  add_value(app, "--album-by", "tag", "the same, grouping by the album tag (tracks without one stand alone)",
            one_of<AlbumMode>({{"tag", AlbumMode::tag}, {"folder", AlbumMode::folder}},
                              "--album-by is tag or folder", b.options.album));
  add_value(app, "--tags", "replaygain|r128",
            "write loudness tags (FLAC outputs): ReplayGain 2.0 or R128 track (and album)\n"
            "gains; the input's title, artist, album, track, date and comment are always\n"
            "copied where the format carries them",
            one_of<BatchOptions::GainTags>(
                {{"replaygain", BatchOptions::GainTags::replaygain}, {"r128", BatchOptions::GainTags::r128}},
                "--tags is replaygain or r128", b.options.gain_tags));
  app.add_flag("--force", b.options.force, "master again the tracks the manifest says are done");
  app.add_flag_callback(
      "--no-cache", [&b] { b.options.use_cache = false; },
      "do not read or write the analysis cache ($XDG_CACHE_HOME/auralis)");
  app.add_flag("--report", b.html_report,
               "write each mastered track's HTML report beside its output (OUT.report.html)\n"
               "and OUTDIR/index.html: a row per track (loudness before and after, gain\n"
               "reduction, warnings) linking to its page");
  add_value(app, "--progress", "json",
            "one JSON event a line on stdout (started, finished, summary) instead of the\n"
            "bar (shown only on a terminal) and the table",
            one_of<bool>({{"json", true}}, "--progress takes json", b.json_progress));
}

int parse_batch_arguments(std::span<const std::string_view> args, BatchArguments& b, bool& finished) {
  const std::unique_ptr<CLI::App> app =
      make_command_app("batch", kBatchDescription, kBatchFooter, b.master.verbosity,
                       "print a line on stderr as each track finishes: its status, time and output");
  app->add_option("INPUT", b.inputs, "files, folders and glob patterns to master")->type_name("");
  add_batch_options(*app, b);
  add_master_options(*app, b.master, false);
  if (const int rc = parse_command(*app, args, finished); rc != exit_ok || finished) return rc;
  if (b.inputs.empty() && !b.list) return usage_error("batch", "needs at least one INPUT (or --list FILE)");
  if (const int rc = check_master_arguments("batch", b.master)) return rc;
  if (b.master.plan_file) b.master.options.plan = read_plan_file(*b.master.plan_file);
  b.options.master = b.master.options;
  b.options.master.curves = b.html_report;  // each track's page plots them
  b.options.encode = b.master.encode;
  if (b.master.reference) b.options.reference = *b.master.reference;
  return exit_ok;
}

std::string lufs_text(const std::optional<double>& lufs) {
  char text[16];
  if (!lufs) return "-";
  std::snprintf(text, sizeof text, "%.2f", *lufs);
  return text;
}

nlohmann::json event_json(const BatchEvent& event) {
  const BatchTrackResult& r = *event.result;
  nlohmann::json json = {{"event", event.kind == BatchEvent::Kind::started ? "started" : to_string(r.status)},
                         {"index", event.index + 1},
                         {"total", event.total},
                         {"input", r.track.input.string()},
                         {"output", r.output.string()}};
  if (event.kind == BatchEvent::Kind::finished) {
    json["seconds"] = r.seconds;
    json["audio_seconds"] = r.audio_seconds;
    json["before_lufs"] = r.before_lufs ? nlohmann::json(*r.before_lufs) : nlohmann::json(nullptr);
    json["after_lufs"] = r.after_lufs ? nlohmann::json(*r.after_lufs) : nlohmann::json(nullptr);
    json["limiter_p99_db"] = r.limiter_reduction_p99_db;
    json["analysis_cached"] = r.analysis_cached;
    if (!r.album.empty()) json["album"] = r.album;
    if (r.error_code) {
      json["error_code"] = to_string(*r.error_code);
      json["error"] = r.error;
    }
  }
  return json;
}

// One line on stderr, redrawn: tracks done, failures, audio seconds per second, time left.
class ProgressBar {
 public:
  void update(const BatchEvent& event) {
    if (event.kind != BatchEvent::Kind::finished) return;
    ++done_;
    if (event.result->status == BatchStatus::failed) ++failed_;
    audio_seconds_ += event.result->audio_seconds;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double per_track = elapsed / static_cast<double>(done_);
    std::fprintf(stderr, "\r%zu/%zu tracks, %zu failed, %.0fx real time, about %.0f s left   ", done_,
                 event.total, failed_, elapsed > 0.0 ? audio_seconds_ / elapsed : 0.0,
                 per_track * static_cast<double>(event.total - done_));
    if (done_ == event.total) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::size_t done_ = 0, failed_ = 0;
  double audio_seconds_ = 0.0;
};

// The --verbose line of a finished track.
void print_finished(const BatchEvent& event) {
  const BatchTrackResult& r = *event.result;
  std::fprintf(stderr, "auralis batch: [%zu/%zu] %s %s -> %s (%.2f s%s)\n", event.index + 1, event.total,
               to_string(r.status), r.track.input.c_str(), r.output.c_str(), r.seconds,
               r.analysis_cached ? ", analysis from the cache" : "");
}

void print_table(const BatchSummary& summary) {
  std::printf("%-9s %8s %8s %7s  %s\n", "status", "before", "after", "lim p99", "track");
  for (const BatchTrackResult& r : summary.tracks) {
    std::printf("%-9s %8s %8s %7.2f  %s\n", to_string(r.status), lufs_text(r.before_lufs).c_str(),
                lufs_text(r.after_lufs).c_str(), r.limiter_reduction_p99_db, r.track.input.c_str());
    if (r.status == BatchStatus::failed) std::printf("          %s\n", r.error.c_str());
  }
  std::printf("%zu mastered, %zu already done, %zu failed; manifest %s\n", summary.mastered, summary.skipped,
              summary.failed, summary.manifest.c_str());
}

// The pages of the tracks mastered in this run, beside their outputs, and the index linking them.
void write_batch_reports(const BatchSummary& summary, const std::filesystem::path& output_dir) {
  std::vector<ReportIndexEntry> entries;
  for (const BatchTrackResult& r : summary.tracks) {
    if (!r.report) continue;
    std::filesystem::path page = r.output;
    page += ".report.html";
    const std::string json = report_to_json(*r.report);
    write_report_file(page, render_report_html(json));
    entries.push_back(
        {r.track.relative.string(), page.lexically_relative(output_dir).generic_string(), json});
  }
  write_report_file(output_dir / "index.html", render_report_index_html(entries));
}

}  // namespace

int run_batch(std::span<const std::string_view> args) {
  BatchArguments b;
  bool finished = false;
  try {
    if (const int rc = parse_batch_arguments(args, b, finished); rc != exit_ok || finished) return rc;
  } catch (const Error& e) {
    std::fprintf(stderr, "auralis batch: %s\n", e.what());
    return exit_file_failed;
  }
  const Verbosity& verbosity = b.master.verbosity;
  try {
    std::optional<std::filesystem::path> list;
    if (b.list) list = *b.list;
    std::vector<BatchTrack> tracks = collect_batch_inputs(b.inputs, list);
    if (b.shard_count) tracks = shard_tracks(tracks, *b.shard_index, *b.shard_count);
    BatchCallbacks callbacks;
    ProgressBar bar;
    const bool show_bar = !b.json_progress && !verbosity.quiet && isatty(STDERR_FILENO);
    callbacks.on_event = [&](const BatchEvent& event) {
      if (b.json_progress) {
        std::printf("%s\n",
                    event_json(event).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        std::fflush(stdout);
      }
      if (show_bar) bar.update(event);
      if (verbosity.verbose && event.kind == BatchEvent::Kind::finished) print_finished(event);
    };
    const BatchSummary summary = master_batch(tracks, b.options, callbacks);
    for (const BatchTrackResult& r : summary.tracks) {
      if (r.report && !verbosity.quiet) {
        for (const std::string& w : r.report->warnings)
          std::fprintf(stderr, "auralis batch: warning: %s\n", w.c_str());
      }
      if (r.status == BatchStatus::failed) std::fprintf(stderr, "auralis batch: %s\n", r.error.c_str());
    }
    if (b.html_report) write_batch_reports(summary, b.options.output_dir);
    if (b.json_progress) {
      const nlohmann::json done = {{"event", "summary"},
                                   {"mastered", summary.mastered},
                                   {"skipped", summary.skipped},
                                   {"failed", summary.failed},
                                   {"manifest", summary.manifest.string()}};
      std::printf("%s\n", done.dump().c_str());
    } else {
      print_table(summary);
    }
    return summary.failed > 0 ? exit_file_failed : exit_ok;
  } catch (const Error& e) {
    std::fprintf(stderr, "auralis batch: %s\n", e.what());
    return exit_file_failed;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "auralis batch: %s\n", e.what());
    return exit_file_failed;
  }
}

}  // namespace auralis::cli
