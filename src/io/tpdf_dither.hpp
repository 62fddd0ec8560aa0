// SPDX-License-Identifier: MIT
// TPDF dither source: per-channel xoshiro256** streams, seeded by splitmix64; quantize_samples makes the
// dither.
#pragma once

#include <cstddef>
#include <cstdint>

namespace auralis::io {

/// splitmix64 (Steele, Lea, Flood 2014): a one-word generator, used here only to expand a seed into the
/// xoshiro state so that nearby seeds still give unrelated streams.
constexpr std::uint64_t splitmix64_next(std::uint64_t& state) noexcept {
  state += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Triangular-PDF dither for one channel. Each 64-bit draw holds two independent uniform values, its two
/// 32-bit halves h and l; the dither it stands for is h / 2^32 + l / 2^32 - 1 LSB, in [-1, 1) with variance
/// 1/6 LSB^2 (32 bits of resolution each, far below an LSB's worth of anything audible). quantize_samples
/// turns draws into dither. The stream depends only on (seed, channel): the same audio and seed always give
/// the same file, whatever the chunking.
class TpdfDither {
 public:
  TpdfDither(std::uint64_t seed, std::size_t channel) noexcept {
    // Each channel gets its own position in splitmix64's sequence, so channels are independent.
    std::uint64_t seeder = seed ^ (0xD1B54A32D192ED03ULL * (static_cast<std::uint64_t>(channel) + 1));
    for (std::uint64_t& word : state_) word = splitmix64_next(seeder);
  }

  /// The next `count` draws of the stream.
  void draw(std::uint64_t* draws, std::size_t count) noexcept {
    // xoshiro256** (Blackman, Vigna 2018), its state in locals: through the member, every store to
    // `draws` could alias it and would force a reload each step.
    std::uint64_t s0 = state_[0], s1 = state_[1], s2 = state_[2], s3 = state_[3];
    for (std::size_t i = 0; i < count; ++i) {
      draws[i] = rotl(s1 * 5, 7) * 9;
      const std::uint64_t t = s1 << 17;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 45);
    }
    state_[0] = s0, state_[1] = s1, state_[2] = s2, state_[3] = s3;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4]{};
};

}  // namespace auralis::io
