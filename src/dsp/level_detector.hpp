// Level detector of the compressor, linked over channels: one level for all channels, so the stereo image
// does not move when one side is louder.
#pragma once

#include <auralis/mastering.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace auralis::dsp {

/// rms: mean square over channels, one-pole average with the window as time constant. peak: max |x| over
/// channels, instant attack, exponential release over the window.
class LevelDetector {
 public:
  void prepare(std::uint32_t sample_rate_hz, DetectorKind mode, double window_ms);
  void reset() noexcept { state_ = 0.0; }

  /// Writes the detected level of each of `frames` frames to `level`: a mean square (rms mode) or an
  /// amplitude (peak mode), linear; level_to_db in compressor_kernels.hpp converts either.
  void process(std::span<const float* const> planes, std::size_t frames, float* level);

  DetectorKind mode() const noexcept { return mode_; }

 private:
  DetectorKind mode_ = DetectorKind::rms;
  double coefficient_ = 1.0;  // one-pole smoothing (rms) or release factor (peak)
  double state_ = 0.0;        // mean square (rms) or held peak (peak)
};

}  // namespace auralis::dsp
