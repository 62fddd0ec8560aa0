// SPDX-License-Identifier: MIT
// Stereo width in mid/side: a side gain, and a guard that lowers a widening gain until the channels'
// correlation stays at or above a floor. The guard needs the whole stream's mid and side energies, so a
// WidthMeter measures them in a pass before the StereoWidth stage renders with the gain
// guarded_side_gain() allows. (The bass mono-maker, the side's high-pass, is built into the EQ's
// linear-phase FIR, where it keeps mid and side in phase.)
#pragma once

#include <auralis/mastering.hpp>

#include "dsp/stage.hpp"

namespace auralis::dsp {

/// The side gain `amount` (0-1) of the plan asks for: 1 + (side_gain - 1) x amount.
double planned_side_gain(const WidthPlan& plan, double amount);

/// Measures, without changing the audio, the mid and side energies of a stereo stream: what the
/// correlation guard needs.
class WidthMeter final : public Stage {
 public:
  const char* name() const noexcept override { return "width measure"; }
  void prepare(const StreamSpec& spec) override;
  void reset() override;
  void process(std::span<float* const> planes, std::size_t frames) override;

  double mid_energy() const noexcept { return mid_energy_; }
  double side_energy() const noexcept { return side_energy_; }

 private:
  double mid_energy_ = 0.0;
  double side_energy_ = 0.0;
};

/// The side gain the correlation guard allows: `side_gain` unless it widens (> 1) so far that the
/// correlation (E_M - g^2 E_S) / (E_M + g^2 E_S) falls below `min_correlation`; then the largest gain (at
/// least 1) that keeps it there.
double guarded_side_gain(double side_gain, double min_correlation, double mid_energy, double side_energy);

/// Renders the width: L = M + g S, R = M - g S with g the side gain given (normally guarded_side_gain of
/// a WidthMeter's measurement). Two channels only.
class StereoWidth final : public Stage {
 public:
  explicit StereoWidth(double side_gain) : side_gain_(side_gain) {}
  const char* name() const noexcept override { return "width"; }
  void prepare(const StreamSpec& spec) override;
  void reset() override {}
  void process(std::span<float* const> planes, std::size_t frames) override;

 private:
  double side_gain_;
};

}  // namespace auralis::dsp
