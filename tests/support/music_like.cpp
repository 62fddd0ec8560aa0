// SPDX-License-Identifier: MIT
// music_like: every sample is a closed-form function of (frame, channel, seed); noise comes from a hash of
// the frame index rather than a running generator, so a block never depends on the blocks before it.
#include "support/music_like.hpp"

#include <auralis/audio_io.hpp>

#include <cmath>
#include <numbers>

namespace auralis::test {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// splitmix64's mixer applied to a counter: uniform in [-1, 1).
double hashed_uniform(std::uint64_t counter) {
  std::uint64_t z = counter * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-52 - 1.0;
}

// Section gain in dB: 8 s quiet verse, 8 s loud chorus, with 1 s ramps between (level-dependent stages
// must follow a changing level, not one steady state).
double section_gain(double t) {
  const double phase = std::fmod(t, 16.0);
  double db = 0.0;
  if (phase < 7.0) {
    db = -12.0;
  } else if (phase < 8.0) {
    db = -12.0 + 12.0 * (phase - 7.0);
  } else if (phase < 15.0) {
    db = 0.0;
  } else {
    db = -12.0 * (phase - 15.0);
  }
  return std::pow(10.0, db / 20.0);
}

}  // namespace

AudioBuffer music_like(std::size_t channels, std::uint32_t sample_rate_hz, std::uint64_t first_frame,
                       std::size_t frames, std::uint64_t seed) {
  AudioBuffer audio(channels, frames, sample_rate_hz);
  const double rate = sample_rate_hz;
  constexpr double kBeat = 0.5;  // 120 bpm
  static constexpr double kChord[] = {220.0, 277.18, 329.63, 440.0};
  for (std::size_t i = 0; i < frames; ++i) {
    const std::uint64_t n = first_frame + i;
    // Time modulo a long period keeps the phase arguments small (and exact enough) in 20-minute tracks.
    const double t = static_cast<double>(n % (static_cast<std::uint64_t>(sample_rate_hz) * 64)) / rate;
    const double in_beat = std::fmod(t, kBeat);
    const double in_half = std::fmod(t, kBeat / 2.0);
    const double gain = section_gain(t);
    const double kick =
        0.5 * std::exp(-in_beat * 18.0) * std::sin(kTwoPi * (50.0 * in_beat + 40.0 * in_beat));
    const double bass = 0.18 * std::sin(kTwoPi * 55.0 * t) * (0.6 + 0.4 * std::exp(-in_beat * 4.0));
    const double hat_env = std::exp(-in_half * 60.0);
    for (std::size_t c = 0; c < channels; ++c) {
      const double pan = channels == 1 ? 0.5 : static_cast<double>(c) / static_cast<double>(channels - 1);
      double chord = 0.0;
      for (std::size_t k = 0; k < 4; ++k) {
        const double weight = (k % 2 == 0) ? (1.0 - 0.6 * pan) : (0.4 + 0.6 * pan);
        chord += weight * std::sin(kTwoPi * kChord[k] * t + static_cast<double>(c) * 0.3);
      }
      // First difference of white noise: a high-passed hiss like cymbals, independent per channel.
      const std::uint64_t key = (n * 64 + c) ^ (seed * 0x2545f4914f6cdd1dULL);
      const double hiss = hashed_uniform(key) - hashed_uniform(key - 64);
      const double hats = 0.08 * hat_env * hiss * (0.5 + pan);
      const double sample = gain * (kick + bass + 0.05 * chord + hats);
      audio.channel(c)[i] = static_cast<float>(0.75 * sample);
    }
  }
  return audio;
}

void write_music_like(const std::filesystem::path& path, double seconds, double gain_db, std::uint64_t seed) {
  AudioBuffer audio = music_like(2, 44100, 0, static_cast<std::size_t>(seconds * 44100), seed);
  const auto gain = static_cast<float>(std::pow(10.0, gain_db / 20.0));
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (float& x : audio.channel(c)) x *= gain;
  }
  write_audio(path, audio);
}

}  // namespace auralis::test
