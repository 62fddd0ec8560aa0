// SPDX-License-Identifier: MIT
// Spectral analysis and FFT convolution: the choices (windows, band layouts, STFT shape, FIR filters) and
// the plain-data results the backends return.
#pragma once

#include <auralis/export.h>

#include <auralis/audio_buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace auralis {

/// Analysis window, applied to each STFT frame. All are periodic (DFT-even), as overlapped frames need.
enum class Window : std::uint8_t {
  hann,             ///< Default: -31 dB sidelobes falling fast, overlap-adds flat at hop N/2 and N/4.
  sqrt_hann,        ///< Square root of Hann: analysis and synthesis windows whose product is Hann.
  blackman_harris,  ///< 4-term, -92 dB sidelobes: quiet bands beside loud ones are not swamped by leakage.
  rectangular,      ///< No taper: exact power of bin-centred periodic signals, for tests and references.
};

/// How FFT bins are grouped into bands. Power is integrated with fractional bin overlap: bin k covers
/// [(k - 1/2), (k + 1/2)] x rate / N (clipped to [0, Nyquist]), so every band of non-zero width below
/// Nyquist gets a value even where it holds no whole bin. Bands above Nyquist read 0.
enum class BandLayout : std::uint8_t {
  log64,  ///< 64 bands, log-spaced 20 Hz-20 kHz: equal resolution per octave for tonal-balance curves.
  bark,   ///< 26 Zwicker critical bands (edges 0, 100, 200, ... 15500, 20000 Hz, then 20 kHz-Nyquist):
          ///< the ear's frequency resolution, for equalisation.
};

/// Number of bands in a layout (64 or 26, at every sample rate).
AURALIS_API std::size_t band_count(BandLayout layout) noexcept;

/// Band edges in Hz (band_count + 1 values, ascending); edges above Nyquist are clamped to it.
AURALIS_API std::vector<double> band_edges_hz(BandLayout layout, double sample_rate_hz);

/// The window's coefficients for a frame of `size` samples.
AURALIS_API std::vector<float> window_coefficients(Window window, std::size_t size);

/// Shape of a short-time Fourier transform. Frame f is centred on sample f * hop (frames start half a frame
/// before the signal, and the first and last frames are zero-padded), and there are
/// 1 + ceil(max(0, frames - fft_size / 2) / hop) of them, so every sample lies in some frame.
struct AURALIS_API StftSpec {
  std::size_t fft_size = 4096;  ///< Power of two, 64-65536: 93 ms at 44.1 kHz, 10.8 Hz bins.
  std::size_t hop = 1024;  ///< 1 to fft_size; a quarter frame keeps Hann-windowed frames overlapping flat.
  Window window = Window::hann;
};

/// Number of STFT frames for a signal of `signal_frames` samples (see StftSpec).
AURALIS_API std::size_t stft_frame_count(std::size_t signal_frames, const StftSpec& spec) noexcept;

/// Per-frame energies of one band layout. Energies are mean-square values: for a stationary signal the sum
/// over all bands equals the signal's mean square (a full-scale sine reads 0.5), whatever the window and
/// size. That is one-sided power c_k |X_k|^2 / (N sum w^2), c_k = 2 except at DC and Nyquist.
struct AURALIS_API BandEnergies {
  BandLayout layout = BandLayout::log64;
  std::vector<double> edges_hz;  ///< bands() + 1 edges.
  std::size_t channels = 0;
  std::size_t frames = 0;
  std::vector<float> energy;  ///< [channel][frame][band], contiguous.

  std::size_t bands() const noexcept { return edges_hz.empty() ? 0 : edges_hz.size() - 1; }
  float at(std::size_t channel, std::size_t frame, std::size_t band) const noexcept {
    return energy[(channel * frames + frame) * bands() + band];
  }
};

/// Everything analyze() measures for one track.
struct AURALIS_API SpectralAnalysis {
  StftSpec spec;
  std::uint32_t sample_rate = 0;
  std::size_t channels = 0;
  std::size_t frames = 0;             ///< STFT frames per channel.
  std::vector<BandEnergies> layouts;  ///< One per requested layout, in request order.
  /// Long-term average power per bin (mean over frames of the one-sided power above),
  /// [channel][bin] with fft_size / 2 + 1 bins per channel.
  std::vector<double> average_power;

  std::size_t bins() const noexcept { return spec.fft_size / 2 + 1; }
};

/// A finite impulse response and the delay to remove: the output is
/// y[n] = sum_k taps[k] x[n + delay - k], with x zero outside the input, over exactly the input's length.
struct AURALIS_API FirFilter {
  static constexpr std::size_t max_taps = 65536;

  std::vector<float> taps;
  std::size_t delay = 0;  ///< Samples of latency to compensate; below taps.size().

  /// A linear-phase (symmetric) FIR, compensated by its group delay (size - 1) / 2: zero net delay for odd
  /// lengths; even lengths keep half a sample.
  static FirFilter linear_phase(std::vector<float> taps);
};

/// One track to filter: either one filter for every channel, or one per channel.
struct AURALIS_API ConvolutionJob {
  const AudioBuffer* input = nullptr;
  std::vector<FirFilter> filters;
};

}  // namespace auralis
