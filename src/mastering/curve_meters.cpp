// SPDX-License-Identifier: MIT
// CurveSink: the meter fed in pieces that end on step boundaries (its results do not depend on how the
// audio is split), sampled at each; the true peak of each step by the meter's own kernel.
#include "mastering/curve_meters.hpp"

#include "analysis/peak_kernels.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::mastering {

std::size_t curve_step_frames(std::uint32_t sample_rate_hz) {
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(sample_rate_hz * curve_step_seconds)));
}

std::vector<double> fit_series(std::vector<double> series, std::size_t steps) {
  if (series.size() > steps && steps > 0) {
    const double tail =
        *std::max_element(series.begin() + static_cast<std::ptrdiff_t>(steps - 1), series.end());
    series.resize(steps);
    series.back() = tail;
  }
  series.resize(steps, 0.0);
  return series;
}

namespace {

LoudnessOptions curve_meter_options(const std::vector<Speaker>& layout) {
  LoudnessOptions options;
  options.layout = layout;
  options.true_peak = false;  // the overs are found per step below
  return options;
}

}  // namespace

CurveSink::CurveSink(std::size_t channels, std::uint32_t sample_rate_hz, const std::vector<Speaker>& layout,
                     std::optional<double> overs_above_dbtp)
    : meter_(channels, sample_rate_hz, curve_meter_options(layout)),
      step_frames_(curve_step_frames(sample_rate_hz)),
      overs_above_dbtp_(overs_above_dbtp) {
  if (overs_above_dbtp_) {
    staging_.assign(
        channels,
        std::vector<float>(analysis::true_peak_history + step_frames_ + analysis::true_peak_padding, 0.0f));
  }
}

void CurveSink::consume(std::span<const float* const> planes, std::size_t frames) {
  std::vector<const float*> piece(planes.size());
  for (std::size_t done = 0; done < frames;) {
    const std::size_t take = std::min(frames - done, step_frames_ - frames_in_step_);
    for (std::size_t c = 0; c < planes.size(); ++c) piece[c] = planes[c] + done;
    meter_.add(piece, take);
    for (std::size_t c = 0; c < staging_.size(); ++c) {
      float* fresh = staging_[c].data() + analysis::true_peak_history;
      std::copy_n(piece[c], take, fresh);
      step_peak_ = std::max(step_peak_, static_cast<double>(analysis::true_peak_of_block(fresh, take)));
      std::copy_n(fresh + take - analysis::true_peak_history, analysis::true_peak_history,
                  staging_[c].data());
    }
    done += take;
    frames_in_step_ += take;
    if (frames_in_step_ == step_frames_) close_step();
  }
}

void CurveSink::finish() {
  if (frames_in_step_ > 0) close_step();
}

void CurveSink::close_step() {
  if (overs_above_dbtp_ && step_peak_ > 0.0 && overs.size() < max_true_peak_overs) {
    const double peak_db = 20.0 * std::log10(step_peak_);
    if (peak_db > *overs_above_dbtp_) {
      const double start = static_cast<double>(momentary_lufs.size() * step_frames_) / meter_.sample_rate();
      overs.push_back({start, peak_db});
    }
  }
  momentary_lufs.push_back(meter_.momentary_lufs());
  short_term_lufs.push_back(meter_.short_term_lufs());
  frames_in_step_ = 0;
  step_peak_ = 0.0;
}

}  // namespace auralis::mastering
