// SPDX-License-Identifier: MIT
// `auralis batch`: the batch's own options, then every `auralis master` option, into master_batch; progress
// and the summary table.
#include <auralis/auralis.hpp>

#include "cli/cli.hpp"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace auralis::cli {

namespace {

constexpr const char* kBatchHelp =
    "Usage: auralis batch INPUT... -o OUTDIR [batch options] [auralis master options]\n"
    "\n"
    "Masters every track INPUT names into OUTDIR. INPUTs are files, folders (searched recursively; audio\n"
    "files are recognised by their content) and glob patterns. Each output is byte for byte what\n"
    "'auralis master' writes for that track alone with the same options. OUTDIR/auralis-manifest.jsonl\n"
    "records every finished track; running the same command again skips the tracks already done, so an\n"
    "interrupted batch (even killed) is resumed by running it again. A track that fails does not stop\n"
    "the others; it is reported with its reason and the exit code is 1.\n"
    "\n"
    "Batch options:\n"
    "  -o, --output DIR    where the masters go (created if needed)\n"
    "  --list FILE         more inputs, one a line ('#' starts a comment line)\n"
    "  --name TEMPLATE     output names below DIR: {dir} {stem} {ext} {name} {index}\n"
    "                      (default {dir}/{stem}.{ext}: the inputs' folder structure; {ext} is the\n"
    "                      input's when auralis writes it, wav or flac, else wav)\n"
    "  --jobs N            tracks mastered at once (default: one per core); the cores are shared out\n"
    "                      among them (--threads sets the threads of each instead)\n"
    "  --shard K/N         master only shard K of N of the sorted inputs (for array jobs; the N shards\n"
    "                      together do exactly the whole batch)\n"
    "  --album             the tracks of each folder are an album: one loudness gain for all of them,\n"
    "                      so their differences are kept and the album's loudness meets the target\n"
    "  --album-by tag      the same, grouping by the album tag (tracks without one stand alone)\n"
    "  --tags replaygain|r128\n"
    "                      write loudness tags (FLAC outputs): ReplayGain 2.0 or R128 track (and album)\n"
    "                      gains; the input's title, artist, album, track, date and comment are always\n"
    "                      copied where the format carries them\n"
    "  --force             master again the tracks the manifest says are done\n"
    "  --no-cache          do not read or write the analysis cache ($XDG_CACHE_HOME/auralis)\n"
    "  --report            write each mastered track's HTML report beside its output (OUT.report.html)\n"
    "                      and OUTDIR/index.html: a row per track (loudness before and after, gain\n"
    "                      reduction, warnings) linking to its page\n"
    "  --progress json     one JSON event a line on stdout (started, finished, summary) instead of the\n"
    "                      bar (shown only on a terminal) and the table\n"
    "\n"
    "Every option of 'auralis master' applies (see auralis master --help) except --plan, --json and\n"
    "--profile, which concern one track.\n"
    "\n"
    "Exit codes: 0 every track mastered or already done, 1 some track failed, 2 usage error.\n";

int batch_usage_error(const std::string& message) {
  std::fprintf(stderr, "auralis batch: %s\n(see auralis batch --help)\n", message.c_str());
  return exit_usage;
}

bool parse_count(std::string_view text, unsigned& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

struct BatchArguments {
  std::vector<std::string> inputs;
  std::optional<std::string> list;
  std::optional<unsigned> shard_index, shard_count;
  bool json_progress = false;
  bool html_report = false;  ///< --report: OUTDIR/index.html and a page beside each output
  BatchOptions options;
};

int parse_batch_arguments(std::span<const std::string_view> args, BatchArguments& b, bool& help) {
  std::vector<std::string_view> rest;
  bool output_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--") {
      rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    if (arg == "-h" || arg == "--help") {
      help = true;
      return exit_ok;
    }
    if (arg == "--plan" || arg == "--json" || arg == "--profile" || arg == "--preview") {
      return batch_usage_error(std::string(arg) + " concerns one track: use auralis master");
    }
    if (arg == "--album") {
      b.options.album = AlbumMode::folder;
      continue;
    }
    if (arg == "--force") {
      b.options.force = true;
      continue;
    }
    if (arg == "--report") {
      b.html_report = true;
      continue;
    }
    if (arg == "--no-cache") {
      b.options.use_cache = false;
      continue;
    }
    const bool takes_value = arg == "-o" || arg == "--output" || arg == "--list" || arg == "--name" ||
                             arg == "--jobs" || arg == "--shard" || arg == "--album-by" ||
                             arg == "--progress" || arg == "--tags";
    if (!takes_value) {
      rest.push_back(arg);
      continue;
    }
    if (i + 1 >= args.size()) return batch_usage_error(std::string(arg) + " needs a value");
    const std::string value(args[++i]);
    if (arg == "-o" || arg == "--output") {
      b.options.output_dir = value;
      output_given = true;
    } else if (arg == "--list") {
      b.list = value;
    } else if (arg == "--name") {
      b.options.name_template = value;
    } else if (arg == "--jobs") {
      if (!parse_count(value, b.options.jobs) || b.options.jobs < 1 || b.options.jobs > 1024) {
        return batch_usage_error("--jobs needs a whole number 1-1024");
      }
    } else if (arg == "--shard") {
      const std::size_t slash = value.find('/');
      unsigned k = 0, n = 0;
      if (slash == std::string::npos || !parse_count(std::string_view(value).substr(0, slash), k) ||
          !parse_count(std::string_view(value).substr(slash + 1), n) || n < 1 || k < 1 || k > n) {
        return batch_usage_error("--shard needs K/N with 1 <= K <= N, not '" + value + "'");
      }
      b.shard_index = k;
      b.shard_count = n;
    } else if (arg == "--album-by") {
      if (value == "tag") {
        b.options.album = AlbumMode::tag;
      } else if (value == "folder") {
        b.options.album = AlbumMode::folder;
      } else {
        return batch_usage_error("--album-by is tag or folder");
      }
    } else if (arg == "--progress") {
      if (value != "json") return batch_usage_error("--progress takes json");
      b.json_progress = true;
    } else if (arg == "--tags") {
      if (value == "replaygain") {
        b.options.gain_tags = BatchOptions::GainTags::replaygain;
      } else if (value == "r128") {
        b.options.gain_tags = BatchOptions::GainTags::r128;
      } else {
        return batch_usage_error("--tags is replaygain or r128");
      }
    }
  }
  MasterArguments master;
  if (const int rc = parse_master_arguments(rest, master, help, &b.inputs)) return rc;
  if (help) return exit_ok;
  if (!output_given) return batch_usage_error("needs -o OUTDIR");
  if (b.inputs.empty() && !b.list) return batch_usage_error("needs at least one INPUT (or --list FILE)");
  if (master.format) return batch_usage_error("--format: the output names' extension decides (--name)");
  if (master.plan_file) master.options.plan = read_plan_file(*master.plan_file);
  b.options.master = master.options;
  b.options.master.curves = b.html_report;  // each track's page plots them
  b.options.encode = master.encode;
  if (master.reference) b.options.reference = *master.reference;
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
  bool help = false;
  try {
    if (const int rc = parse_batch_arguments(args, b, help)) return rc;
  } catch (const Error& e) {
    std::fprintf(stderr, "auralis batch: %s\n", e.what());
    return exit_file_failed;
  }
  if (help) {
    std::fputs(kBatchHelp, stdout);
    return exit_ok;
  }
  try {
    std::optional<std::filesystem::path> list;
    if (b.list) list = *b.list;
    std::vector<BatchTrack> tracks = collect_batch_inputs(b.inputs, list);
    if (b.shard_count) tracks = shard_tracks(tracks, *b.shard_index, *b.shard_count);
    BatchCallbacks callbacks;
    ProgressBar bar;
    if (b.json_progress) {
      callbacks.on_event = [](const BatchEvent& event) {
        std::printf("%s\n",
                    event_json(event).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        std::fflush(stdout);
      };
    } else if (isatty(STDERR_FILENO)) {
      callbacks.on_event = [&bar](const BatchEvent& event) { bar.update(event); };
    }
    const BatchSummary summary = master_batch(tracks, b.options, callbacks);
    for (const BatchTrackResult& r : summary.tracks) {
      if (r.report) {
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
