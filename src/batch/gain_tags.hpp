// SPDX-License-Identifier: MIT
// Loudness gain tags for an output's Vorbis comments: ReplayGain 2.0 and R128 (RFC 7845), as loudgain
// writes them.
#pragma once

#include <auralis/batch.hpp>
#include <auralis/loudness.hpp>

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace auralis::batch {

/// ReplayGain 2.0's reference loudness: a gain brings the programme to it.
inline constexpr double replaygain_reference_lufs = -18.0;
/// The reference of the R128_* gains (RFC 7845, EBU R128).
inline constexpr double r128_reference_lufs = -23.0;

using GainComments = std::vector<std::pair<std::string, std::string>>;

/// An album as the album tags need it.
struct AlbumMeasurement {
  std::optional<double> integrated_lufs;  ///< album_loudness over its tracks: BS.1770 over pooled blocks.
  double peak = 0.0;                      ///< The highest track peak (true peak where measured), linear.
};

/// The album of `tracks` (each a master's measured LoudnessReport, with its gating_block_energies).
AlbumMeasurement measure_album(std::span<const LoudnessReport> tracks);

/// REPLAYGAIN_TRACK_GAIN ("%+.2f dB": the reference minus the integrated loudness) and REPLAYGAIN_TRACK_PEAK
/// (the linear true peak, else the sample peak, "%.6f"), then REPLAYGAIN_ALBUM_GAIN and _PEAK when `album`
/// is given. A gain is left out when there is no measurable loudness (silence).
GainComments replaygain_comments(const LoudnessReport& track,
                                 const std::optional<AlbumMeasurement>& album = std::nullopt);

/// R128_TRACK_GAIN (and R128_ALBUM_GAIN when `album` is given): the gain to -23 LUFS in dB as a Q7.8
/// integer (round(gain * 256)), clamped to [-32768, 32767]. RFC 7845 defines no peak tag. Left out when
/// there is no measurable loudness.
GainComments r128_comments(const LoudnessReport& track,
                           const std::optional<AlbumMeasurement>& album = std::nullopt);

/// The comments BatchOptions::gain_tags asks for (none for GainTags::none).
GainComments gain_comments(BatchOptions::GainTags kind, const LoudnessReport& track,
                           const std::optional<AlbumMeasurement>& album = std::nullopt);

}  // namespace auralis::batch
