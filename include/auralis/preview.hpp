// SPDX-License-Identifier: MIT
// Loudness-matched before/after excerpts of a master, for A/B listening.
#pragma once

#include <auralis/export.h>

#include <filesystem>

namespace auralis {

/// One excerpt as written.
struct AURALIS_API PreviewExcerpt {
  std::filesystem::path path;
  double loudness_lufs = 0.0;  ///< The excerpt's integrated loudness before its gain.
  double gain_db = 0.0;        ///< Applied to match the other excerpt: 0, or negative (never a boost).
};

/// What write_master_previews wrote.
struct AURALIS_API MasterPreviews {
  double start_seconds = 0.0;  ///< Where both excerpts start in their tracks.
  double seconds = 0.0;        ///< Their length (the whole track when it is shorter than asked).
  PreviewExcerpt before, after;
};

/// Shortest and longest excerpt write_master_previews takes, in seconds.
inline constexpr double min_preview_seconds = 1.0;
inline constexpr double max_preview_seconds = 600.0;

/// Writes the loudest `seconds` of a master and the same stretch of its original as two 24-bit WAVs at equal
/// loudness, so that A/B listening judges the master's sound and not its level. The stretch is where the
/// master's momentary loudness (400 ms windows every 100 ms), averaged as power, is highest; the two tracks
/// may have different sample rates (a master resampled on delivery), the stretch is then cut at the same
/// times. Both excerpts' integrated loudness is measured (BS.1770) and the louder one is turned down to the
/// quieter, so neither is boosted into clipping; 10 ms half-cosine fades keep the cuts from clicking. The
/// files are written atomically and never over `original` or `mastered`.
/// Throws Error: invalid_argument (seconds outside [min_preview_seconds, max_preview_seconds]; the tracks'
/// channel counts differ; an excerpt without measurable loudness, naming its file), and what
/// AudioFileReader and write_audio throw.
AURALIS_API MasterPreviews write_master_previews(const std::filesystem::path& original,
                                                 const std::filesystem::path& mastered, double seconds,
                                                 const std::filesystem::path& before_path,
                                                 const std::filesystem::path& after_path);

}  // namespace auralis
