// SPDX-License-Identifier: MIT
#version 450
// Overlap-save output: keeps samples keep_begin .. keep_begin + block - 1 of each inverse-transformed row
// (the ones circular wrap-around did not touch) and writes them to the channel's output range.
layout(local_size_x = 256) in;

layout(std430, binding = 0) readonly buffer Rows { float rows[]; };
layout(std430, binding = 1) writeonly buffer Output { float samples[]; };

layout(push_constant) uniform Shape {
  uint output_offset;  // index in samples[] of output sample output_begin
  uint output_begin;   // this pass's output range: [output_begin, output_end)
  uint output_end;
  uint first_block;
  uint blocks;         // valid rows
  uint block;          // output samples per block
  uint keep_begin;     // taps - 1
  uint row_stride;
};

void main() {
  const uint j = gl_GlobalInvocationID.x;
  const uint row = gl_GlobalInvocationID.y;
  if (j >= block || row >= blocks) return;
  const uint n = (first_block + row) * block + j;
  if (n < output_begin || n >= output_end) return;
  samples[output_offset + (n - output_begin)] = rows[row * row_stride + keep_begin + j];
}
