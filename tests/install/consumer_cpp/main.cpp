// SPDX-License-Identifier: MIT
// Built against an installed auralis: meters EBU Tech 3341's first case (a 1 kHz sine at -23 dBFS in both
// channels reads -23.0 LUFS +-0.1) and masters the same tone in memory to -14 LUFS.
#include <auralis/auralis.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <numbers>

int main() {
  if (std::strcmp(auralis::version(), AURALIS_VERSION) != 0) {
    std::fprintf(stderr, "library %s, headers %s\n", auralis::version(), AURALIS_VERSION);
    return 1;
  }
  const std::uint32_t rate = 48000;
  auralis::AudioBuffer tone(2, 20 * rate, rate);
  const double amplitude = std::pow(10.0, -23.0 / 20.0);
  for (std::size_t c = 0; c < 2; ++c) {
    const std::span<float> samples = tone.channel(c);
    for (std::size_t i = 0; i < tone.frames(); ++i) {
      samples[i] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * 1000.0 * i / rate));
    }
  }
  const auralis::LoudnessReport report = auralis::measure_loudness(tone);
  if (!report.integrated_lufs || std::fabs(*report.integrated_lufs + 23.0) > 0.1) {
    std::fprintf(stderr, "tone measured %.2f LUFS, not -23.0\n", report.integrated_lufs.value_or(-999.0));
    return 1;
  }
  auralis::MasterOptions options;
  options.overrides.target_lufs = -14.0;
  try {
    const auralis::MasterResult mastered = auralis::master(tone, options);
    const double after = mastered.report.after.integrated_lufs.value_or(-999.0);
    std::printf("auralis %s: tone %.2f LUFS, mastered %.2f LUFS\n", auralis::version(),
                *report.integrated_lufs, after);
    return std::fabs(after + 14.0) <= 0.5 ? 0 : 1;
  } catch (const auralis::Error& error) {
    std::fprintf(stderr, "master failed (%s): %s\n", auralis::to_string(error.code()), error.what());
    return 1;
  }
}
