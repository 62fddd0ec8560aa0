// Whole-track spectral and stereo features from one STFT analysis of mid and side (stereo) or of the
// channel mean (any other channel count).
#pragma once

#include <auralis/mastering.hpp>
#include <auralis/spectral.hpp>

namespace auralis {

/// The STFT content analysis uses: about 93 ms Hann frames (4096 at 44.1/48 kHz), hop half a frame.
StftSpec content_stft_spec(std::uint32_t sample_rate_hz);

}  // namespace auralis

namespace auralis::mastering {

/// Fills the band spectra, centroid/roll-off/flatness averages, stereo correlation and width (overall, per
/// critical band, below 150 Hz), tempo and onset rate of `profile` from `analysis` (layouts log64, bark).
/// `power_scale` multiplies every energy of `analysis`: the analysis of a signal scaled down to keep its
/// float spectra finite reads as the unscaled signal's.
void fill_spectral_features(const SpectralAnalysis& analysis, double power_scale, ContentProfile& profile);

}  // namespace auralis::mastering
