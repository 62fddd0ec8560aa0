// SPDX-License-Identifier: MIT
// ReplayGain 2.0 and R128 gain tags from measured loudness.
#include "batch/gain_tags.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace auralis::batch {
namespace {

double peak_of(const LoudnessReport& report) {
  return report.true_peak.value_or(report.sample_peak);
}

std::string formatted(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string q78_gain(double reference_lufs, double loudness_lufs) {
  const double steps = std::round((reference_lufs - loudness_lufs) * 256.0);
  const double clamped = std::clamp(steps, double{std::numeric_limits<std::int16_t>::min()},
                                    double{std::numeric_limits<std::int16_t>::max()});
  return std::to_string(static_cast<int>(clamped));
}

void add_replaygain(GainComments& comments, const char* scope, std::optional<double> loudness, double peak) {
  const std::string prefix = std::string("REPLAYGAIN_") + scope;
  if (loudness)
    comments.emplace_back(prefix + "_GAIN", formatted("%+.2f dB", replaygain_reference_lufs - *loudness));
  comments.emplace_back(prefix + "_PEAK", formatted("%.6f", peak));
}

}  // namespace

AlbumMeasurement measure_album(std::span<const LoudnessReport> tracks) {
  AlbumMeasurement album;
  album.integrated_lufs = album_loudness(tracks);
  for (const LoudnessReport& track : tracks) album.peak = std::max(album.peak, peak_of(track));
  return album;
}

GainComments replaygain_comments(const LoudnessReport& track, const std::optional<AlbumMeasurement>& album) {
  GainComments comments;
  add_replaygain(comments, "TRACK", track.integrated_lufs, peak_of(track));
  if (album) add_replaygain(comments, "ALBUM", album->integrated_lufs, album->peak);
  return comments;
}

GainComments r128_comments(const LoudnessReport& track, const std::optional<AlbumMeasurement>& album) {
  GainComments comments;
  if (track.integrated_lufs) {
    comments.emplace_back("R128_TRACK_GAIN", q78_gain(r128_reference_lufs, *track.integrated_lufs));
  }
  if (album && album->integrated_lufs) {
    comments.emplace_back("R128_ALBUM_GAIN", q78_gain(r128_reference_lufs, *album->integrated_lufs));
  }
  return comments;
}

GainComments gain_comments(BatchOptions::GainTags kind, const LoudnessReport& track,
                           const std::optional<AlbumMeasurement>& album) {
  switch (kind) {
    case BatchOptions::GainTags::replaygain:
      return replaygain_comments(track, album);
    case BatchOptions::GainTags::r128:
      return r128_comments(track, album);
    case BatchOptions::GainTags::none:
      break;
  }
  return {};
}

}  // namespace auralis::batch
