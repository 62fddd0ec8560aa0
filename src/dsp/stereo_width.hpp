// Stereo width in mid/side: side gain, side removed below a crossover (bass kept mono), and a guard that
// lowers a widening gain until the channels' correlation stays at or above a floor. The guard needs the
// whole stream's mid and side energies, so a WidthMeter measures them in a pass before the StereoWidth
// stage renders with the gain guarded_side_gain() allows.
#pragma once

#include <auralis/mastering.hpp>

#include "dsp/stage.hpp"

namespace auralis::dsp {

/// Second-order Butterworth high-pass (RBJ cookbook, Q = 1/sqrt 2), transposed direct form II in double.
/// Two in cascade make the Linkwitz-Riley slope (-24 dB/octave) the width stage uses on the side.
class SideHighPass {
 public:
  void prepare(double cutoff_hz, double sample_rate_hz);
  void reset() noexcept { z1_ = z2_ = 0.0; }
  double process(double x) noexcept {
    const double y = b0_ * x + z1_;
    z1_ = b1_ * x - a1_ * y + z2_;
    z2_ = b2_ * x - a2_ * y;
    return y;
  }

 private:
  double b0_ = 1.0, b1_ = 0.0, b2_ = 0.0, a1_ = 0.0, a2_ = 0.0;
  double z1_ = 0.0, z2_ = 0.0;
};

/// The side gain `amount` (0-1) of the plan asks for: 1 + (side_gain - 1) x amount.
double planned_side_gain(const WidthPlan& plan, double amount);

/// Measures, without changing the audio, the mid energy and the side energy after the bass high-pass of a
/// stereo stream: what the correlation guard needs.
class WidthMeter final : public Stage {
 public:
  explicit WidthMeter(const WidthPlan& plan) : plan_(plan) {}
  const char* name() const noexcept override { return "width measure"; }
  void prepare(const StreamSpec& spec) override;
  void reset() override;
  void process(std::span<float* const> planes, std::size_t frames) override;

  double mid_energy() const noexcept { return mid_energy_; }
  double side_energy() const noexcept { return side_energy_; }

 private:
  WidthPlan plan_;
  SideHighPass first_, second_;
  double mid_energy_ = 0.0;
  double side_energy_ = 0.0;
};

/// The side gain the correlation guard allows: `side_gain` unless it widens (> 1) so far that the
/// correlation (E_M - g^2 E_S) / (E_M + g^2 E_S) falls below `min_correlation`; then the largest gain (at
/// least 1) that keeps it there.
double guarded_side_gain(double side_gain, double min_correlation, double mid_energy, double side_energy);

/// Renders the width: L = M + g S', R = M - g S' with S' the side high-passed below plan.bass_mono_hz and
/// g the side gain given (normally guarded_side_gain of a WidthMeter's measurement). Two channels only.
class StereoWidth final : public Stage {
 public:
  StereoWidth(const WidthPlan& plan, double side_gain) : plan_(plan), side_gain_(side_gain) {}
  const char* name() const noexcept override { return "width"; }
  void prepare(const StreamSpec& spec) override;
  void reset() override;
  void process(std::span<float* const> planes, std::size_t frames) override;

 private:
  WidthPlan plan_;
  double side_gain_;
  SideHighPass first_, second_;
};

}  // namespace auralis::dsp
