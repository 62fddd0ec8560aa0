// Feed-forward, stereo-linked compressor: LevelDetector -> static_gain_db -> attack/release smoothing of the
// gain in dB -> make-up -> one gain for every channel. prepare() allocates; process() does not.
#pragma once

#include "dsp/gain_computer.hpp"
#include "dsp/level_detector.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace auralis::dsp {

struct CompressorSettings {
  DetectorMode detector = DetectorMode::rms;
  double detector_window_ms = 10.0;
  GainCurve curve{-18.0, 2.0, 6.0};
  double attack_ms = 10.0;    ///< Time constant while the gain falls.
  double release_ms = 150.0;  ///< Time constant while the gain recovers.
  double makeup_db = 0.0;
};

class Compressor {
 public:
  static constexpr std::size_t block_frames = 4096;

  void prepare(std::uint32_t sample_rate_hz, const CompressorSettings& settings);
  void reset();

  /// Compresses `frames` frames of planar audio in place (planes[c][i]), 1 to max_channels channels.
  void process(std::span<float* const> planes, std::size_t frames);

  /// Lowest gain applied so far, in dB, make-up excluded (0 when nothing was compressed).
  double max_reduction_db() const noexcept { return max_reduction_db_; }

 private:
  CompressorSettings settings_;
  LevelDetector detector_;
  double attack_coefficient_ = 1.0;
  double release_coefficient_ = 1.0;
  double gain_db_ = 0.0;  // smoothed gain, carried across blocks
  double max_reduction_db_ = 0.0;
  std::vector<float> level_db_;
  std::vector<float> gain_;
};

}  // namespace auralis::dsp
