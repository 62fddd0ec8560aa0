// apply_stereo_width: M/S split, side high-pass, guarded side gain, L/R rebuild.
#include "dsp/stereo_width.hpp"

#include <auralis/error.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace auralis::dsp {

namespace {

// Second-order Butterworth high-pass (RBJ cookbook, Q = 1/sqrt 2), transposed direct form II in double.
class HighPass {
 public:
  HighPass(double cutoff_hz, double rate) {
    const double w0 = 2.0 * std::numbers::pi * cutoff_hz / rate;
    const double alpha = std::sin(w0) / std::numbers::sqrt2;
    const double cosw = std::cos(w0);
    const double a0 = 1.0 + alpha;
    b0_ = (1.0 + cosw) / 2.0 / a0;
    b1_ = -(1.0 + cosw) / a0;
    b2_ = b0_;
    a1_ = -2.0 * cosw / a0;
    a2_ = (1.0 - alpha) / a0;
  }
  double process(double x) {
    const double y = b0_ * x + z1_;
    z1_ = b1_ * x - a1_ * y + z2_;
    z2_ = b2_ * x - a2_ * y;
    return y;
  }

 private:
  double b0_, b1_, b2_, a1_, a2_;
  double z1_ = 0.0, z2_ = 0.0;
};

double correlation_of(double mid_energy, double side_energy) {
  const double total = mid_energy + side_energy;
  return total > 0.0 ? (mid_energy - side_energy) / total : 1.0;
}

}  // namespace

WidthResult apply_stereo_width(AudioBuffer& audio, const WidthSettings& settings) {
  if (audio.channels() != 2) {
    throw Error(ErrorCode::invalid_argument,
                "stereo width needs two channels, not " + std::to_string(audio.channels()));
  }
  const std::size_t frames = audio.frames();
  auto left = audio.channel(0);
  auto right = audio.channel(1);
  std::vector<float> side(frames);
  double mid_energy = 0.0, side_energy_in = 0.0, side_energy = 0.0;
  // Two cascaded Butterworth sections make the Linkwitz-Riley slope (-24 dB/octave).
  const bool high_pass = settings.bass_mono_hz > 0.0;
  HighPass first(high_pass ? settings.bass_mono_hz : 1.0, audio.sample_rate());
  HighPass second(high_pass ? settings.bass_mono_hz : 1.0, audio.sample_rate());
  for (std::size_t n = 0; n < frames; ++n) {
    const double m = 0.5 * (static_cast<double>(left[n]) + right[n]);
    double s = 0.5 * (static_cast<double>(left[n]) - right[n]);
    mid_energy += m * m;
    side_energy_in += s * s;
    if (high_pass) s = second.process(first.process(s));
    side_energy += s * s;
    side[n] = static_cast<float>(s);
  }
  WidthResult result;
  result.correlation_before = correlation_of(mid_energy, side_energy_in);
  double gain = settings.side_gain;
  // Widening: (E_M - g^2 E_S) / (E_M + g^2 E_S) >= c  <=>  g^2 <= E_M (1 - c) / (E_S (1 + c)).
  if (gain > 1.0 && side_energy > 0.0) {
    const double c = std::clamp(settings.min_correlation, -1.0, 1.0);
    const double limit = std::sqrt(mid_energy * (1.0 - c) / (side_energy * (1.0 + c)));
    gain = std::max(1.0, std::min(gain, limit));
  }
  result.applied_side_gain = gain;
  result.correlation_after = correlation_of(mid_energy, gain * gain * side_energy);
  for (std::size_t n = 0; n < frames; ++n) {
    const double m = 0.5 * (static_cast<double>(left[n]) + right[n]);
    const double s = gain * side[n];
    left[n] = static_cast<float>(m + s);
    right[n] = static_cast<float>(m - s);
  }
  return result;
}

}  // namespace auralis::dsp
