// SPDX-License-Identifier: MIT
// Catalogues: many tracks mastered with one set of options, several at once, resumable, with album
// loudness, a shard of the list per machine, and an on-disk cache of the analysis.
#pragma once

#include <auralis/export.h>

#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace auralis {

/// One input of a batch.
struct AURALIS_API BatchTrack {
  std::filesystem::path input;  ///< As found (absolute when it was found under a folder given relatively).
  /// Its path below the folder it was found under, or its file name when it was given itself: output names
  /// and album folders come from it.
  std::filesystem::path relative;
  /// Its position in the whole sorted list, from 1 (collect_batch_inputs numbers them, shards keep the
  /// numbers, so {index} names the same output in a sharded run as in one run); 0: not numbered.
  std::size_t position = 0;
};

/// The tracks that `inputs` name: files (taken as they are), folders (searched recursively; a file is taken
/// when its first bytes are those of a format libsndfile decodes, whatever its extension; hidden files and
/// folders are skipped) and glob patterns (`*`, `?`, `[...]`, as the shell would expand them). `list_file`
/// adds one such input per line (blank lines and lines starting with '#' are skipped; relative paths are
/// relative to the current folder). Sorted by path as spelled (bytes), each file once (by identity, not
/// spelling); docs/batch.md has the details. Throws Error(file_not_found) naming an input that names nothing,
/// Error(unreadable_file) for a list file or a folder given that cannot be read.
AURALIS_API std::vector<BatchTrack> collect_batch_inputs(
    std::span<const std::string> inputs,
    const std::optional<std::filesystem::path>& list_file = std::nullopt);

/// Shard `index` (1-based) of `count`: the tracks at positions index - 1, index - 1 + count, ... of the
/// sorted list, so the shards of one list are disjoint and together hold all of it, whichever machine
/// builds them. Throws Error(invalid_argument) unless 1 <= index <= count.
AURALIS_API std::vector<BatchTrack> shard_tracks(std::span<const BatchTrack> tracks, unsigned index,
                                                 unsigned count);

/// Default output name: the input's folder structure below the output folder, its stem, and its extension
/// when auralis writes that format (wav, flac), else wav.
inline constexpr const char* default_batch_name = "{dir}/{stem}.{ext}";

/// output_dir / `name_template` with {stem} (file name without extension), {ext} (as default_batch_name),
/// {name} (file name), {dir} (the folder of BatchTrack::relative; an empty {dir}/ vanishes) and {index}
/// (position in the batch, from 1) replaced. Throws Error(invalid_argument) for an unknown field, a result
/// outside output_dir ("..") or a name with no file type auralis writes.
AURALIS_API std::filesystem::path batch_output_path(const BatchTrack& track, std::size_t index,
                                                    const std::filesystem::path& output_dir,
                                                    const std::string& name_template = default_batch_name);

/// How tracks form albums.
enum class AlbumMode : std::uint8_t {
  none,    ///< Each track is mastered alone.
  folder,  ///< The tracks of one folder are an album.
  tag,     ///< The tracks with the same album tag are an album (tracks without one stand alone).
};

struct AURALIS_API BatchOptions {
  /// Every option of `auralis master`. backend.max_workers is the threads per track (0: the cores divided
  /// among the jobs, at least one).
  MasterOptions master;
  EncodeOptions encode;                            ///< type is taken from each output's extension.
  std::optional<std::filesystem::path> reference;  ///< For reference and hybrid modes.
  std::filesystem::path output_dir;
  std::string name_template = default_batch_name;
  /// Tracks mastered at once (0: one per core, at most the track count); longest first, so that a long
  /// track does not run alone at the end.
  unsigned jobs = 0;
  AlbumMode album = AlbumMode::none;
  bool force = false;  ///< Redo tracks the manifest says are done.
  /// Content profiles are cached on disk, keyed by a hash of the decoded audio, the version and the backend.
  bool use_cache = true;
  /// Empty: $XDG_CACHE_HOME/auralis/analysis (an absolute XDG_CACHE_HOME only), else
  /// $HOME/.cache/auralis/analysis; no cache when neither is set.
  std::filesystem::path cache_dir;
  std::uint64_t cache_max_bytes = std::uint64_t{1} << 30;  ///< Oldest entries are evicted beyond it.
  /// Loudness tags written to each output (FLAC only): none, ReplayGain 2.0, or R128 (Opus-style, Q7.8).
  enum class GainTags : std::uint8_t { none, replaygain, r128 } gain_tags = GainTags::none;
};

/// What happened to one track.
enum class BatchStatus : std::uint8_t {
  mastered,   ///< Mastered now.
  skipped,    ///< Already done by an earlier run with the same input, options and output.
  failed,     ///< Not mastered; BatchTrackResult::error says why. Nothing was written for it.
  cancelled,  ///< Not started or stopped because the batch was cancelled; nothing was written for it.
};
AURALIS_API const char* to_string(BatchStatus status) noexcept;

struct AURALIS_API BatchTrackResult {
  BatchTrack track;
  std::filesystem::path output;
  BatchStatus status = BatchStatus::cancelled;
  std::optional<MasterReport> report;  ///< When mastered.
  std::string album;                   ///< Its album's name (empty outside album mode).
  std::optional<double> before_lufs, after_lufs;
  double limiter_reduction_p99_db = 0.0;
  std::optional<ErrorCode> error_code;
  std::string error;                          ///< The message, naming the file (failed only).
  bool analysis_cached = false;               ///< The profile came from the analysis cache.
  double seconds = 0.0;                       ///< Wall time spent on it.
  double audio_seconds = 0.0;                 ///< Its duration.
  double compressor_reduction_mean_db = 0.0;  ///< As the manifest records it (mastered or skipped).
  double limiter_reduction_max_db = 0.0;      ///< Likewise.
  /// Set only while a mastered track waits for its album's gain tags (album mode with gain_tags, between
  /// master_batch_track and tag_batch_albums; its manifest record is not written yet): the output's
  /// loudness with its gating blocks, which the album's tags pool. Travels in batch_result_to_json.
  std::optional<LoudnessReport> pending_album_loudness;
};

/// A progress event, in the order things happen (from the batch's threads, one at a time).
struct AURALIS_API BatchEvent {
  enum class Kind : std::uint8_t { started, finished } kind = Kind::started;
  std::size_t index = 0;  ///< Position in the batch.
  std::size_t total = 0;
  const BatchTrackResult* result = nullptr;  ///< For finished.
};

struct AURALIS_API BatchCallbacks {
  std::function<void(const BatchEvent&)> on_event;
  /// Polled between tracks and between the passes of a track, from any of the batch's threads (so it must
  /// be safe to call concurrently): true stops the batch; tracks in progress are abandoned with no output.
  std::function<bool()> cancelled;
};

struct AURALIS_API BatchSummary {
  std::vector<BatchTrackResult> tracks;  ///< In batch order.
  std::size_t mastered = 0, skipped = 0, failed = 0, cancelled = 0;
  std::filesystem::path manifest;  ///< OUTDIR/auralis-manifest.jsonl
};

/// Masters `tracks` into options.output_dir, recording each in the manifest there (JSON Lines, one record
/// per finished track; see docs/batch.md). Each output is byte for byte what master_file writes for that
/// track alone with the same options (in album mode, with the album's loudness target). A track that fails
/// does not stop the others. Throws Error only for problems with the batch itself: invalid_argument (no
/// tracks, two tracks with one output, an output that is an input), write_failed (the output folder or
/// manifest cannot be written; the tracks in progress finish, no further one starts); and what a callback
/// throws, likewise.
AURALIS_API BatchSummary master_batch(std::span<const BatchTrack> tracks, const BatchOptions& options,
                                      const BatchCallbacks& callbacks = {});

// The phases master_batch runs, public so that a scheduler can spread a batch over processes or machines
// (docs/batch.md, "Distributing a batch: the phases"): analyse each track anywhere, decide the albums in one
// place, master each track anywhere, then (album gain tags only) tag the albums in one place. master_batch is
// these phases on threads, so the outputs and manifest records are the same whichever runs them. master_batch
// checks its list up front (no tracks, two tracks with one output, an output that is an input or the
// reference); a caller of the phases checks its own list. The phases read options.master.reference_profile
// when set (it must be analyze_content of options.reference) and otherwise analyse options.reference on each
// call: set it once per run. Every phase is safe to call from several threads and processes at once for
// different tracks of one batch (the manifest and the analysis cache are shared through their files).

/// Phase 1, on any machine: what deciding albums and mastering need from one track (its header, hashes,
/// album, and in album mode its profile).
struct AURALIS_API BatchTrackAnalysis {
  BatchTrack track;
  std::size_t index = 0;         ///< Position in the batch, from 0 (as master_batch numbers its tracks).
  std::filesystem::path output;  ///< batch_output_path for it.
  std::string album_key;         ///< Tracks with the same non-empty key are one album.
  std::string album;             ///< The album's name as reported (empty outside album mode).
  std::string content_hash;      ///< XXH3-128 of the file's bytes (hex), as the manifest records it.
  std::uint64_t frames = 0;      ///< As the header announces them (0 when it does not).
  double audio_seconds = 0.0;
  /// Measured in album mode (the album's loudness and plan come from it), else empty (the track is then
  /// analysed while it is mastered).
  std::optional<ContentProfile> profile;
  bool analysis_cached = false;  ///< The profile came from the analysis cache.
  /// Set when the track cannot be analysed (the message names the file); master_batch_track then records
  /// it as failed, and decide_batch_albums leaves it out of its album.
  std::optional<ErrorCode> error_code;
  std::string error;
};

/// Reads `track`'s header and hashes its bytes; in album mode finds its album and measures its profile
/// (from the analysis cache when it holds it, else analysed and stored there). `index` is its position in
/// the batch, from 0; the output is named by track.position, or index + 1 when that is 0. The track's own
/// failures (unreadable, ...) are returned in error_code/error; throws Error only for the options
/// (invalid_argument for a bad name template, unsupported_format for gain tags on an output that is not
/// FLAC, what analysing the reference throws).
AURALIS_API BatchTrackAnalysis analyze_batch_track(const BatchTrack& track, std::size_t index,
                                                   const BatchOptions& options);

/// Phase 2's answer for one track: its share of its album (all empty outside an album).
struct AURALIS_API BatchTrackDecision {
  std::optional<double> target_lufs;        ///< The album's loudness target for this track.
  std::optional<MasteringPlan> album_plan;  ///< An adaptive album's one plan.
  std::vector<std::string> notes;           ///< What planning the album clamped (become report warnings).
};

/// Phase 2, in one place, over the analyses of the whole batch (albums must not be split between calls):
/// each track's share of its album, index-aligned with `tracks`. Outside album mode every decision is
/// empty; analyses with an error are left out of their albums.
AURALIS_API std::vector<BatchTrackDecision> decide_batch_albums(std::span<const BatchTrackAnalysis> tracks,
                                                                const BatchOptions& options);

/// Phase 3, on any machine: masters one track as master_batch does: skipped when the manifest in
/// options.output_dir says it is done (unless options.force), else mastered (its folders created) and its
/// record appended to the manifest (except while it waits for album gain tags: pending_album_loudness).
/// An analysis with an error is recorded as failed. The track's failures are returned as status failed;
/// callbacks.cancelled stops it (status cancelled, nothing written); callbacks.on_event gets its started and
/// finished events (index: analysis.index, total: 0). Throws Error(write_failed) when the output folder or
/// manifest cannot be written, and what a callback throws. options.master.backend.max_workers is its
/// threads (0: every core).
AURALIS_API BatchTrackResult master_batch_track(const BatchTrackAnalysis& analysis,
                                                const BatchTrackDecision& decision,
                                                const BatchOptions& options,
                                                const BatchCallbacks& callbacks = {});

/// Phase 4 (album mode with gain tags only), in one place, over the whole batch, index-aligned: writes
/// each album's gain tags into its tracks that wait for them (pending_album_loudness), then their manifest
/// records, and clears pending_album_loudness. A track whose tags cannot be written becomes failed.
/// callbacks.on_event gets a finished event for each. Throws Error(write_failed) for the manifest.
AURALIS_API void tag_batch_albums(std::span<const BatchTrackAnalysis> analyses,
                                  std::span<const BatchTrackDecision> decisions,
                                  std::span<BatchTrackResult> results, const BatchOptions& options,
                                  const BatchCallbacks& callbacks = {});

/// Transport between processes: JSON objects that read back exactly (doubles bit for bit, profiles and plans
/// as profile_to_json and plan_to_json write them). The from_json functions throw Error(invalid_argument)
/// for text they do not read.
AURALIS_API std::string batch_analysis_to_json(const BatchTrackAnalysis& analysis);
AURALIS_API BatchTrackAnalysis batch_analysis_from_json(const std::string& json);
AURALIS_API std::string batch_decision_to_json(const BatchTrackDecision& decision);
AURALIS_API BatchTrackDecision batch_decision_from_json(const std::string& json);
/// The result with its report as report_to_json writes it (key "report"), which batch_result_from_json
/// does not read back: its report is empty; every other field reads back exactly.
AURALIS_API std::string batch_result_to_json(const BatchTrackResult& result);
AURALIS_API BatchTrackResult batch_result_from_json(const std::string& json);

}  // namespace auralis
