// SPDX-License-Identifier: MIT
// The steps of a batch as master_batch and the public phase functions both run them, on what one run shares
// (its options with the reference's profile, the reference's hash, the manifest, the analysis cache).
#pragma once

#include <auralis/batch.hpp>

#include "batch/analysis_cache.hpp"
#include "batch/manifest.hpp"

#include <cstddef>
#include <functional>
#include <mutex>
#include <span>
#include <string>

namespace auralis::batch {

/// What the steps of one run share.
struct PhaseContext {
  const BatchOptions& options;  ///< With master.reference_profile set when there is a reference.
  std::string reference_hash;   ///< Of the reference file's bytes; empty without one.
  Manifest& manifest;
  AnalysisCache* cache = nullptr;  ///< Null: no cache.
  const BatchCallbacks& callbacks;
  std::size_t total = 0;  ///< BatchEvent::total.
  std::mutex& event_mutex;
};

/// `options` with master.reference_profile analysed from options.reference, unless set or there is none.
BatchOptions with_reference_profile(const BatchOptions& options);
/// XXH3-128 of options.reference's bytes (hex), or empty without one.
std::string reference_hash(const BatchOptions& options);
/// The process's one cache object for the options' cache folder and bound (thread-safe), or null when the
/// options use none or there is no folder for it.
AnalysisCache* shared_cache(const BatchOptions& options);

/// Creates `folder` and its parents; throws Error(write_failed) naming it.
void create_output_folder(const std::filesystem::path& folder);

/// The track, its position and output (numbered by track.position, else index + 1); nothing read yet.
/// Throws Error for the options: a name template batch_output_path refuses, gain tags on a non-FLAC output.
BatchTrackAnalysis new_analysis(const BatchTrack& track, std::size_t index, const BatchOptions& options);
/// Header (frames, duration), the file's hash and the album. Throws the track's failures.
void inspect(BatchTrackAnalysis& analysis, const BatchOptions& options);
/// The profile from the cache (by the file's bytes, then by its decoded audio), else analysed and cached.
/// Throws the track's failures.
void measure_profile(BatchTrackAnalysis& analysis, const BatchOptions& options, AnalysisCache* cache);
/// Runs `step`, recording a failure of the track (an Error, too little memory, another std::exception) in
/// analysis.error_code and analysis.error, the message naming the file.
void record_track_failure(BatchTrackAnalysis& analysis, const std::function<void()>& step);

/// The track's result before anything is done: its track, output, album, duration; status cancelled.
BatchTrackResult result_of(const BatchTrackAnalysis& analysis);
/// master_batch_track's work (the skip check, the master, the record) on a run's shared things.
BatchTrackResult master_track(const BatchTrackAnalysis& analysis, const BatchTrackDecision& decision,
                              const PhaseContext& context);
/// tag_batch_albums's work on a run's shared things.
void tag_albums(std::span<const BatchTrackAnalysis> analyses, std::span<const BatchTrackDecision> decisions,
                std::span<BatchTrackResult> results, const PhaseContext& context);

}  // namespace auralis::batch
