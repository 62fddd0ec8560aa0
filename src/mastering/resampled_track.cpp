// SPDX-License-Identifier: MIT
// ResampledTrack: libsoxr's streaming interface between the inner track's blocks and the pass's, with its
// own accounting of the frames each side has given and taken.
#include "mastering/resampled_track.hpp"

#include <auralis/error.hpp>

#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace auralis::mastering {
namespace {

constexpr std::uint32_t kMinRateHz = 8000;
constexpr std::uint32_t kMaxRateHz = 768000;
// Frames read from the inner track at a time.
constexpr std::size_t kInnerBlockFrames = 16384;

struct SoxrDeleter {
  void operator()(soxr_t resampler) const noexcept { soxr_delete(resampler); }
};

class ResampledSource final : public BlockSource {
 public:
  ResampledSource(std::unique_ptr<BlockSource> inner, std::uint32_t rate_hz)
      : inner_(std::move(inner)),
        rate_(rate_hz),
        buffers_(inner_->channels(), std::vector<float>(kInnerBlockFrames)) {
    // Very high quality: 175 dB of stop-band rejection, pass band to 95 % of the lower Nyquist frequency,
    // linear phase (so the channels and any later true-peak measurement see no phase distortion).
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_S, SOXR_FLOAT32_S);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_VHQ, 0);
    const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
    soxr_error_t error = nullptr;
    resampler_.reset(soxr_create(inner_->sample_rate(), rate_hz, static_cast<unsigned>(inner_->channels()),
                                 &error, &io, &quality, &runtime));
    if (error != nullptr) throw Error(ErrorCode::invalid_argument, std::string("libsoxr: ") + error);
    for (auto& buffer : buffers_) pointers_.push_back(buffer.data());
  }

  std::size_t channels() const noexcept override { return inner_->channels(); }
  std::uint32_t sample_rate() const noexcept override { return rate_; }

  std::size_t read(std::span<float* const> planes, std::size_t max_frames) override {
    std::vector<float*> out(planes.begin(), planes.end());
    std::size_t produced = 0;
    while (produced < max_frames) {
      if (available_ == 0 && !inner_ended_) {
        available_ = inner_->read(pointers_, kInnerBlockFrames);
        offset_ = 0;
        inner_ended_ = available_ == 0;
      }
      std::vector<const float*> in;
      for (float* p : pointers_) in.push_back(p + offset_);
      for (std::size_t c = 0; c < out.size(); ++c) out[c] = planes[c] + produced;
      std::size_t taken = 0;
      std::size_t given = 0;
      // Once the inner track has ended, a null input asks libsoxr for what its filter still holds.
      const soxr_error_t error = soxr_process(resampler_.get(), inner_ended_ ? nullptr : in.data(),
                                              available_, &taken, out.data(), max_frames - produced, &given);
      if (error != nullptr) throw Error(ErrorCode::invalid_argument, std::string("libsoxr: ") + error);
      offset_ += taken;
      available_ -= taken;
      produced += given;
      if (inner_ended_ && given == 0) break;
    }
    return produced;
  }

 private:
  std::unique_ptr<BlockSource> inner_;
  std::uint32_t rate_;
  std::unique_ptr<soxr, SoxrDeleter> resampler_;
  std::vector<std::vector<float>> buffers_;
  std::vector<float*> pointers_;
  std::size_t available_ = 0;  // frames of the inner block not yet given to libsoxr
  std::size_t offset_ = 0;
  bool inner_ended_ = false;
};

}  // namespace

ResampledTrack::ResampledTrack(const Track& inner, std::uint32_t sample_rate_hz)
    : inner_(inner), rate_(sample_rate_hz) {
  if (sample_rate_hz < kMinRateHz || sample_rate_hz > kMaxRateHz) {
    throw Error(ErrorCode::invalid_argument,
                "the output rate must be 8000-768000 Hz, not " + std::to_string(sample_rate_hz));
  }
}

std::unique_ptr<BlockSource> ResampledTrack::open() const {
  return std::make_unique<ResampledSource>(inner_.open(), rate_);
}

std::uint64_t ResampledTrack::frames_for(std::uint64_t inner_frames) const noexcept {
  return static_cast<std::uint64_t>(
      std::llround(static_cast<double>(inner_frames) * rate_ / static_cast<double>(inner_.sample_rate())));
}

}  // namespace auralis::mastering
