// SPDX-License-Identifier: MIT
// Float64 references for the spectral backend, used only by tests: STFT band energies and average power
// computed straight from the definitions in spectral.hpp, and linear convolution in double.
#pragma once

#include <auralis/spectral.hpp>

#include <span>
#include <vector>

namespace auralis::reference {

/// Band energies [frame][band] and average one-sided power [bin] of one channel, per spectral.hpp: frames
/// centred on f * hop, zero padded, window in double, power c_k |X_k|^2 / (N sum w^2), bands integrating
/// bins with fractional overlap.
struct ChannelSpectrum {
  std::vector<std::vector<double>> bands;
  std::vector<double> average_power;
};
ChannelSpectrum stft_reference(std::span<const float> x, double sample_rate_hz, const StftSpec& spec,
                               BandLayout layout);

/// y[n] = sum_k taps[k] x[n + delay - k] for n < x.size(), x zero outside, in double (direct for short
/// filters, a double FFT otherwise).
std::vector<double> convolve_reference(std::span<const float> x, std::span<const float> taps,
                                       std::size_t delay);

}  // namespace auralis::reference
