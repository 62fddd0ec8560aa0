// SPDX-License-Identifier: MIT
#version 450
// Overlap-save's multiply: each transformed block times the filter's spectrum, scaled by 1 / fft_size so
// the unnormalised inverse transform returns the convolution itself.
layout(local_size_x = 256) in;

layout(std430, binding = 0) buffer Rows { vec2 spectrum[]; };
layout(std430, binding = 1) readonly buffer Filters { vec2 filter_spectra[]; };

layout(push_constant) uniform Shape {
  uint blocks;      // valid rows
  uint row_bins;    // complex values per row
  uint filter_at;   // index in filter_spectra[] of the filter's bin 0
  float scale;
};

void main() {
  const uint bin = gl_GlobalInvocationID.x;
  const uint row = gl_GlobalInvocationID.y;
  if (bin >= row_bins || row >= blocks) return;
  const vec2 h = filter_spectra[filter_at + bin];
  const vec2 x = spectrum[row * row_bins + bin];
  spectrum[row * row_bins + bin] = scale * vec2(x.x * h.x - x.y * h.y, x.x * h.y + x.y * h.x);
}
