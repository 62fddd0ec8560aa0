// master_batch(): tracks longest first on `jobs` threads, each with its own engine and its share of the
// cores; albums measured before any is mastered; the manifest and the analysis cache around every track.
#include <auralis/batch.hpp>
#include <auralis/version.hpp>

#include "batch/album_profile.hpp"
#include "batch/album_targets.hpp"
#include "batch/analysis_cache.hpp"
#include "batch/gain_tags.hpp"
#include "batch/manifest.hpp"
#include "batch/options_key.hpp"
#include "io/content_hash.hpp"
#include "io/output_targets.hpp"
#include "mastering/content_analysis.hpp"
#include "mastering/plan_limits.hpp"
#include "mastering/render_track.hpp"
#include "mastering/track.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <new>
#include <thread>

namespace auralis {

const char* to_string(BatchStatus status) noexcept {
  switch (status) {
    case BatchStatus::mastered:
      return "mastered";
    case BatchStatus::skipped:
      return "skipped";
    case BatchStatus::failed:
      return "failed";
    case BatchStatus::cancelled:
      break;
  }
  return "cancelled";
}

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

struct TrackWork {
  std::size_t index = 0;
  BatchTrackResult result;
  std::uint64_t frames = 0;
  std::string content_hash;
  std::string album_key;
  std::optional<ContentProfile> profile;
  std::optional<double> target_lufs;            // the album's target for this track
  std::optional<MasteringPlan> album_plan;      // an adaptive album's one plan
  std::vector<std::string> album_notes;         // what planning it clamped
  bool usable = true;                           // false once failed or cancelled
  std::optional<batch::ManifestRecord> record;  // once mastered, until written to the manifest
};

class BatchRun {
 public:
  BatchRun(std::span<const BatchTrack> tracks, const BatchOptions& options, const BatchCallbacks& callbacks);
  BatchSummary run();

 private:
  unsigned jobs() const;
  void in_parallel(const std::function<void(TrackWork&)>& step);
  void guarded(TrackWork& work, const std::function<void()>& step);
  void inspect(TrackWork& work);
  void measure_profile(TrackWork& work);
  BackendOptions track_backend() const;
  void master(TrackWork& work);
  void finish(TrackWork& work, const std::optional<batch::AlbumMeasurement>& album_after);
  void tag_albums();
  void record_failure(TrackWork& work, ErrorCode code, const std::string& message);
  bool is_cancelled() const;
  void emit(BatchEvent::Kind kind, const TrackWork& work);
  MasterOptions track_options(const TrackWork& work) const;

  const BatchOptions& options_;
  const BatchCallbacks& callbacks_;
  std::vector<TrackWork> works_;
  std::vector<std::size_t> longest_first_;
  unsigned threads_per_track_ = 1;
  batch::Manifest manifest_;
  std::optional<batch::AnalysisCache> cache_;
  std::mutex cache_mutex_;  // the cache object is one caller's at a time
  std::optional<ContentProfile> reference_profile_;
  std::string reference_hash_;
  std::mutex event_mutex_;
};

BatchRun::BatchRun(std::span<const BatchTrack> tracks, const BatchOptions& options,
                   const BatchCallbacks& callbacks)
    : options_(options), callbacks_(callbacks), manifest_([&] {
        if (tracks.empty()) throw Error(ErrorCode::invalid_argument, "batch: no tracks to master");
        std::error_code error;
        std::filesystem::create_directories(options.output_dir, error);
        if (error) {
          throw Error(ErrorCode::write_failed,
                      options.output_dir.string() + ": cannot create the output folder: " + error.message());
        }
        return options.output_dir;
      }()) {
  std::vector<std::filesystem::path> inputs, outputs;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    TrackWork work;
    work.index = i;
    work.result.track = tracks[i];
    work.result.output = batch_output_path(tracks[i], tracks[i].position != 0 ? tracks[i].position : i + 1,
                                           options.output_dir, options.name_template);
    std::error_code error;
    std::filesystem::create_directories(work.result.output.parent_path(), error);
    if (error) {
      throw Error(ErrorCode::write_failed, work.result.output.parent_path().string() +
                                               ": cannot create the folder: " + error.message());
    }
    inputs.push_back(tracks[i].input);
    outputs.push_back(work.result.output);
    works_.push_back(std::move(work));
  }
  if (options.reference) inputs.push_back(*options.reference);
  io::check_output_targets(outputs, inputs);
  for (const std::filesystem::path& output : outputs) {
    if (options.gain_tags != BatchOptions::GainTags::none && file_type_for(output) != FileType::flac) {
      throw Error(ErrorCode::unsupported_format,
                  output.string() + ": loudness tags need FLAC outputs (--name '{dir}/{stem}.flac')");
    }
  }
  threads_per_track_ = options.master.backend.max_workers != 0
                           ? options.master.backend.max_workers
                           : std::max(1u, std::max(1u, std::thread::hardware_concurrency()) / jobs());
  const std::filesystem::path cache_dir =
      options.cache_dir.empty() ? batch::AnalysisCache::default_dir() : options.cache_dir;
  // Without $XDG_CACHE_HOME or $HOME there is nowhere to keep it.
  if (options.use_cache && !cache_dir.empty()) cache_.emplace(cache_dir, options.cache_max_bytes);
}

unsigned BatchRun::jobs() const {
  const unsigned wanted =
      options_.jobs != 0 ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<std::size_t>(wanted, works_.size()));
}

bool BatchRun::is_cancelled() const {
  return callbacks_.cancelled && callbacks_.cancelled();
}

void BatchRun::emit(BatchEvent::Kind kind, const TrackWork& work) {
  if (!callbacks_.on_event) return;
  const std::lock_guard lock(event_mutex_);
  BatchEvent event;
  event.kind = kind;
  event.index = work.index;
  event.total = works_.size();
  event.result = &work.result;
  callbacks_.on_event(event);
}

// Runs `step` on every usable track, longest first, `jobs` at a time.
// Runs `step` on every usable track, longest first, `jobs` at a time. A failure of the batch itself (the
// manifest cannot be written, a callback throws) stops every job after its current track and is rethrown
// here; a track's own failures are recorded by `step` and do not reach this.
void BatchRun::in_parallel(const std::function<void(TrackWork&)>& step) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto worker = [&] {
    for (std::size_t k = next++; k < longest_first_.size() && !stop; k = next++) {
      TrackWork& work = works_[longest_first_[k]];
      if (!work.usable) continue;
      try {
        if (is_cancelled()) {
          work.usable = false;
          work.result.status = BatchStatus::cancelled;
          continue;
        }
        step(work);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < jobs(); ++j) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
}

void BatchRun::record_failure(TrackWork& work, ErrorCode code, const std::string& message) {
  work.usable = false;
  work.result.status = BatchStatus::failed;
  work.result.error_code = code;
  work.result.error = message;
  batch::ManifestRecord record;
  record.input = work.result.track.input.string();
  record.output = work.result.output.string();
  record.status = "failed";
  record.content_hash = work.content_hash;
  record.version = AURALIS_VERSION;
  record.album = work.result.album;
  record.error_code = to_string(code);
  record.error = message;
  manifest_.append(record);
  emit(BatchEvent::Kind::finished, work);
}

// One step of one track, its failures recorded against it rather than ending the batch.
void BatchRun::guarded(TrackWork& work, const std::function<void()>& step) {
  const std::string name = work.result.track.input.string();
  try {
    step();
  } catch (const Cancelled&) {
    work.usable = false;
    work.result.status = BatchStatus::cancelled;
  } catch (const Error& failure) {
    const std::string what = failure.what();
    record_failure(work, failure.code(), what.find(name) == std::string::npos ? name + ": " + what : what);
  } catch (const std::bad_alloc&) {
    record_failure(work, ErrorCode::out_of_memory, name + ": not enough memory to master it");
  } catch (const std::exception& failure) {
    record_failure(work, ErrorCode::unreadable_file, name + ": " + failure.what());
  }
}

// The header (frames for the order, the album tag) and the content hash.
void BatchRun::inspect(TrackWork& work) {
  const std::filesystem::path& input = work.result.track.input;
  const AudioFileReader reader(input);
  work.frames = reader.announced_frames().value_or(0);
  work.result.audio_seconds = static_cast<double>(work.frames) / reader.sample_rate();
  work.content_hash = io::hash_file_bytes(input).hex();
  switch (options_.album) {
    case AlbumMode::none:
      break;
    case AlbumMode::folder:
      work.album_key = std::filesystem::weakly_canonical(input).parent_path().string();
      work.result.album = input.parent_path().filename().string();
      break;
    case AlbumMode::tag:
      work.result.album = read_audio_tags(input).album.value_or("");
      work.album_key = work.result.album;
      break;
  }
}

// The profile from the cache (by the file's bytes, then by its decoded audio), else analysed and cached.
// The options' backend with a track's share of the cores.
BackendOptions BatchRun::track_backend() const {
  BackendOptions backend = options_.master.backend;
  backend.max_workers = threads_per_track_;
  return backend;
}

void BatchRun::measure_profile(TrackWork& work) {
  const std::filesystem::path& input = work.result.track.input;
  if (!cache_) {
    SpectralEngine engine(track_backend());
    work.profile = analyze_content(input, engine);
    return;
  }
  const std::string backend = to_string(options_.master.backend.kind);
  const auto find = [&](const io::Hash128& key) {
    const std::lock_guard lock(cache_mutex_);
    return cache_->find(key);
  };
  const auto store = [&](const io::Hash128& key, const std::string& value) {
    const std::lock_guard lock(cache_mutex_);
    // A cache that cannot be written costs time, not results: the batch goes on without it.
    (void)cache_->store(key, value);
  };
  // A file seen before is found by its bytes' hash, which leads to its decoded audio's; a file not seen
  // before is analysed, its audio hashed in the same pass, and stored under both.
  const io::Hash128 alias = cache_key("file", work.content_hash);
  const auto profile_key = [&](const std::string& audio_hash) {
    return cache_key("profile", backend + '\0' + audio_hash);
  };
  if (const std::optional<std::string> audio_hash = find(alias)) {
    if (const std::optional<std::string> cached = find(profile_key(*audio_hash))) {
      try {
        work.profile = profile_from_json(*cached);
        work.result.analysis_cached = true;
        return;
      } catch (const Error&) {
        // An entry in a shape this version does not read: analyse again.
      }
    }
  }
  SpectralEngine engine(track_backend());
  AudioFileReader reader(input);
  io::AudioHasher hasher(reader.sample_rate(), reader.layout());
  HashSink hash(hasher);
  mastering::ReaderSource source(reader);
  mastering::BlockSink* const also[] = {&hash};
  std::vector<StageTiming> timings;
  work.profile = mastering::analyze_source(
      source, reader.layout(), engine,
      mastering::pass_options(options_.master.block_frames, threads_per_track_), "analysis", timings, also);
  const std::string audio_hash = hasher.digest().hex();
  store(profile_key(audio_hash), profile_to_json(*work.profile));
  store(alias, audio_hash);
}

MasterOptions BatchRun::track_options(const TrackWork& work) const {
  MasterOptions m = options_.master;
  m.backend = track_backend();
  m.profile = work.profile;
  m.reference_profile = reference_profile_;
  if (work.album_plan) m.plan = work.album_plan;
  if (work.target_lufs) {
    m.overrides.target_lufs = *work.target_lufs;
    // The album's ceiling, not one the delivery would pick for this track's own target.
    if (!m.overrides.ceiling_dbtp) {
      m.overrides.ceiling_dbtp =
          delivery_profile(m.overrides.delivery, options_.master.overrides.target_lufs).ceiling_dbtp;
    }
  }
  m.progress = [this](const std::string&, double) {
    if (is_cancelled()) throw Cancelled{};
  };
  return m;
}

void BatchRun::master(TrackWork& work) {
  const auto start = std::chrono::steady_clock::now();
  const std::string options_hash =
      batch::hash_text(batch::options_key(options_, reference_hash_, work.target_lufs));
  const std::string output = work.result.output.string();
  if (!options_.force) {
    const std::optional<batch::ManifestRecord> done = manifest_.latest(output);
    std::error_code missing;
    if (done && done->status == "mastered" && done->content_hash == work.content_hash &&
        done->options_hash == options_hash && done->version == AURALIS_VERSION &&
        std::filesystem::is_regular_file(work.result.output, missing) &&
        io::hash_file_bytes(work.result.output).hex() == done->output_hash) {
      work.result.status = BatchStatus::skipped;
      work.result.before_lufs = done->before_lufs;
      work.result.after_lufs = done->after_lufs;
      work.result.limiter_reduction_p99_db = done->limiter_p99_db;
      emit(BatchEvent::Kind::finished, work);
      return;
    }
  }
  emit(BatchEvent::Kind::started, work);
  if (cache_ && !work.profile) {
    measure_profile(work);
  }
  EncodeOptions encode = options_.encode;
  encode.type = file_type_for(work.result.output);
  MasterReport report = master_file(work.result.track.input, work.result.output, track_options(work), encode,
                                    options_.reference);
  for (const std::string& note : work.album_notes) report.warnings.push_back(note);
  work.result.before_lufs = report.before.integrated_lufs;
  work.result.after_lufs = report.after.integrated_lufs;
  work.result.limiter_reduction_p99_db = report.limiter_reduction.p99_db;
  work.result.status = BatchStatus::mastered;
  work.result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  batch::ManifestRecord record;
  record.input = work.result.track.input.string();
  record.output = output;
  record.status = "mastered";
  record.content_hash = work.content_hash;
  record.options_hash = options_hash;
  record.version = AURALIS_VERSION;
  record.album = work.result.album;
  record.before_lufs = work.result.before_lufs;
  record.after_lufs = work.result.after_lufs;
  record.compressor_mean_db = report.compressor_reduction.mean_db;
  record.limiter_p99_db = report.limiter_reduction.p99_db;
  record.limiter_max_db = report.limiter_reduction.max_db;
  record.seconds = work.result.seconds;
  work.result.report = std::move(report);
  work.record = std::move(record);
  // An album's gain tags wait for all its tracks.
  if (options_.gain_tags == BatchOptions::GainTags::none || work.album_key.empty()) finish(work, {});
}

// Tags the output with its gains (when asked), then records it: the manifest's hash is of the final file.
void BatchRun::finish(TrackWork& work, const std::optional<batch::AlbumMeasurement>& album_after) {
  if (options_.gain_tags != BatchOptions::GainTags::none) {
    add_flac_comments(work.result.output,
                      batch::gain_comments(options_.gain_tags, work.result.report->after, album_after));
  }
  work.record->output_hash = io::hash_file_bytes(work.result.output).hex();
  manifest_.append(*work.record);
  emit(BatchEvent::Kind::finished, work);
}

// Album gain tags: the album's loudness and peak after mastering, pooled from its mastered tracks.
void BatchRun::tag_albums() {
  std::map<std::string, std::vector<TrackWork*>> albums;
  for (TrackWork& work : works_) {
    if (work.record && work.result.status == BatchStatus::mastered && !work.album_key.empty() &&
        work.result.report) {
      albums[work.album_key].push_back(&work);
    }
  }
  for (auto& [key, members] : albums) {
    std::vector<LoudnessReport> afters;
    for (const TrackWork* member : members) afters.push_back(member->result.report->after);
    const batch::AlbumMeasurement album = batch::measure_album(afters);
    for (TrackWork* member : members) guarded(*member, [&] { finish(*member, album); });
  }
}

BatchSummary BatchRun::run() {
  if (options_.reference) {
    SpectralEngine engine(options_.master.backend);
    reference_hash_ = io::hash_file_bytes(*options_.reference).hex();
    reference_profile_ = analyze_content(*options_.reference, engine);
  }
  // Inspect in list order (cheap), then work longest first.
  for (std::size_t i = 0; i < works_.size(); ++i) longest_first_.push_back(i);
  in_parallel([&](TrackWork& work) { guarded(work, [&] { inspect(work); }); });
  std::ranges::stable_sort(longest_first_,
                           [&](std::size_t a, std::size_t b) { return works_[a].frames > works_[b].frames; });
  if (options_.album != AlbumMode::none) {
    in_parallel([&](TrackWork& work) { guarded(work, [&] { measure_profile(work); }); });
    std::map<std::string, std::vector<TrackWork*>> albums;
    for (TrackWork& work : works_) {
      if (work.usable && !work.album_key.empty()) albums[work.album_key].push_back(&work);
    }
    const double target =
        delivery_profile(options_.master.overrides.delivery, options_.master.overrides.target_lufs)
            .target_lufs;
    for (auto& [key, members] : albums) {
      std::vector<const ContentProfile*> profiles;
      for (const TrackWork* member : members) profiles.push_back(&*member->profile);
      const batch::AlbumTargets targets = batch::album_targets(profiles, target);
      // Adaptive albums get one plan, from the album as one programme: the same EQ and compressor for
      // every track (reference and hybrid plans stay per track, each matched to the reference).
      std::optional<MasteringPlan> plan;
      std::vector<std::string> notes;
      if (options_.master.mode == MasteringMode::adaptive && !options_.master.plan) {
        plan =
            plan_adaptive(batch::pool_profiles(profiles), options_.master.preset, options_.master.overrides);
        notes = mastering::clamp_plan(*plan, " (album " + members.front()->result.album + ")");
      }
      for (std::size_t m = 0; m < members.size(); ++m) {
        members[m]->target_lufs = targets.track_target_lufs[m];
        members[m]->album_plan = plan;
        members[m]->album_notes = notes;
      }
    }
  }
  in_parallel([&](TrackWork& work) { guarded(work, [&] { master(work); }); });
  if (options_.gain_tags != BatchOptions::GainTags::none) tag_albums();

  BatchSummary summary;
  summary.manifest = manifest_.path();
  for (TrackWork& work : works_) {
    switch (work.result.status) {
      case BatchStatus::mastered:
        ++summary.mastered;
        break;
      case BatchStatus::skipped:
        ++summary.skipped;
        break;
      case BatchStatus::failed:
        ++summary.failed;
        break;
      case BatchStatus::cancelled:
        ++summary.cancelled;
        break;
    }
    summary.tracks.push_back(std::move(work.result));
  }
  return summary;
}

}  // namespace

BatchSummary master_batch(std::span<const BatchTrack> tracks, const BatchOptions& options,
                          const BatchCallbacks& callbacks) {
  return BatchRun(tracks, options, callbacks).run();
}

}  // namespace auralis
