// SPDX-License-Identifier: MIT
// The EQ stage: long linear-phase FIRs run by FFT convolution on the spectral backend, streamed. Input is
// gathered into fixed segments of `segment_frames` output frames (plus the filter's reach on both sides),
// each convolved in one backend call, so the output does not depend on the caller's block size and a GPU
// gets few, large submissions.
#pragma once

#include <auralis/backend.hpp>
#include <auralis/spectral.hpp>

#include "dsp/stage.hpp"

#include <vector>

namespace auralis::dsp {

class FirEqualizer final : public Stage {
 public:
  /// One filter for every channel, or one per channel (all of one length and delay). With `mid_side`
  /// (stereo only) the channels are converted to mid and side before filtering and back after it.
  FirEqualizer(SpectralEngine& engine, std::vector<FirFilter> filters, bool mid_side,
               std::size_t segment_frames);

  const char* name() const noexcept override { return "eq"; }
  void prepare(const StreamSpec& spec) override;
  void reset() override;
  std::size_t latency() const noexcept override { return segment_frames_ + after_; }
  void end_of_stream() override;
  void process(std::span<float* const> planes, std::size_t frames) override;

 private:
  void filter_segment();

  SpectralEngine& engine_;
  std::vector<FirFilter> filters_;
  bool mid_side_;
  std::size_t segment_frames_;
  std::size_t before_ = 0;  // input samples each output needs before it
  std::size_t after_ = 0;   // and after it
  AudioBuffer segment_;     // input from frame a - before_ to a + segment_frames_ + after_
  AudioBuffer filtered_;    // its convolution; frames before_ ... hold the output for a ...
  std::size_t filled_ = 0;
  std::size_t until_segment_ = 0;  // input frames until the next segment is complete
  std::size_t emitted_ = 0;        // output frames taken from filtered_
  bool has_output_ = false;
  bool ended_ = false;
  std::size_t real_ = 0;  // after the end: samples of segment_ from the stream, the rest being silence
};

}  // namespace auralis::dsp
