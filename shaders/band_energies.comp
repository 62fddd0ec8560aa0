// SPDX-License-Identifier: MIT
#version 450
// Band reduction: for each transformed row (an STFT frame) and each band of every requested layout, the
// weighted sum of the bins' power |X_k|^2 (weights carry the bin's fraction inside the band and the
// one-sided mean-square scale, as the CPU backend's tables do).
layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Rows { vec2 spectrum[]; };
// Bindings 1 and 2 view the same tables buffer: bands from band_base on, weights where each band says.
layout(std430, binding = 1) readonly buffer Bands { uvec4 bands[]; };  // first bin, bin count, weight index
layout(std430, binding = 2) readonly buffer Weights { float weights[]; };
layout(std430, binding = 3) writeonly buffer Energies { float energies[]; };

layout(push_constant) uniform Shape {
  uint frames;         // valid rows
  uint row_bins;       // complex values per row (fft_size / 2 + 1)
  uint band_total;     // bands over all layouts
  uint output_offset;  // index in energies[] of row 0, band 0
  uint band_base;      // index in bands[] of band 0
};

void main() {
  const uint band = gl_GlobalInvocationID.x;
  const uint row = gl_GlobalInvocationID.y;
  if (band >= band_total || row >= frames) return;
  const uvec4 b = bands[band_base + band];
  const uint base = row * row_bins + b.x;
  float sum = 0.0;
  for (uint k = 0u; k < b.y; ++k) {
    const vec2 x = spectrum[base + k];
    sum += weights[b.z + k] * dot(x, x);
  }
  energies[output_offset + row * band_total + band] = sum;
}
