// SPDX-License-Identifier: MIT
// Whole-track spectral and stereo features, accumulated frame by frame from STFT band energies of mid and
// side (stereo) or of the channel mean (any other channel count).
#pragma once

#include <auralis/mastering.hpp>
#include <auralis/spectral.hpp>

#include <vector>

namespace auralis {

/// The STFT content analysis uses: about 93 ms Hann frames (4096 at 44.1/48 kHz), hop half a frame.
StftSpec content_stft_spec(std::uint32_t sample_rate_hz);

}  // namespace auralis

namespace auralis::mastering {

/// Sums what the profile's spectral features need, one STFT frame at a time, in frame order, and keeps only
/// the spectral flux per frame (for tempo and onsets): memory grows by one number per frame.
class SpectralFeatures {
 public:
  /// `channels`: 2 (mid and side) or 1 (the mean); frames come at `sample_rate_hz` / spec.hop per second.
  SpectralFeatures(std::size_t channels, const StftSpec& spec, std::uint32_t sample_rate_hz);

  /// Adds frames [first, first + count) of `analysis` (layouts log64 then bark), every energy times
  /// `power_scale` (the analysis of a signal scaled down to keep its float spectra finite reads as the
  /// unscaled signal's).
  void add(const SpectralAnalysis& analysis, std::size_t first, std::size_t count, double power_scale);

  /// Fills the band spectra, centroid/roll-off/flatness averages, stereo correlation and width (overall, per
  /// critical band, below 150 Hz), tempo and onset rate of `profile`.
  void finish(ContentProfile& profile) const;

 private:
  void add_frame(const BandEnergies& logs, const BandEnergies& bark, std::size_t frame, double scale);
  void fill_loud_sections_and_floors(ContentProfile& profile) const;
  void fill_rhythm(ContentProfile& profile) const;

  std::size_t channels_;
  StftSpec spec_;
  std::uint32_t rate_;
  std::vector<double> centre_hz_, width_hz_, log_edges_hz_;
  std::size_t frames_ = 0;
  std::size_t counted_ = 0;  // frames above the silence floor
  double centroid_sum_ = 0.0, rolloff_sum_ = 0.0, flatness_sum_ = 0.0;
  std::array<double, log_band_count> log_sum_{}, mid_log_sum_{}, side_log_sum_{};
  std::array<double, critical_band_count> bark_sum_{}, bark_mid_{}, bark_side_{};
  double low_mid_ = 0.0, low_side_ = 0.0;
  std::vector<double> power_;           // this frame's total per log band
  std::vector<double> previous_level_;  // last frame's log10 power per log band
  std::vector<double> flux_;            // per frame
  // Frames above the silence floor by level in 1 dB steps: how many, and their mid and side log-band sums
  // (the loud sections' spectra); and per band, mid and side, how many frames had the band at each step
  // (its noise floor). Fixed size, whatever the track's length.
  std::vector<std::uint32_t> frames_at_level_;
  std::vector<double> band_sums_at_level_;
  std::vector<std::uint32_t> bands_at_level_;
};

}  // namespace auralis::mastering
