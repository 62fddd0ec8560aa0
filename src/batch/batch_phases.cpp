// SPDX-License-Identifier: MIT
// A batch's steps: one track's inspection and profile, one track's master with its manifest record, the
// albums' gain tags; and the public phase functions, which run them on what the process shares.
#include "batch/batch_phases.hpp"

#include <auralis/version.hpp>

#include "batch/gain_tags.hpp"
#include "batch/options_key.hpp"
#include "io/content_hash.hpp"
#include "mastering/content_analysis.hpp"
#include "mastering/render_track.hpp"
#include "mastering/track.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <new>
#include <thread>
#include <utility>

namespace auralis::batch {
namespace {

// Bumped with AURALIS_VERSION: a profile cached by another version is analysed again.
constexpr const char* kAnalysisVersion = AURALIS_VERSION;

// Thrown from the progress callback of a track being mastered when the batch is cancelled; master_file
// writes nothing of an unfinished track.
struct Cancelled {};

io::Hash128 cache_key(const std::string& purpose, const std::string& text) {
  return io::hash_bytes(purpose + '\0' + kAnalysisVersion + '\0' + text);
}

// The decoded audio into the hash, as the analysis pass reads it.
class HashSink final : public mastering::BlockSink {
 public:
  explicit HashSink(io::AudioHasher& hasher) : hasher_(hasher) {}
  const char* name() const noexcept override { return "hash"; }
  void consume(std::span<const float* const> planes, std::size_t frames) override {
    hasher_.add_planar(planes, frames);
  }

 private:
  io::AudioHasher& hasher_;
};

struct TrackFailure {
  ErrorCode code;
  std::string message;
};

// Runs `step`; a failure of the track is returned, the message naming the file. Anything else (Cancelled,
// what is not a std::exception) passes.
std::optional<TrackFailure> track_failure(const std::string& name, const std::function<void()>& step) {
  try {
    step();
  } catch (const Error& failure) {
    const std::string what = failure.what();
    return TrackFailure{failure.code(), what.find(name) == std::string::npos ? name + ": " + what : what};
  } catch (const std::bad_alloc&) {
    return TrackFailure{ErrorCode::out_of_memory, name + ": not enough memory to master it"};
  } catch (const std::exception& failure) {
    return TrackFailure{ErrorCode::unreadable_file, name + ": " + failure.what()};
  }
  return std::nullopt;
}

// The threads for one track: the backend's max_workers, 0 meaning every core.
unsigned track_threads(const BatchOptions& options) {
  return options.master.backend.max_workers != 0 ? options.master.backend.max_workers
                                                 : std::max(1u, std::thread::hardware_concurrency());
}

void emit(BatchEvent::Kind kind, const BatchTrackAnalysis& analysis, const BatchTrackResult& result,
          const PhaseContext& context) {
  if (!context.callbacks.on_event) return;
  const std::lock_guard lock(context.event_mutex);
  BatchEvent event;
  event.kind = kind;
  event.index = analysis.index;
  event.total = context.total;
  event.result = &result;
  context.callbacks.on_event(event);
}

std::string options_hash(const BatchTrackDecision& decision, const PhaseContext& context) {
  return hash_text(options_key(context.options, context.reference_hash, decision.target_lufs));
}

// What every record of the track holds.
ManifestRecord record_of(const BatchTrackResult& result, const BatchTrackAnalysis& analysis,
                         const char* status) {
  ManifestRecord record;
  record.input = result.track.input.string();
  record.output = result.output.string();
  record.status = status;
  record.content_hash = analysis.content_hash;
  record.version = AURALIS_VERSION;
  record.album = result.album;
  return record;
}

void record_failure(BatchTrackResult& result, const BatchTrackAnalysis& analysis, const TrackFailure& failure,
                    const PhaseContext& context) {
  result.status = BatchStatus::failed;
  result.error_code = failure.code;
  result.error = failure.message;
  ManifestRecord record = record_of(result, analysis, "failed");
  record.error_code = to_string(failure.code);
  record.error = failure.message;
  context.manifest.append(record);
  emit(BatchEvent::Kind::finished, analysis, result, context);
}

MasterOptions track_options(const std::optional<ContentProfile>& profile, const BatchTrackDecision& decision,
                            const PhaseContext& context) {
  const BatchOptions& options = context.options;
  MasterOptions m = options.master;
  m.profile = profile;
  if (decision.album_plan) m.plan = decision.album_plan;
  if (decision.target_lufs) {
    m.overrides.target_lufs = *decision.target_lufs;
    // The album's ceiling, not one the delivery would pick for this track's own target.
    if (!m.overrides.ceiling_dbtp) {
      m.overrides.ceiling_dbtp =
          delivery_profile(m.overrides.delivery, options.master.overrides.target_lufs).ceiling_dbtp;
    }
  }
  m.progress = [&callbacks = context.callbacks](const std::string&, double) {
    if (callbacks.cancelled && callbacks.cancelled()) throw Cancelled{};
  };
  return m;
}

// Tags the output with its gains (when asked), then records it: the manifest's hash is of the final file.
void finish(BatchTrackResult& result, const BatchTrackAnalysis& analysis, const std::string& hash_of_options,
            const LoudnessReport& after, const std::optional<AlbumMeasurement>& album_after,
            const PhaseContext& context) {
  const BatchOptions& options = context.options;
  if (options.gain_tags != BatchOptions::GainTags::none) {
    add_flac_comments(result.output, gain_comments(options.gain_tags, after, album_after));
  }
  ManifestRecord record = record_of(result, analysis, "mastered");
  record.options_hash = hash_of_options;
  record.output_hash = io::hash_file_bytes(result.output).hex();
  record.before_lufs = result.before_lufs;
  record.after_lufs = result.after_lufs;
  record.compressor_mean_db = result.compressor_reduction_mean_db;
  record.limiter_p99_db = result.limiter_reduction_p99_db;
  record.limiter_max_db = result.limiter_reduction_max_db;
  record.seconds = result.seconds;
  context.manifest.append(record);
  emit(BatchEvent::Kind::finished, analysis, result, context);
}

// Skipped when the manifest holds this output mastered from the same bytes with the same options by this
// version, and the output is still what was recorded.
bool skip_done(BatchTrackResult& result, const BatchTrackAnalysis& analysis,
               const std::string& hash_of_options, const PhaseContext& context) {
  const std::optional<ManifestRecord> done = context.manifest.latest(result.output.string());
  std::error_code missing;
  if (!done || done->status != "mastered" || done->content_hash != analysis.content_hash ||
      done->options_hash != hash_of_options || done->version != AURALIS_VERSION ||
      !std::filesystem::is_regular_file(result.output, missing) ||
      io::hash_file_bytes(result.output).hex() != done->output_hash) {
    return false;
  }
  result.status = BatchStatus::skipped;
  result.before_lufs = done->before_lufs;
  result.after_lufs = done->after_lufs;
  result.compressor_reduction_mean_db = done->compressor_mean_db;
  result.limiter_reduction_p99_db = done->limiter_p99_db;
  result.limiter_reduction_max_db = done->limiter_max_db;
  emit(BatchEvent::Kind::finished, analysis, result, context);
  return true;
}

void master_into(BatchTrackResult& result, const BatchTrackAnalysis& analysis,
                 const BatchTrackDecision& decision, const std::string& hash_of_options,
                 const PhaseContext& context) {
  const auto start = std::chrono::steady_clock::now();
  const BatchOptions& options = context.options;
  if (!options.force && skip_done(result, analysis, hash_of_options, context)) return;
  emit(BatchEvent::Kind::started, analysis, result, context);
  std::optional<ContentProfile> profile = analysis.profile;
  if (context.cache && !profile) {
    BatchTrackAnalysis measured = analysis;
    measure_profile(measured, options, context.cache);
    profile = std::move(measured.profile);
    result.analysis_cached = measured.analysis_cached;
  }
  create_output_folder(result.output.parent_path());
  EncodeOptions encode = options.encode;
  encode.type = file_type_for(result.output);
  MasterReport report = master_file(result.track.input, result.output,
                                    track_options(profile, decision, context), encode, options.reference);
  for (const std::string& note : decision.notes) report.warnings.push_back(note);
  result.before_lufs = report.before.integrated_lufs;
  result.after_lufs = report.after.integrated_lufs;
  result.compressor_reduction_mean_db = report.compressor_reduction.mean_db;
  result.limiter_reduction_p99_db = report.limiter_reduction.p99_db;
  result.limiter_reduction_max_db = report.limiter_reduction.max_db;
  result.status = BatchStatus::mastered;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.report = std::move(report);
  // An album's gain tags wait for all its tracks.
  if (options.gain_tags != BatchOptions::GainTags::none && !analysis.album_key.empty()) {
    result.pending_album_loudness = result.report->after;
    return;
  }
  finish(result, analysis, hash_of_options, result.report->after, std::nullopt, context);
}

}  // namespace

BatchTrackResult result_of(const BatchTrackAnalysis& analysis) {
  BatchTrackResult result;
  result.track = analysis.track;
  result.output = analysis.output;
  result.album = analysis.album;
  result.analysis_cached = analysis.analysis_cached;
  result.audio_seconds = analysis.audio_seconds;
  return result;
}

BatchOptions with_reference_profile(const BatchOptions& options) {
  BatchOptions resolved = options;
  if (options.reference && !options.master.reference_profile) {
    SpectralEngine engine(options.master.backend);
    resolved.master.reference_profile = analyze_content(*options.reference, engine);
  }
  return resolved;
}

std::string reference_hash(const BatchOptions& options) {
  return options.reference ? io::hash_file_bytes(*options.reference).hex() : std::string();
}

AnalysisCache* shared_cache(const BatchOptions& options) {
  if (!options.use_cache) return nullptr;
  const std::filesystem::path dir =
      options.cache_dir.empty() ? AnalysisCache::default_dir() : options.cache_dir;
  // Without $XDG_CACHE_HOME or $HOME there is nowhere to keep it.
  if (dir.empty()) return nullptr;
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::uint64_t>, std::unique_ptr<AnalysisCache>> caches;
  const std::lock_guard lock(mutex);
  std::unique_ptr<AnalysisCache>& cache = caches[{dir.string(), options.cache_max_bytes}];
  if (!cache) cache = std::make_unique<AnalysisCache>(dir, options.cache_max_bytes);
  return cache.get();
}

void create_output_folder(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error)
    throw Error(ErrorCode::write_failed, folder.string() + ": cannot create the folder: " + error.message());
}

BatchTrackAnalysis new_analysis(const BatchTrack& track, std::size_t index, const BatchOptions& options) {
  BatchTrackAnalysis analysis;
  analysis.track = track;
  analysis.index = index;
  analysis.output = batch_output_path(track, track.position != 0 ? track.position : index + 1,
                                      options.output_dir, options.name_template);
  if (options.gain_tags != BatchOptions::GainTags::none && file_type_for(analysis.output) != FileType::flac) {
    throw Error(ErrorCode::unsupported_format,
                analysis.output.string() + ": loudness tags need FLAC outputs (--name '{dir}/{stem}.flac')");
  }
  return analysis;
}

void inspect(BatchTrackAnalysis& analysis, const BatchOptions& options) {
  const std::filesystem::path& input = analysis.track.input;
  const AudioFileReader reader(input);
  analysis.frames = reader.announced_frames().value_or(0);
  analysis.audio_seconds = static_cast<double>(analysis.frames) / reader.sample_rate();
  analysis.content_hash = io::hash_file_bytes(input).hex();
  switch (options.album) {
    case AlbumMode::none:
      break;
    case AlbumMode::folder:
      analysis.album_key = std::filesystem::weakly_canonical(input).parent_path().string();
      analysis.album = input.parent_path().filename().string();
      break;
    case AlbumMode::tag:
      analysis.album = read_audio_tags(input).album.value_or("");
      analysis.album_key = analysis.album;
      break;
  }
}

void measure_profile(BatchTrackAnalysis& analysis, const BatchOptions& options, AnalysisCache* cache) {
  const std::filesystem::path& input = analysis.track.input;
  if (!cache) {
    SpectralEngine engine(options.master.backend);
    analysis.profile = analyze_content(input, engine);
    return;
  }
  // A file seen before is found by its bytes' hash, which leads to its decoded audio's; a file not seen
  // before is analysed, its audio hashed in the same pass, and stored under both.
  const std::string backend = to_string(options.master.backend.kind);
  const io::Hash128 alias = cache_key("file", analysis.content_hash);
  const auto profile_key = [&](const std::string& audio_hash) {
    return cache_key("profile", backend + '\0' + audio_hash);
  };
  if (const std::optional<std::string> audio_hash = cache->find(alias)) {
    if (const std::optional<std::string> cached = cache->find(profile_key(*audio_hash))) {
      try {
        analysis.profile = profile_from_json(*cached);
        analysis.analysis_cached = true;
        return;
      } catch (const Error&) {
        // An entry in a shape this version does not read: analyse again.
      }
    }
  }
  SpectralEngine engine(options.master.backend);
  AudioFileReader reader(input);
  io::AudioHasher hasher(reader.sample_rate(), reader.layout());
  HashSink hash(hasher);
  mastering::ReaderSource source(reader);
  mastering::BlockSink* const also[] = {&hash};
  std::vector<StageTiming> timings;
  analysis.profile =
      mastering::analyze_source(source, reader.layout(), engine,
                                mastering::pass_options(options.master.block_frames, track_threads(options)),
                                "analysis", timings, also);
  const std::string audio_hash = hasher.digest().hex();
  // A cache that cannot be written costs time, not results: the batch goes on without it.
  (void)cache->store(profile_key(audio_hash), profile_to_json(*analysis.profile));
  (void)cache->store(alias, audio_hash);
}

void record_track_failure(BatchTrackAnalysis& analysis, const std::function<void()>& step) {
  if (const std::optional<TrackFailure> failure = track_failure(analysis.track.input.string(), step)) {
    analysis.error_code = failure->code;
    analysis.error = failure->message;
  }
}

BatchTrackResult master_track(const BatchTrackAnalysis& analysis, const BatchTrackDecision& decision,
                              const PhaseContext& context) {
  BatchTrackResult result = result_of(analysis);
  if (analysis.error_code) {
    record_failure(result, analysis, {*analysis.error_code, analysis.error}, context);
    return result;
  }
  const std::string hash_of_options = options_hash(decision, context);
  try {
    if (const std::optional<TrackFailure> failure = track_failure(result.track.input.string(), [&] {
          master_into(result, analysis, decision, hash_of_options, context);
        })) {
      record_failure(result, analysis, *failure, context);
    }
  } catch (const Cancelled&) {
    result.status = BatchStatus::cancelled;
  }
  return result;
}

void tag_albums(std::span<const BatchTrackAnalysis> analyses, std::span<const BatchTrackDecision> decisions,
                std::span<BatchTrackResult> results, const PhaseContext& context) {
  if (analyses.size() != results.size() || decisions.size() != results.size()) {
    throw Error(ErrorCode::invalid_argument,
                "tag_batch_albums: analyses, decisions and results differ in count");
  }
  // The album's loudness and peak after mastering, pooled from its tracks that wait for their tags.
  std::map<std::string, std::vector<std::size_t>> albums;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].pending_album_loudness) albums[analyses[i].album_key].push_back(i);
  }
  // Not a structured binding: the lambda below uses the members, and clang 14 (the fuzz preset's) cannot
  // capture a binding.
  for (const auto& album_members : albums) {
    const std::vector<std::size_t>& members = album_members.second;
    std::vector<LoudnessReport> afters;
    for (const std::size_t i : members) afters.push_back(*results[i].pending_album_loudness);
    const AlbumMeasurement album = measure_album(afters);
    for (std::size_t m = 0; m < members.size(); ++m) {
      BatchTrackResult& result = results[members[m]];
      const BatchTrackAnalysis& analysis = analyses[members[m]];
      result.pending_album_loudness.reset();
      if (const std::optional<TrackFailure> failure = track_failure(result.track.input.string(), [&] {
            finish(result, analysis, options_hash(decisions[members[m]], context), afters[m], album, context);
          })) {
        record_failure(result, analysis, *failure, context);
      }
    }
  }
}

}  // namespace auralis::batch
