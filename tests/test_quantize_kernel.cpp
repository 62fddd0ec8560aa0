// SPDX-License-Identifier: MIT
// The encoder's quantiser kernel on every SIMD target against the definition written out in scalar double
// arithmetic: identical integers and clip counts, with and without dither, at every tail length.
#include "io/quantize_kernel.hpp"
#include "io/tpdf_dither.hpp"
#include "support/simd_targets.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace {

using auralis::io::quantize_samples;
using auralis::io::TpdfDither;

// quantize_samples' contract, one sample at a time: x * 2^(bits-1) plus the draw's dither
// (h / 2^32 + l / 2^32 - 1), rounded half away from zero, clamped to the encoding's range.
struct Expected {
  std::vector<std::int32_t> q;
  std::size_t clipped = 0;
};

Expected quantize_by_definition(const std::vector<float>& x, const std::vector<std::uint64_t>* draws,
                                int bits) {
  const double scale = std::ldexp(1.0, bits - 1);
  Expected expected;
  for (std::size_t n = 0; n < x.size(); ++n) {
    double scaled = static_cast<double>(x[n]) * scale;
    if (draws) {
      const std::uint64_t draw = (*draws)[n];
      scaled += static_cast<double>(draw >> 32) * 0x1.0p-32 +
                static_cast<double>(draw & 0xffffffffULL) * 0x1.0p-32 - 1.0;
    }
    const double limited = std::clamp(scaled, -scale - 1.0, scale);
    double rounded = std::trunc(limited + (limited < 0.0 ? -0.5 : 0.5));
    if (rounded > scale - 1.0 || rounded < -scale) ++expected.clipped;
    rounded = std::clamp(rounded, -scale, scale - 1.0);
    expected.q.push_back(static_cast<std::int32_t>(rounded));
  }
  return expected;
}

std::vector<float> test_samples(std::size_t count, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> level(-1.2f, 1.2f);  // some beyond full scale, to clip
  std::vector<float> x(count);
  for (float& sample : x) sample = level(random);
  // Exact steps and half steps, where rounding direction matters, and both full-scale edges.
  const float half_step = std::ldexp(1.0f, -16);
  if (count > 4) {
    x[0] = 0.5f + half_step;
    x[1] = -0.5f - half_step;
    x[2] = 1.0f;
    x[3] = -1.0f;
  }
  return x;
}

TEST(QuantizeKernel, MatchesTheDefinitionOnEveryTargetAndTail) {
  for (const int bits : {16, 24}) {
    for (const bool dither : {false, true}) {
      for (std::size_t count = 1; count <= 70; count += 3) {
        SCOPED_TRACE(::testing::Message()
                     << bits << " bits, dither " << dither << ", " << count << " samples");
        const std::vector<float> x = test_samples(count, static_cast<std::uint32_t>(count * 31 + bits));
        std::vector<std::uint64_t> draws(count);
        TpdfDither(static_cast<std::uint64_t>(count), 0).draw(draws.data(), count);
        const Expected expected = quantize_by_definition(x, dither ? &draws : nullptr, bits);
        auralis::test::for_each_simd_target([&] {
          std::vector<std::int32_t> q(count, 12345);
          const std::size_t clipped =
              quantize_samples(x.data(), dither ? draws.data() : nullptr, count, bits, q.data());
          EXPECT_EQ(q, expected.q);
          EXPECT_EQ(clipped, expected.clipped);
        });
      }
    }
  }
}

// A stream drawn in pieces is the stream drawn at once, so files do not depend on chunking.
TEST(QuantizeKernel, DitherDrawsDoNotDependOnHowTheyAreSplit) {
  std::vector<std::uint64_t> whole(1000);
  TpdfDither(99, 1).draw(whole.data(), whole.size());
  std::vector<std::uint64_t> pieces(1000);
  TpdfDither split(99, 1);
  split.draw(pieces.data(), 1);
  split.draw(pieces.data() + 1, 600);
  split.draw(pieces.data() + 601, 399);
  EXPECT_EQ(whole, pieces);
}

}  // namespace
