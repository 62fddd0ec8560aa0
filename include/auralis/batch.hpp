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
  std::string error;             ///< The message, naming the file (failed only).
  bool analysis_cached = false;  ///< The profile came from the analysis cache.
  double seconds = 0.0;          ///< Wall time spent on it.
  double audio_seconds = 0.0;    ///< Its duration.
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

}  // namespace auralis
