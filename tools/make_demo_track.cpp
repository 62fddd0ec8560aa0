// SPDX-License-Identifier: MIT
// Writes the demo track used by `make demo`: a synthesised, unmastered groove as a 24-bit WAV.
#include <auralis/auralis.hpp>

#include "demo_music.hpp"

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_demo_track OUT.wav\n");
    return 2;
  }
  try {
    constexpr double kSeconds = 45.0;
    constexpr std::uint32_t kRate = 44100;
    const auralis::AudioBuffer audio = auralis::tools::render_demo_music(kSeconds, kRate);
    auralis::write_audio(argv[1], audio,
                         {.type = auralis::FileType::wav, .sample_format = auralis::SampleFormat::pcm24});
    std::printf("wrote %s (%.0f s, %u Hz, stereo, 24-bit)\n", argv[1], kSeconds, kRate);
  } catch (const auralis::Error& e) {
    std::fprintf(stderr, "make_demo_track: %s\n", e.what());
    return 1;
  }
  return 0;
}
