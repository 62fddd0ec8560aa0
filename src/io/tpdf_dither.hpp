// TPDF dither source: per-channel xoshiro256** streams, seeded by splitmix64, giving values in LSBs.
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

/// Triangular-PDF dither for one channel: the sum of two independent uniform values in [-0.5, 0.5) LSB,
/// so values lie in [-1, 1) LSB with variance 1/6 LSB^2. The stream depends only on (seed, channel):
/// the same audio and seed always give the same file, whatever the chunking.
class TpdfDither {
 public:
  TpdfDither(std::uint64_t seed, std::size_t channel) noexcept {
    // Each channel gets its own position in splitmix64's sequence, so channels are independent.
    std::uint64_t seeder = seed ^ (0xD1B54A32D192ED03ULL * (static_cast<std::uint64_t>(channel) + 1));
    for (std::uint64_t& word : state_) word = splitmix64_next(seeder);
  }

  /// Next dither value in LSBs, in [-1, 1): the two uniform values are the two halves of one 64-bit draw
  /// (32 bits of resolution each, far below an LSB's worth of anything audible).
  double next_lsb() noexcept {
    const std::uint64_t bits = next_bits();
    return static_cast<double>(bits >> 32) * 0x1.0p-32 +
           static_cast<double>(bits & 0xffffffffULL) * 0x1.0p-32 - 1.0;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

  // xoshiro256** (Blackman, Vigna 2018).
  std::uint64_t next_bits() noexcept {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  std::uint64_t state_[4]{};
};

}  // namespace auralis::io
