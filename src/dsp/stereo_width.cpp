// SPDX-License-Identifier: MIT
// Stereo width: the energy measurement for the correlation guard, and the M/S render.
#include "dsp/stereo_width.hpp"

#include <auralis/error.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace auralis::dsp {

namespace {

void require_stereo(const StreamSpec& spec) {
  if (spec.channels != 2) {
    throw Error(ErrorCode::invalid_argument,
                "stereo width needs two channels, not " + std::to_string(spec.channels));
  }
}

}  // namespace

double planned_side_gain(const WidthPlan& plan, double amount) {
  return 1.0 + (plan.side_gain - 1.0) * amount;
}

void WidthMeter::prepare(const StreamSpec& spec) {
  require_stereo(spec);
  reset();
}

void WidthMeter::reset() {
  mid_energy_ = side_energy_ = 0.0;
}

void WidthMeter::process(std::span<float* const> planes, std::size_t frames) {
  const float* left = planes[0];
  const float* right = planes[1];
  for (std::size_t n = 0; n < frames; ++n) {
    const double m = 0.5 * (static_cast<double>(left[n]) + right[n]);
    const double s = 0.5 * (static_cast<double>(left[n]) - right[n]);
    mid_energy_ += m * m;
    side_energy_ += s * s;
  }
}

double guarded_side_gain(double side_gain, double min_correlation, double mid_energy, double side_energy) {
  // Widening: (E_M - g^2 E_S) / (E_M + g^2 E_S) >= c  <=>  g^2 <= E_M (1 - c) / (E_S (1 + c)).
  if (!(side_gain > 1.0 && side_energy > 0.0)) return side_gain;
  const double c = std::clamp(min_correlation, -1.0, 1.0);
  const double limit = std::sqrt(mid_energy * (1.0 - c) / (side_energy * (1.0 + c)));
  return std::max(1.0, std::min(side_gain, limit));
}

void StereoWidth::prepare(const StreamSpec& spec) {
  require_stereo(spec);
}

void StereoWidth::process(std::span<float* const> planes, std::size_t frames) {
  float* left = planes[0];
  float* right = planes[1];
  for (std::size_t n = 0; n < frames; ++n) {
    const double m = 0.5 * (static_cast<double>(left[n]) + right[n]);
    const double s = 0.5 * (static_cast<double>(left[n]) - right[n]);
    // The side is rounded to float before the gain, as the whole-track stage always did.
    const double scaled = side_gain_ * static_cast<float>(s);
    left[n] = static_cast<float>(m + scaled);
    right[n] = static_cast<float>(m - scaled);
  }
}

}  // namespace auralis::dsp
