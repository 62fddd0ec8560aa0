// SPDX-License-Identifier: MIT
#version 450
// STFT framing: cuts a chunk of frames out of one channel's uploaded PCM and windows them into the rows
// VkFFT transforms in place (row r holds frame first_frame + r, padded to fft_size + 2 floats for R2C).
// Frame f is centred on sample f * hop; samples outside the channel read 0. The dispatch covers every row
// and every float of the plan's batch, and rows past `frames` are zeroed: VkFFT may transform two real rows
// as one complex row, so a stale or uninitialised neighbour would leak into a valid one.
layout(local_size_x = 256) in;

layout(std430, binding = 0) readonly buffer Pcm { float pcm[]; };
layout(std430, binding = 1) readonly buffer WindowCoefficients { float window_coefficients[]; };
layout(std430, binding = 2) writeonly buffer Rows { float rows[]; };

layout(push_constant) uniform Shape {
  uint pcm_offset;    // index in pcm[] of channel sample sample_begin
  int sample_begin;   // uploaded range of the channel: [sample_begin, sample_end)
  int sample_end;
  int first_frame;    // frame of row 0
  uint frames;        // rows holding frames; later rows are zeroed
  uint hop;
  uint fft_size;
  uint row_stride;    // floats per row
};

void main() {
  const uint i = gl_GlobalInvocationID.x;
  const uint row = gl_GlobalInvocationID.y;
  if (i >= row_stride) return;
  if (i >= fft_size || row >= frames) {
    rows[row * row_stride + i] = 0.0;
    return;
  }
  const int index = (first_frame + int(row)) * int(hop) - int(fft_size / 2u) + int(i);
  float value = 0.0;
  if (index >= sample_begin && index < sample_end) {
    value = pcm[pcm_offset + uint(index - sample_begin)] * window_coefficients[i];
  }
  rows[row * row_stride + i] = value;
}
