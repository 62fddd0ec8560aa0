// SPDX-License-Identifier: MIT
// GainReductionMeter: a histogram of window reductions in 0.01 dB bins, their sum and their maximum.
#include "dsp/gain_reduction_meter.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::dsp {

GainReductionMeter::GainReductionMeter() : histogram_(kBins, 0) {}

void GainReductionMeter::reset() {
  std::ranges::fill(histogram_, 0);
  windows_ = above_1db_ = 0;
  sum_db_ = max_db_ = 0.0;
  series_windows_ = 0;
  series_.clear();
}

void GainReductionMeter::add_to_series(double reduction_db, bool audible) {
  const auto step = static_cast<std::size_t>(series_windows_++ * window_frames / series_step_frames_);
  if (step >= series_.size()) series_.resize(step + 1, 0.0);
  if (audible) series_[step] = std::max(series_[step], reduction_db);
}

GainReduction GainReductionMeter::result(std::uint32_t sample_rate_hz) const {
  GainReduction result;
  if (windows_ == 0) return result;
  result.max_db = max_db_;
  result.mean_db = sum_db_ / static_cast<double>(windows_);
  result.seconds_above_1db =
      static_cast<double>(above_1db_ * window_frames) / static_cast<double>(sample_rate_hz);
  // The first bin at which 99 % of the windows lie at or below its upper edge.
  const auto wanted = static_cast<std::uint64_t>(std::ceil(0.99 * static_cast<double>(windows_)));
  std::uint64_t seen = 0;
  for (std::size_t bin = 0; bin < histogram_.size(); ++bin) {
    seen += histogram_[bin];
    if (seen >= wanted) {
      result.p99_db = std::min(max_db_, static_cast<double>(bin + 1) / kBinsPerDb);
      break;
    }
  }
  return result;
}

}  // namespace auralis::dsp
