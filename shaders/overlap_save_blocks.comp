// SPDX-License-Identifier: MIT
#version 450
// Overlap-save input: row r holds fft_size consecutive input samples starting at
// (first_block + r) * block + shift (shift = delay - (taps - 1)); samples outside the channel read 0.
// Also loads filter taps (block 0, shift 0) into a row to transform them. Every float of the dispatched rows
// is written, rows past `blocks` and the R2C padding as zeros: VkFFT may transform two real rows as one
// complex row, so a stale or uninitialised neighbour would leak into a valid one.
layout(local_size_x = 256) in;

layout(std430, binding = 0) readonly buffer Pcm { float pcm[]; };
layout(std430, binding = 1) writeonly buffer Rows { float rows[]; };

layout(push_constant) uniform Shape {
  uint pcm_offset;    // index in pcm[] of channel sample sample_begin
  int sample_begin;   // uploaded range: [sample_begin, sample_end)
  int sample_end;
  int first_block;
  uint blocks;        // rows holding blocks; the dispatch's later rows are zeroed
  uint first_row;     // row of block first_block
  uint block;         // output samples per block
  int shift;
  uint fft_size;
  uint row_stride;
};

void main() {
  const uint i = gl_GlobalInvocationID.x;
  const uint r = gl_GlobalInvocationID.y;
  if (i >= row_stride) return;
  if (i >= fft_size || r >= blocks) {
    rows[(first_row + r) * row_stride + i] = 0.0;
    return;
  }
  const int index = (first_block + int(r)) * int(block) + shift + int(i);
  float value = 0.0;
  if (index >= sample_begin && index < sample_end) value = pcm[pcm_offset + uint(index - sample_begin)];
  rows[(first_row + r) * row_stride + i] = value;
}
