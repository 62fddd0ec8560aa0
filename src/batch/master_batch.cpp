// SPDX-License-Identifier: MIT
// master_batch(): the batch's phases (batch/batch_phases.hpp) on `jobs` threads, longest track first, each
// track with its share of the cores; albums decided before any track is mastered.
#include <auralis/batch.hpp>

#include "batch/batch_phases.hpp"
#include "batch/manifest.hpp"
#include "io/output_targets.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
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

class BatchRun {
 public:
  BatchRun(std::span<const BatchTrack> tracks, const BatchOptions& options, const BatchCallbacks& callbacks);
  BatchSummary run();

 private:
  unsigned jobs() const;
  void in_parallel(const std::function<void(std::size_t)>& step);
  // Records the track as failed when its analysis failed; true when it can go on.
  bool analysed(std::size_t i, const batch::PhaseContext& context);

  const BatchOptions& options_;
  const BatchCallbacks& callbacks_;
  std::vector<BatchTrackAnalysis> analyses_;
  std::vector<BatchTrackDecision> decisions_;
  std::vector<BatchTrackResult> results_;
  std::vector<char> usable_;  // false once failed or cancelled
  std::vector<std::size_t> longest_first_;
  batch::Manifest manifest_;
  std::mutex event_mutex_;
};

BatchRun::BatchRun(std::span<const BatchTrack> tracks, const BatchOptions& options,
                   const BatchCallbacks& callbacks)
    : options_(options), callbacks_(callbacks), manifest_([&] {
        if (tracks.empty()) throw Error(ErrorCode::invalid_argument, "batch: no tracks to master");
        batch::create_output_folder(options.output_dir);
        return options.output_dir;
      }()) {
  std::vector<std::filesystem::path> inputs, outputs;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    analyses_.push_back(batch::new_analysis(tracks[i], i, options));
    results_.push_back(batch::result_of(analyses_.back()));
    // The folders first: the check below wants them.
    batch::create_output_folder(analyses_.back().output.parent_path());
    inputs.push_back(tracks[i].input);
    outputs.push_back(analyses_.back().output);
  }
  if (options.reference) inputs.push_back(*options.reference);
  io::check_output_targets(outputs, inputs);
  decisions_.resize(tracks.size());
  usable_.assign(tracks.size(), 1);
}

unsigned BatchRun::jobs() const {
  const unsigned wanted =
      options_.jobs != 0 ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<std::size_t>(wanted, analyses_.size()));
}

// Runs `step` on every usable track, longest first, `jobs` at a time. A failure of the batch itself (the
// manifest cannot be written, a callback throws) stops every job after its current track and is rethrown
// here; a track's own failures are recorded by `step` and do not reach this.
void BatchRun::in_parallel(const std::function<void(std::size_t)>& step) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto worker = [&] {
    for (std::size_t k = next++; k < longest_first_.size() && !stop; k = next++) {
      const std::size_t i = longest_first_[k];
      if (!usable_[i]) continue;
      try {
        if (callbacks_.cancelled && callbacks_.cancelled()) {
          usable_[i] = 0;
          results_[i].status = BatchStatus::cancelled;
          continue;
        }
        step(i);
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

bool BatchRun::analysed(std::size_t i, const batch::PhaseContext& context) {
  if (!analyses_[i].error_code) return true;
  usable_[i] = 0;
  results_[i] = batch::master_track(analyses_[i], decisions_[i], context);
  return false;
}

BatchSummary BatchRun::run() {
  // The phases' options: the reference analysed once, each track its share of the cores.
  BatchOptions options = batch::with_reference_profile(options_);
  options.master.backend.max_workers =
      options_.master.backend.max_workers != 0
          ? options_.master.backend.max_workers
          : std::max(1u, std::max(1u, std::thread::hardware_concurrency()) / jobs());
  const batch::PhaseContext context{options,     batch::reference_hash(options_),
                                    manifest_,   batch::shared_cache(options_),
                                    callbacks_,  analyses_.size(),
                                    event_mutex_};
  // Inspect in list order (cheap), then work longest first.
  for (std::size_t i = 0; i < analyses_.size(); ++i) longest_first_.push_back(i);
  in_parallel([&](std::size_t i) {
    batch::record_track_failure(analyses_[i], [&] { batch::inspect(analyses_[i], options); });
    results_[i] = batch::result_of(analyses_[i]);
    analysed(i, context);
  });
  std::ranges::stable_sort(longest_first_, [&](std::size_t a, std::size_t b) {
    return analyses_[a].frames > analyses_[b].frames;
  });
  if (options.album != AlbumMode::none) {
    in_parallel([&](std::size_t i) {
      batch::record_track_failure(analyses_[i],
                                  [&] { batch::measure_profile(analyses_[i], options, context.cache); });
      analysed(i, context);
    });
    decisions_ = decide_batch_albums(analyses_, options);
  }
  in_parallel(
      [&](std::size_t i) { results_[i] = batch::master_track(analyses_[i], decisions_[i], context); });
  if (options.gain_tags != BatchOptions::GainTags::none)
    batch::tag_albums(analyses_, decisions_, results_, context);

  BatchSummary summary;
  summary.manifest = manifest_.path();
  for (BatchTrackResult& result : results_) {
    switch (result.status) {
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
    summary.tracks.push_back(std::move(result));
  }
  return summary;
}

}  // namespace

BatchSummary master_batch(std::span<const BatchTrack> tracks, const BatchOptions& options,
                          const BatchCallbacks& callbacks) {
  return BatchRun(tracks, options, callbacks).run();
}

}  // namespace auralis
