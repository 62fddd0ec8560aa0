// SPDX-License-Identifier: MIT
// Level detector of the compressor, linked over channels: one level for all channels, so the stereo image
// does not move when one side is louder. Its input is each channel high-passed (the sidechain filter), so
// that a kick's or a bass line's energy, which the ear weighs far less than its power, does not drive the
// gain of everything above it; the audio itself is not filtered.
#pragma once

#include <auralis/audio_buffer.hpp>
#include <auralis/mastering.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace auralis::dsp {

/// The channels a linked detector listens to: every one but the LFE, whose level is the bass a mix sends
/// a subwoofer, not the programme's (a surround mix's dynamics follow its main channels); all of them when
/// none is a main channel.
std::vector<std::size_t> detected_channels(std::span<const Speaker> layout);

/// rms: mean square over channels, one-pole average with the window as time constant. peak: max |x| over
/// channels, instant attack, exponential release over the window. Both after the sidechain high-pass.
class LevelDetector {
 public:
  /// `high_pass_hz`: corner of the sidechain's fourth-order Butterworth high-pass (-3 dB there, -24 dB an
  /// octave below: a 55 Hz kick loses 21 dB); 0 turns it off. A corner above 0.45 of the sample rate is
  /// taken as 0.45 of it.
  void prepare(std::uint32_t sample_rate_hz, DetectorKind mode, double window_ms, double high_pass_hz);
  void reset() noexcept;

  /// Writes the detected level of each of `frames` frames to `level`: a mean square (rms mode) or an
  /// amplitude (peak mode), linear; level_to_db in compressor_kernels.hpp converts either. At most
  /// max_channels channels.
  void process(std::span<const float* const> planes, std::size_t frames, float* level);

  DetectorKind mode() const noexcept { return mode_; }

 private:
  // One second-order high-pass section (b2 = b0, b1 = -2 b0), normalised by a0.
  struct Section {
    double b0 = 1.0, a1 = 0.0, a2 = 0.0;
  };
  static constexpr std::size_t kSections = 2;

  using SectionStates = std::array<std::array<double, 2>, kSections>;

  // The sidechain sample: the sections in transposed direct form II, in double.
  static double filter(const std::array<Section, kSections>& sections, SectionStates& states,
                       double x) noexcept {
    for (std::size_t k = 0; k < kSections; ++k) {
      const Section& f = sections[k];
      std::array<double, 2>& s = states[k];
      const double y = f.b0 * x + s[0];
      s[0] = -2.0 * f.b0 * x - f.a1 * y + s[1];
      s[1] = f.b0 * x - f.a2 * y;
      x = y;
    }
    return x;
  }

  // process() for a fixed channel count, sidechain filter and mode: every state in locals, so that it stays
  // in registers across samples.
  template <std::size_t Channels, bool HighPass, bool Rms>
  void process_fixed(std::span<const float* const> planes, std::size_t frames, float* level) noexcept;

  DetectorKind mode_ = DetectorKind::rms;
  double coefficient_ = 1.0;  // one-pole smoothing (rms) or release factor (peak)
  double state_ = 0.0;        // mean square (rms) or held peak (peak)
  bool high_pass_ = false;
  std::array<Section, kSections> sections_{};
  std::array<SectionStates, max_channels> filter_state_{};
};

}  // namespace auralis::dsp
