// SPDX-License-Identifier: MIT
// Scalar float64 meter references; slow and simple on purpose.
#include "reference/meter_reference.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::reference {

double k_weighted_sum_of_squares(const analysis::KWeightingDesign& design, const std::vector<float>& x) {
  double s1 = 0, s2 = 0, t1 = 0, t2 = 0, sum = 0;
  const auto& a = design.shelf;
  const auto& b = design.high_pass;
  for (float sample : x) {
    const double in = sample;
    const double y = a.b0 * in + s1;
    s1 = a.b1 * in - a.a1 * y + s2;
    s2 = a.b2 * in - a.a2 * y;
    const double z = b.b0 * y + t1;
    t1 = b.b1 * y - b.a1 * z + t2;
    t2 = b.b2 * y - b.a2 * z;
    sum += z * z;
  }
  return sum;
}

double oversampled_abs_max(const std::vector<float>& x) {
  // BS.1770-4 Annex 2, 48 taps; tap j of the full filter is phase j % 4, index j / 4.
  static const double taps[48] = {
      0.0017089843750,  -0.0291748046875, -0.0189208984375, -0.0083007812500, 0.0109863281250,
      0.0292968750000,  0.0330810546875,  0.0148925781250,  -0.0196533203125, -0.0517578125000,
      -0.0582275390625, -0.0266113281250, 0.0332031250000,  0.0891113281250,  0.1015625000000,
      0.0476074218750,  -0.0594482421875, -0.1665039062500, -0.2003173828125, -0.1022949218750,
      0.1373291015625,  0.4650878906250,  0.7797851562500,  0.9721679687500,  0.9721679687500,
      0.7797851562500,  0.4650878906250,  0.1373291015625,  -0.1022949218750, -0.2003173828125,
      -0.1665039062500, -0.0594482421875, 0.0476074218750,  0.1015625000000,  0.0891113281250,
      0.0332031250000,  -0.0266113281250, -0.0582275390625, -0.0517578125000, -0.0196533203125,
      0.0148925781250,  0.0330810546875,  0.0292968750000,  0.0109863281250,  -0.0083007812500,
      -0.0189208984375, -0.0291748046875, 0.0017089843750};
  double peak = 0.0;
  const long n = static_cast<long>(x.size());
  for (long i = 0; i < n; ++i) {
    for (int phase = 0; phase < 4; ++phase) {
      double y = 0.0;
      for (int k = 0; k < 12; ++k) {
        if (i - k >= 0) y += taps[4 * k + phase] * x[static_cast<std::size_t>(i - k)];
      }
      peak = std::max(peak, std::fabs(y));
    }
  }
  return peak;
}

}  // namespace auralis::reference
