// SPDX-License-Identifier: MIT
#version 450
// Long-term power per bin: adds |X_k|^2 of every valid row to a compensated (Kahan) float sum kept per
// bin, so tracks of many thousands of frames keep float64-like accuracy without needing shaderFloat64.
layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Rows { vec2 spectrum[]; };
layout(std430, binding = 1) buffer Sums { vec2 sums[]; };  // (sum, compensation)

layout(push_constant) uniform Shape {
  uint frames;      // valid rows
  uint row_bins;    // complex values per row
  uint sum_offset;  // index in sums[] of bin 0
};

void main() {
  const uint bin = gl_GlobalInvocationID.x;
  if (bin >= row_bins) return;
  precise float sum = sums[sum_offset + bin].x;
  precise float compensation = sums[sum_offset + bin].y;
  for (uint row = 0u; row < frames; ++row) {
    const vec2 x = spectrum[row * row_bins + bin];
    precise float term = dot(x, x) - compensation;
    precise float next = sum + term;
    compensation = (next - sum) - term;
    sum = next;
  }
  sums[sum_offset + bin] = vec2(sum, compensation);
}
