// SPDX-License-Identifier: MIT
// fuzz_plan_json: parses the input as a mastering plan (plan_from_json); a plan that parses must survive
// plan_to_json -> plan_from_json -> plan_to_json unchanged, and is rendered on a short fixed stereo signal
// on a one-worker CPU engine. auralis::Error is the documented failure; anything else escaping, a changed
// round trip or non-finite output is a finding.
#include <auralis/backend.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>

namespace {

[[noreturn]] void finding(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz_plan_json: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// 0.5 s of stereo at 11025 Hz: two detuned tones, a kick every 125 ms and a little deterministic noise,
// different in the two channels so that the width stage has a side signal to work on.
auralis::AudioBuffer test_signal() {
  constexpr std::uint32_t rate = 11025;
  constexpr std::size_t frames = rate / 2;
  auralis::AudioBuffer audio(2, frames, rate);
  std::uint32_t noise = 12345;
  for (std::size_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / rate;
    const double kick_t = std::fmod(t, 0.125);
    const double kick = 0.6 * std::exp(-kick_t * 40.0) * std::sin(2.0 * std::numbers::pi * 60.0 * kick_t);
    noise = noise * 1664525u + 1013904223u;
    const double n = 0.05 * (static_cast<double>(noise >> 8) / 16777216.0 - 0.5);
    const double a = 0.3 * std::sin(2.0 * std::numbers::pi * 220.0 * t);
    const double b = 0.2 * std::sin(2.0 * std::numbers::pi * 1330.0 * t);
    audio.channel(0)[i] = static_cast<float>(kick + a + 0.7 * b + n);
    audio.channel(1)[i] = static_cast<float>(kick + 0.7 * a + b - n);
  }
  return audio;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auralis::AudioBuffer signal = test_signal();
  static auralis::SpectralEngine engine(auralis::BackendOptions::cpu(1));

  const std::string text(reinterpret_cast<const char*>(data), size);
  auralis::MasteringPlan plan;
  try {
    plan = auralis::plan_from_json(text);
  } catch (const auralis::Error&) {
    return 0;
  }

  const std::string first = auralis::plan_to_json(plan);
  std::string second;
  try {
    second = auralis::plan_to_json(auralis::plan_from_json(first));
  } catch (const auralis::Error& e) {
    finding("plan_from_json rejects what plan_to_json wrote", std::string(e.what()) + "\n" + first);
  }
  if (second != first) finding("the plan JSON does not round-trip", first + "\n---\n" + second);

  try {
    const auralis::RenderResult result = auralis::render(signal, plan, engine);
    if (result.audio.channels() != signal.channels() || result.audio.frames() != signal.frames()) {
      finding("render changed the shape of the audio");
    }
    for (std::size_t c = 0; c < result.audio.channels(); ++c) {
      for (const float s : result.audio.channel(c)) {
        if (!std::isfinite(s)) finding("render returned non-finite samples", first);
      }
    }
  } catch (const auralis::Error&) {
    // An out-of-range plan: the documented failure.
  }
  return 0;
}
