// SPDX-License-Identifier: MIT
// Compressor kernels per SIMD target (see compressor_kernels.hpp).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "dsp/compressor_kernels.cpp"
// The math functions must come after foreach_target and highway: they are defined per target.
// clang-format off
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>
#include <hwy/contrib/math/math-inl.h>
// clang-format on

#include "dsp/compressor_kernels.hpp"

HWY_BEFORE_NAMESPACE();
namespace auralis::dsp::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Applies `op` (vector in, vector out) to in[0..n) into out: whole vectors, then the tail through a
// zero-padded copy.
template <class Op>
HWY_INLINE void Transform(const float* in, size_t n, float* out, const Op& op) {
  const hn::ScalableTag<float> d;
  const size_t lanes = hn::Lanes(d);
  size_t i = 0;
  for (; i + lanes <= n; i += lanes) hn::StoreU(op(d, hn::LoadU(d, in + i)), d, out + i);
  if (i < n) {
    HWY_ALIGN float tail[HWY_MAX_BYTES / sizeof(float)] = {};
    for (size_t j = i; j < n; ++j) tail[j - i] = in[j];
    hn::Store(op(d, hn::Load(d, tail)), d, tail);
    for (size_t j = i; j < n; ++j) out[j] = tail[j - i];
  }
}

void LevelToDb(const float* level, size_t n, bool amplitude, float* out) {
  const float scale = amplitude ? 20.0f : 10.0f;
  Transform(level, n, out, [scale](auto d, auto x) {
    return hn::Mul(hn::Set(d, scale), hn::CallLog10(d, hn::Max(x, hn::Set(d, 1e-20f))));
  });
}

template <class D, class V>
HWY_INLINE V StaticGain(D d, V level, const GainCurve& curve) {
  const V threshold = hn::Set(d, static_cast<float>(curve.threshold_db));
  const V slope = hn::Set(d, static_cast<float>(1.0 / curve.ratio - 1.0));
  const V knee = hn::Set(d, static_cast<float>(curve.knee_db));
  const V over = hn::Sub(level, threshold);
  const V twice = hn::Add(over, over);
  const V above = hn::Mul(slope, over);
  V result = hn::IfThenElseZero(hn::Ge(twice, knee), above);
  if (curve.knee_db > 0.0) {
    const V into = hn::Add(over, hn::Mul(knee, hn::Set(d, 0.5f)));
    const V inside = hn::Div(hn::Mul(slope, hn::Mul(into, into)), hn::Add(knee, knee));
    const auto in_knee = hn::And(hn::Gt(twice, hn::Neg(knee)), hn::Lt(twice, knee));
    result = hn::IfThenElse(in_knee, inside, result);
  }
  return result;
}

void StaticGainDbBlock(const GainCurve& curve, const float* level_db, size_t n, float* out) {
  Transform(level_db, n, out, [&curve](auto d, auto x) { return StaticGain(d, x, curve); });
}

void DbToGain(const float* gain_db, size_t n, float offset_db, float* out) {
  Transform(gain_db, n, out, [offset_db](auto d, auto x) {
    const auto to_natural = hn::Set(d, 0.11512925464970229f);  // ln(10) / 20
    return hn::CallExp(d, hn::Mul(to_natural, hn::Add(x, hn::Set(d, offset_db))));
  });
}

}  // namespace auralis::dsp::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace auralis::dsp {

HWY_EXPORT(LevelToDb);
HWY_EXPORT(StaticGainDbBlock);
HWY_EXPORT(DbToGain);

void level_to_db(const float* level, std::size_t n, bool amplitude, float* out) {
  HWY_DYNAMIC_DISPATCH(LevelToDb)(level, n, amplitude, out);
}
void static_gain_db_block(const GainCurve& curve, const float* level_db, std::size_t n, float* out) {
  HWY_DYNAMIC_DISPATCH(StaticGainDbBlock)(curve, level_db, n, out);
}
void db_to_gain(const float* gain_db, std::size_t n, float offset_db, float* out) {
  HWY_DYNAMIC_DISPATCH(DbToGain)(gain_db, n, offset_db, out);
}

}  // namespace auralis::dsp
#endif  // HWY_ONCE
