// SPDX-License-Identifier: MIT
// Additive synthesis of the demo groove: chords, bass, drums from seeded noise, a simple lead line.
#include "demo_music.hpp"

#include <array>
#include <cmath>
#include <numbers>

namespace auralis::tools {

namespace {

constexpr double kTempoBpm = 112.0;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

// MIDI note numbers of a I-vi-IV-V progression in A minor's relative key (C major), one chord per bar.
constexpr std::array<std::array<int, 3>, 4> kChords = {
    {{60, 64, 67}, {57, 60, 64}, {53, 57, 60}, {55, 59, 62}}};
constexpr std::array<int, 4> kBassRoots = {36, 33, 29, 31};
constexpr std::array<int, 8> kLead = {72, 74, 76, 79, 76, 74, 72, 67};

double note_hz(int note) {
  return 440.0 * std::pow(2.0, (note - 69) / 12.0);
}

// xorshift64*: a tiny deterministic generator for the drums' noise.
class Noise {
 public:
  double next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return static_cast<double>((state_ * 0x2545F4914F6CDD1DULL) >> 11) * 0x1.0p-53 * 2.0 - 1.0;
  }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ULL;
};

double envelope(double t, double attack, double decay) {
  if (t < 0.0) return 0.0;
  return (t < attack ? t / attack : 1.0) * std::exp(-(t > attack ? t - attack : 0.0) / decay);
}

}  // namespace

AudioBuffer render_demo_music(double seconds, std::uint32_t sample_rate_hz) {
  const auto frames = static_cast<std::size_t>(seconds * sample_rate_hz);
  AudioBuffer audio(2, frames, sample_rate_hz);
  auto left = audio.channel(0);
  auto right = audio.channel(1);
  const double beat = 60.0 / kTempoBpm;
  const double bar = 4.0 * beat;
  Noise noise;
  double snare_tone = 0.0;
  for (std::size_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / sample_rate_hz;
    const auto bar_index = static_cast<std::size_t>(t / bar);
    const double in_bar = t - static_cast<double>(bar_index) * bar;
    const double in_beat = std::fmod(t, beat);
    const double in_eighth = std::fmod(t, beat / 2.0);
    const bool intro = t < 4.0 * bar;  // Pad and hi-hat only: a quieter first section.

    double pad = 0.0;
    for (int note : kChords[bar_index % kChords.size()]) {
      const double f = note_hz(note);
      pad += 0.6 * std::sin(kTwoPi * f * t) + 0.2 * std::sin(kTwoPi * 2.0 * f * t + 0.3) +
             0.1 * std::sin(kTwoPi * 3.0 * f * t + 0.7);
    }
    pad *= 0.05 * (0.8 + 0.2 * std::sin(kTwoPi * 0.25 * t));

    const double bass_f = note_hz(kBassRoots[bar_index % kBassRoots.size()]);
    const double bass =
        intro ? 0.0 : 0.22 * envelope(in_beat, 0.005, 0.35) * std::tanh(1.5 * std::sin(kTwoPi * bass_f * t));

    // Kick: a falling sine on beats; snare: noise plus a tone on beats 2 and 4; hi-hat: bright noise.
    const double kick_f = 45.0 + 90.0 * std::exp(-in_beat / 0.03);
    const double kick =
        intro ? 0.0 : 0.5 * envelope(in_beat, 0.001, 0.12) * std::sin(kTwoPi * kick_f * in_beat);
    const auto beat_index = static_cast<std::size_t>(in_bar / beat);
    const double hiss = noise.next();
    const double snare_env = (beat_index % 2 == 1 && !intro) ? envelope(in_beat, 0.001, 0.09) : 0.0;
    snare_tone = 0.9 * snare_tone + 0.1 * hiss;
    const double snare = snare_env * (0.18 * hiss + 0.3 * std::sin(kTwoPi * 190.0 * in_beat));
    const double hat = 0.06 * envelope(in_eighth, 0.0005, 0.025) * (hiss - snare_tone);

    const auto lead_index = static_cast<std::size_t>(t / (beat / 2.0)) % kLead.size();
    const double lead_f = note_hz(kLead[lead_index]) * (1.0 + 0.003 * std::sin(kTwoPi * 5.0 * t));
    const double lead = (t < 8.0 * bar)
                            ? 0.0
                            : 0.07 * envelope(in_eighth, 0.01, 0.2) *
                                  (std::sin(kTwoPi * lead_f * t) + 0.3 * std::sin(kTwoPi * 2.0 * lead_f * t));

    // Half of the voices' sum: where kick, snare and bass meet it reaches past full scale, and a demo that
    // clips would be mastered from a clipped file (and say so).
    const double centre = bass + kick + snare;
    left[i] = static_cast<float>(0.5 * (centre + 0.8 * pad + 0.6 * hat + 0.4 * lead));
    right[i] = static_cast<float>(0.5 * (centre + 0.6 * pad + 0.9 * hat + 0.7 * lead));
  }
  return audio;
}

}  // namespace auralis::tools
