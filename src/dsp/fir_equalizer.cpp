// SPDX-License-Identifier: MIT
// FirEqualizer: segment gathering, one backend convolution per segment, output a fixed latency behind.
#include "dsp/fir_equalizer.hpp"

#include <auralis/error.hpp>

#include "core/stereo.hpp"

#include <algorithm>

namespace auralis::dsp {

FirEqualizer::FirEqualizer(SpectralEngine& engine, std::vector<FirFilter> filters, bool mid_side,
                           std::size_t segment_frames)
    : engine_(engine), filters_(std::move(filters)), mid_side_(mid_side), segment_frames_(segment_frames) {
  if (filters_.empty() || segment_frames_ == 0) {
    throw Error(ErrorCode::invalid_argument, "EQ: no filter or an empty segment");
  }
  for (const FirFilter& filter : filters_) {
    if (filter.taps.size() != filters_[0].taps.size() || filter.delay != filters_[0].delay) {
      throw Error(ErrorCode::invalid_argument, "EQ: the channels' filters differ in length or delay");
    }
  }
  // y[n] = sum_k taps[k] x[n + delay - k] reads x[n - (taps - 1 - delay)] ... x[n + delay].
  before_ = filters_[0].taps.size() - 1 - filters_[0].delay;
  after_ = filters_[0].delay;
}

void FirEqualizer::prepare(const StreamSpec& spec) {
  if (mid_side_ && spec.channels != 2) {
    throw Error(ErrorCode::invalid_argument, "EQ: mid/side filtering needs two channels");
  }
  segment_ = AudioBuffer(spec.channels, before_ + segment_frames_ + after_, spec.sample_rate_hz);
  filtered_ = AudioBuffer::uninitialized(spec.channels, segment_.frames(), spec.sample_rate_hz);
  reset();
}

void FirEqualizer::reset() {
  // The first segment starts before the stream, which is silent there.
  for (std::size_t c = 0; c < segment_.channels(); ++c) {
    std::fill_n(segment_.channel(c).begin(), before_, 0.0f);
  }
  filled_ = before_;
  until_segment_ = segment_frames_ + after_;
  emitted_ = 0;
  has_output_ = false;
  ended_ = false;
  real_ = 0;
}

void FirEqualizer::end_of_stream() {
  ended_ = true;
  real_ = filled_;
}

void FirEqualizer::filter_segment() {
  // After the end only the outputs up to the stream's last sample are wanted, and they read at most
  // after_ samples of the silence beyond it: the last segment is convolved only that far (a GPU then
  // moves no silence over the bus). Where that is the whole segment, or nothing, it is convolved whole.
  const std::size_t wanted = real_ + after_;
  if (ended_ && wanted < segment_.frames()) {
    AudioBuffer part = AudioBuffer::uninitialized(segment_.channels(), wanted, segment_.sample_rate());
    for (std::size_t c = 0; c < segment_.channels(); ++c) {
      std::copy_n(segment_.channel(c).begin(), wanted, part.channel(c).begin());
    }
    const ConvolutionJob jobs[] = {{&part, filters_}};
    const std::vector<AudioBuffer> out = engine_.convolve(jobs);
    for (std::size_t c = 0; c < segment_.channels(); ++c) {
      std::copy_n(out[0].channel(c).begin(), wanted, filtered_.channel(c).begin());
    }
  } else {
    const ConvolutionJob jobs[] = {{&segment_, filters_}};
    engine_.convolve(jobs, std::span(&filtered_, 1));
  }
  real_ = real_ > segment_frames_ ? real_ - segment_frames_ : 0;
  // The next segment's output starts segment_frames_ later; what it reads before that is already here.
  const std::size_t keep = before_ + after_;
  for (std::size_t c = 0; c < segment_.channels(); ++c) {
    auto x = segment_.channel(c);
    std::copy(x.end() - static_cast<std::ptrdiff_t>(keep), x.end(), x.begin());
  }
  filled_ = keep;
  until_segment_ = segment_frames_;
  emitted_ = 0;
  has_output_ = true;
}

void FirEqualizer::process(std::span<float* const> planes, std::size_t frames) {
  const std::size_t channels = segment_.channels();
  for (std::size_t done = 0; done < frames;) {
    const std::size_t count = std::min(frames - done, until_segment_);
    for (std::size_t c = 0; c < channels; ++c) {
      std::copy_n(planes[c] + done, count, segment_.channel(c).data() + filled_);
    }
    if (mid_side_)
      core::to_mid_side(segment_.channel(0).data() + filled_, segment_.channel(1).data() + filled_, count);
    filled_ += count;
    // Output lags by latency(): silence until the first segment is filtered, then that segment's output.
    for (std::size_t c = 0; c < channels; ++c) {
      if (has_output_) {
        std::copy_n(filtered_.channel(c).data() + before_ + emitted_, count, planes[c] + done);
      } else {
        std::fill_n(planes[c] + done, count, 0.0f);
      }
    }
    if (mid_side_ && has_output_) core::to_left_right(planes[0] + done, planes[1] + done, count);
    emitted_ += count;
    until_segment_ -= count;
    done += count;
    if (until_segment_ == 0) filter_segment();
  }
}

}  // namespace auralis::dsp
