// Linear-phase FIR design for an EQ curve: frequency sampling of the curve (interpolated on log
// frequency), zero phase, inverse FFT, centred and Hann-windowed. Symmetric, so FirFilter::linear_phase
// compensates it to zero delay.
#pragma once

#include <auralis/spectral.hpp>

#include <cstdint>
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

/// The FIR for `points` at `sample_rate_hz`, eq_fir_taps(rate) long.
FirFilter design_eq_fir(const GainPoints& points, std::uint32_t sample_rate_hz);

}  // namespace auralis::dsp
