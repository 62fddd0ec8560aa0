// Linear-phase FIR design for an EQ curve: frequency sampling of the curve (interpolated on log
// frequency), zero phase, inverse FFT, centred and Hann-windowed. Symmetric, so FirFilter::linear_phase
// compensates it to zero delay.
#pragma once

#include <auralis/spectral.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace auralis::dsp {

/// Gains in dB at ascending frequencies; between points the gain is linear in log frequency, beyond the
/// ends it stays flat.
struct GainPoints {
  std::vector<double> frequencies_hz;
  std::vector<double> gains_db;
};

/// Gain of `points` at `frequency_hz`, in dB.
double interpolate_gain_db(const GainPoints& points, double frequency_hz);

/// Odd tap count whose Hann main lobe (4 rate / taps wide) resolves the lowest critical band (0-100 Hz):
/// about 186 ms of taps, 8191 at 44.1 kHz, never above FirFilter::max_taps.
std::size_t eq_fir_taps(std::uint32_t sample_rate_hz);

/// Magnitude of the zero-phase high-pass the EQ builds in at `cutoff_hz`: r^8 / (1 + r^8) with
/// r = f / cutoff, -6 dB at the cutoff (so a low-passed mid and high-passed side would sum flat, as a
/// Linkwitz-Riley pair does) and 48 dB an octave below it; 0 at DC. 1 everywhere for a cutoff of 0.
double eq_high_pass_gain(double frequency_hz, double cutoff_hz);

/// The FIR for `points` at `sample_rate_hz`, eq_fir_taps(rate) long, with eq_high_pass_gain(cutoff) built in
/// for each cutoff in `high_passes_hz` (0 = none). Zero phase (compensated): filters designed here keep every
/// channel aligned, so mid and side filtered differently rebuild left and right without phase shift between
/// them.
FirFilter design_eq_fir(const GainPoints& points, std::uint32_t sample_rate_hz,
                        std::span<const double> high_passes_hz = {});

}  // namespace auralis::dsp
