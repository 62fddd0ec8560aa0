// SPDX-License-Identifier: MIT
// Highway kernel for k_weight_accumulate_squares: one channel per lane, direct form I in double.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "analysis/k_weighting_kernel.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "analysis/k_weighting.hpp"

#include <algorithm>

HWY_BEFORE_NAMESPACE();
namespace auralis::analysis::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// The recursion is serial in time, so lanes carry channels instead (a stereo pair costs what one channel
// does); the vector is the narrowest that holds the group, so no lane is computed for nothing. Direct form
// I keeps one multiply-add per section on the loop-carried path (the feedback term of the previous output);
// the input terms are computed off that path. Each lane's sum of squares is accumulated in sample order, so
// results do not depend on how the caller splits the signal.
template <size_t kMaxLanes>
void KWeightGroup(const KWeightingDesign& design, const float* const* planes, size_t group, size_t frames,
                  double* HWY_RESTRICT state, double* HWY_RESTRICT sums) {
  const hn::CappedTag<double, kMaxLanes> d;
  const size_t lanes = hn::Lanes(d);
  const Biquad& s = design.shelf;
  const Biquad& h = design.high_pass;
  constexpr size_t kChunk = 256;
  HWY_ALIGN double interleaved[kChunk * kMaxLanes];
  // Lanes without a channel compute on zeros; lanes with one are filled before use. Only the former are
  // cleared, since callers filtering a few samples at a time would otherwise pay for the whole array.
  if (group < lanes) std::fill_n(interleaved, kChunk * lanes, 0.0);
  HWY_ALIGN double lane_state[k_weighting_state_size][kMaxLanes] = {};
  HWY_ALIGN double lane_sums[kMaxLanes] = {};

  for (size_t v = 0; v < k_weighting_state_size; ++v) {
    for (size_t c = 0; c < group; ++c) lane_state[v][c] = state[c * k_weighting_state_size + v];
  }
  std::copy_n(sums, group, lane_sums);
  auto x1 = hn::Load(d, lane_state[0]), x2 = hn::Load(d, lane_state[1]);
  auto y1 = hn::Load(d, lane_state[2]), y2 = hn::Load(d, lane_state[3]);
  auto z1 = hn::Load(d, lane_state[4]), z2 = hn::Load(d, lane_state[5]);
  auto sum = hn::Load(d, lane_sums);
  const auto sb0 = hn::Set(d, s.b0), sb1 = hn::Set(d, s.b1), sb2 = hn::Set(d, s.b2);
  const auto sa1 = hn::Set(d, -s.a1), sa2 = hn::Set(d, -s.a2);
  const auto hb1 = hn::Set(d, h.b1), ha1 = hn::Set(d, -h.a1), ha2 = hn::Set(d, -h.a2);

  for (size_t start = 0; start < frames; start += kChunk) {
    const size_t count = std::min(kChunk, frames - start);
    for (size_t c = 0; c < group; ++c) {
      const float* HWY_RESTRICT in = planes[c] + start;
      for (size_t i = 0; i < count; ++i) interleaved[i * lanes + c] = static_cast<double>(in[i]);
    }
    for (size_t i = 0; i < count; ++i) {
      const auto x = hn::Load(d, interleaved + i * lanes);
      // Shelf: y = b0 x + b1 x1 + b2 x2 - a1 y1 - a2 y2.
      const auto shelf_in = hn::MulAdd(sb2, x2, hn::MulAdd(sb1, x1, hn::Mul(sb0, x)));
      const auto y = hn::MulAdd(sa1, y1, hn::MulAdd(sa2, y2, shelf_in));
      // High-pass (b = 1, -2, 1) on the shelf's output.
      const auto hp_in = hn::Add(hn::MulAdd(hb1, y1, y), y2);
      const auto z = hn::MulAdd(ha1, z1, hn::MulAdd(ha2, z2, hp_in));
      sum = hn::MulAdd(z, z, sum);
      x2 = x1, x1 = x, y2 = y1, y1 = y, z2 = z1, z1 = z;
    }
  }

  hn::Store(x1, d, lane_state[0]), hn::Store(x2, d, lane_state[1]);
  hn::Store(y1, d, lane_state[2]), hn::Store(y2, d, lane_state[3]);
  hn::Store(z1, d, lane_state[4]), hn::Store(z2, d, lane_state[5]);
  hn::Store(sum, d, lane_sums);
  for (size_t v = 0; v < k_weighting_state_size; ++v) {
    for (size_t c = 0; c < group; ++c) state[c * k_weighting_state_size + v] = lane_state[v][c];
  }
  std::copy_n(lane_sums, group, sums);
}

void KWeightAccumulateSquares(const KWeightingDesign& design, const float* const* planes, size_t channels,
                              size_t frames, double* HWY_RESTRICT state, double* HWY_RESTRICT sums) {
  for (size_t first = 0; first < channels;) {
    const size_t remaining = channels - first;
    const size_t group = std::min(remaining, hn::Lanes(hn::CappedTag<double, 8>()));
    double* group_state = state + first * k_weighting_state_size;
    if (group == 1) {
      KWeightGroup<1>(design, planes + first, group, frames, group_state, sums + first);
    } else if (group == 2) {
      KWeightGroup<2>(design, planes + first, group, frames, group_state, sums + first);
    } else if (group <= 4) {
      KWeightGroup<4>(design, planes + first, group, frames, group_state, sums + first);
    } else {
      KWeightGroup<8>(design, planes + first, group, frames, group_state, sums + first);
    }
    first += group;
  }
}

}  // namespace auralis::analysis::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace auralis::analysis {

HWY_EXPORT(KWeightAccumulateSquares);

void k_weight_accumulate_squares(const KWeightingDesign& design, std::span<const float* const> planes,
                                 std::size_t frames, double* state, double* sums) {
  HWY_DYNAMIC_DISPATCH(KWeightAccumulateSquares)(design, planes.data(), planes.size(), frames, state, sums);
}

}  // namespace auralis::analysis
#endif  // HWY_ONCE
