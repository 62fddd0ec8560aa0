// SPDX-License-Identifier: MIT
// FFT convolution on the GPU (see gpu_convolution.hpp). Jobs are taken in groups whose filter spectra
// fit one buffer; each group's channels are cut into passes (blocks whose input fits one binding) and the
// passes into submissions of bounded FFT work; a group's filters are transformed in its first submission.
#include "vulkan/gpu_convolution.hpp"

#include "vulkan/faults.hpp"
#include "vulkan/gpu_budget.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>

namespace auralis::vulkan {

namespace {

// Push-constant blocks, laid out as in shaders/*.comp.
struct BlocksPush {
  std::uint32_t pcm_offset;
  std::int32_t sample_begin, sample_end, first_block;
  std::uint32_t blocks, first_row, block;
  std::int32_t shift;
  std::uint32_t fft_size, row_stride;
};
struct MultiplyPush {
  std::uint32_t blocks, row_bins, filter_at;
  float scale;
};
struct OutputPush {
  std::uint32_t output_offset, output_begin, output_end, first_block, blocks, block, keep_begin, row_stride;
};

// How one job is transformed: FFT size, output samples per block, and where its filter spectra live.
struct JobShape {
  std::size_t fft_size, block, batch;
  std::size_t spectra_at;   // where this job's filter spectra start in the filter-spectra buffer, in floats
  std::size_t taps_offset;  // where its taps sit in the group's first upload, in floats
};

// Output blocks [first_block, first_block + blocks) of one channel of one job and the input they read.
struct Pass {
  std::size_t job, channel, first_block, blocks;
  std::size_t sample_begin, sample_end;  // input read
  std::size_t output_begin, output_end;  // output written
  std::size_t pcm_offset = 0, output_offset = 0;
};

const FirFilter& filter_of(const ConvolutionJob& job, std::size_t channel) {
  return job.filters.size() == 1 ? job.filters[0] : job.filters[channel];
}

std::size_t max_taps(const ConvolutionJob& job) {
  std::size_t taps = 0;
  for (const FirFilter& f : job.filters) taps = std::max(taps, f.taps.size());
  return taps;
}

}  // namespace

std::size_t gpu_overlap_save_size(std::size_t taps) noexcept {
  const std::size_t span = std::bit_ceil(std::max<std::size_t>(taps, 1));
  return std::max<std::size_t>(1024, span >= 4096 ? std::max<std::size_t>(16384, span * 2) : span * 4);
}

void convolve_on_gpu(Device& device, FftPlans& plans, std::span<const ConvolutionJob> jobs,
                     std::span<AudioBuffer> outputs, TransferCounts& counts) {
  const std::size_t max_floats = binding_floats(device);
  std::size_t group_begin = 0;
  while (group_begin < jobs.size()) {
    // A group: jobs whose filter spectra (and taps) fit one binding.
    std::vector<JobShape> shapes;
    std::size_t spectra_floats = 0, taps_floats = 0, group_end = group_begin;
    for (; group_end < jobs.size(); ++group_end) {
      const ConvolutionJob& job = jobs[group_end];
      if (job.input->frames() + 2 * FirFilter::max_taps > static_cast<std::size_t>(INT_MAX)) {
        throw VulkanFault(FaultKind::other,
                          "a track of 2^31 samples or more is past the GPU path's indexing");
      }
      const std::size_t m = gpu_overlap_save_size(max_taps(job));
      const std::size_t row_floats = m + 2;
      std::size_t taps = 0;
      for (const FirFilter& f : job.filters) taps += f.taps.size();
      const std::size_t spectra = job.filters.size() * row_floats;
      if (group_end > group_begin &&
          (spectra_floats + spectra > max_floats || taps_floats + taps > max_floats))
        break;
      shapes.push_back({m, m - max_taps(job) + 1, rows_per_batch(m), spectra_floats, taps_floats});
      spectra_floats += spectra;
      taps_floats += taps;
    }
    Buffer& spectra = device.buffer(BufferSlot::filter_spectra, spectra_floats * sizeof(float));

    std::vector<Pass> passes;
    for (std::size_t j = group_begin; j < group_end; ++j) {
      const JobShape& shape = shapes[j - group_begin];
      const std::size_t length = jobs[j].input->frames();
      const std::size_t block_limit = std::max<std::size_t>(
          1, std::min({submission_fft_points() / shape.fft_size,
                       (std::max(max_floats / 2, shape.fft_size) - shape.fft_size) / shape.block,
                       max_floats / 2 / shape.block}));
      const std::size_t blocks = (length + shape.block - 1) / shape.block;
      for (std::size_t c = 0; c < jobs[j].input->channels(); ++c) {
        const FirFilter& filter = filter_of(jobs[j], c);
        const std::ptrdiff_t shift =
            static_cast<std::ptrdiff_t>(filter.delay) - static_cast<std::ptrdiff_t>(filter.taps.size() - 1);
        for (std::size_t b = 0; b < blocks; b += block_limit) {
          const std::size_t count = std::min(block_limit, blocks - b);
          const std::ptrdiff_t first = static_cast<std::ptrdiff_t>(b * shape.block) + shift;
          const std::ptrdiff_t last = static_cast<std::ptrdiff_t>((b + count - 1) * shape.block) + shift +
                                      static_cast<std::ptrdiff_t>(shape.fft_size);
          const auto begin = static_cast<std::size_t>(
              std::clamp<std::ptrdiff_t>(first, 0, static_cast<std::ptrdiff_t>(length)));
          const auto end = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(
              last, static_cast<std::ptrdiff_t>(begin), static_cast<std::ptrdiff_t>(length)));
          passes.push_back(
              {j, c, b, count, begin, end, b * shape.block, std::min(length, (b + count) * shape.block)});
        }
      }
    }

    bool filters_ready = false;
    for (std::size_t first = 0; first < passes.size();) {
      std::size_t pcm_floats = filters_ready ? 0 : taps_floats, output_floats = 0, points = 0, last = first;
      for (; last < passes.size(); ++last) {
        const Pass& p = passes[last];
        const std::size_t m = shapes[p.job - group_begin].fft_size;
        const std::size_t input = p.sample_end - p.sample_begin, output = p.output_end - p.output_begin;
        const bool fits = pcm_floats + input <= max_floats && output_floats + output <= max_floats &&
                          points + 2 * p.blocks * m <= 2 * submission_fft_points();
        if (!fits && last > first) break;
        passes[last].pcm_offset = pcm_floats;
        passes[last].output_offset = output_floats;
        pcm_floats += input;
        output_floats += output;
        points += 2 * p.blocks * m;
      }
      const std::size_t upload_bytes = pcm_floats * sizeof(float);
      const std::size_t output_bytes = output_floats * sizeof(float);
      Buffer& upload = device.buffer(BufferSlot::upload, upload_bytes);
      Buffer& pcm = device.buffer(BufferSlot::pcm, upload_bytes);
      Buffer& results = device.buffer(BufferSlot::results, output_bytes);
      Buffer& download = device.buffer(BufferSlot::download, output_bytes);
      auto* staging = static_cast<float*>(upload.mapped);
      if (!filters_ready) {
        for (std::size_t j = group_begin; j < group_end; ++j) {
          std::size_t at = shapes[j - group_begin].taps_offset;
          for (const FirFilter& f : jobs[j].filters) {
            std::memcpy(staging + at, f.taps.data(), f.taps.size() * sizeof(float));
            at += f.taps.size();
          }
        }
      }
      for (std::size_t i = first; i < last; ++i) {
        const Pass& p = passes[i];
        const std::span<const float> x = jobs[p.job].input->channel(p.channel);
        std::memcpy(staging + p.pcm_offset, x.data() + p.sample_begin,
                    (p.sample_end - p.sample_begin) * sizeof(float));
      }
      // Plans before recording: building one may submit VkFFT's own set-up work.
      for (std::size_t i = first; i < last; ++i) {
        const JobShape& shape = shapes[passes[i].job - group_begin];
        plans.plan(shape.fft_size, shape.batch);
      }
      if (!filters_ready) {
        for (const JobShape& shape : shapes) plans.plan(shape.fft_size, shape.batch);
      }

      device.begin();
      device.copy(upload, 0, pcm, 0, upload_bytes);
      device.barrier();
      if (!filters_ready) {
        // Each filter, zero-padded, through the job's own plan; spectra copied out row by row.
        for (std::size_t j = group_begin; j < group_end; ++j) {
          const JobShape& shape = shapes[j - group_begin];
          FftPlan& plan = plans.plan(shape.fft_size, shape.batch);
          const Buffer& rows = FftPlans::rows(plan);
          const std::size_t row_floats = shape.fft_size + 2;
          std::size_t taps_at = shape.taps_offset;
          for (std::size_t f0 = 0; f0 < jobs[j].filters.size(); f0 += shape.batch) {
            const std::size_t count = std::min(shape.batch, jobs[j].filters.size() - f0);
            // Rows without a filter must hold zeros (see shaders/overlap_save_blocks.comp).
            device.fill_zero(rows, 0, rows.size);
            device.barrier();
            for (std::size_t r = 0; r < count; ++r) {
              const std::size_t taps = jobs[j].filters[f0 + r].taps.size();
              const BlocksPush load{static_cast<std::uint32_t>(taps_at),
                                    0,
                                    static_cast<std::int32_t>(taps),
                                    0,
                                    1,
                                    static_cast<std::uint32_t>(r),
                                    0,
                                    0,
                                    static_cast<std::uint32_t>(shape.fft_size),
                                    static_cast<std::uint32_t>(row_floats)};
              device.dispatch(Shader::overlap_save_blocks, {&pcm, &rows}, &load, groups(shape.fft_size, 256),
                              1);
              taps_at += taps;
            }
            device.barrier();
            plans.forward(plan);
            device.barrier();
            device.copy(rows, 0, spectra, (shape.spectra_at + f0 * row_floats) * sizeof(float),
                        count * row_floats * sizeof(float));
            device.barrier();
          }
        }
      }
      for (std::size_t i = first; i < last; ++i) {
        const Pass& p = passes[i];
        const JobShape& shape = shapes[p.job - group_begin];
        const FirFilter& filter = filter_of(jobs[p.job], p.channel);
        FftPlan& plan = plans.plan(shape.fft_size, shape.batch);
        const Buffer& rows = FftPlans::rows(plan);
        const std::size_t row_floats = shape.fft_size + 2, bins = shape.fft_size / 2 + 1;
        const std::size_t filter_at =
            shape.spectra_at + (jobs[p.job].filters.size() == 1 ? 0 : p.channel) * row_floats;
        for (std::size_t b = 0; b < p.blocks; b += shape.batch) {
          const std::size_t count = std::min(shape.batch, p.blocks - b);
          const BlocksPush cut{
              static_cast<std::uint32_t>(p.pcm_offset),
              static_cast<std::int32_t>(p.sample_begin),
              static_cast<std::int32_t>(p.sample_end),
              static_cast<std::int32_t>(p.first_block + b),
              static_cast<std::uint32_t>(count),
              0,
              static_cast<std::uint32_t>(shape.block),
              static_cast<std::int32_t>(filter.delay) - static_cast<std::int32_t>(filter.taps.size() - 1),
              static_cast<std::uint32_t>(shape.fft_size),
              static_cast<std::uint32_t>(row_floats)};
          device.dispatch(Shader::overlap_save_blocks, {&pcm, &rows}, &cut, groups(row_floats, 256),
                          static_cast<std::uint32_t>(shape.batch));
          device.barrier();
          plans.forward(plan);
          device.barrier();
          const MultiplyPush multiply{static_cast<std::uint32_t>(count), static_cast<std::uint32_t>(bins),
                                      static_cast<std::uint32_t>(filter_at / 2),
                                      1.0f / static_cast<float>(shape.fft_size)};
          device.dispatch(Shader::spectral_multiply, {&rows, &spectra}, &multiply, groups(bins, 256),
                          static_cast<std::uint32_t>(count));
          device.barrier();
          plans.inverse(plan);
          device.barrier();
          const OutputPush keep{static_cast<std::uint32_t>(p.output_offset),
                                static_cast<std::uint32_t>(p.output_begin),
                                static_cast<std::uint32_t>(p.output_end),
                                static_cast<std::uint32_t>(p.first_block + b),
                                static_cast<std::uint32_t>(count),
                                static_cast<std::uint32_t>(shape.block),
                                static_cast<std::uint32_t>(filter.taps.size() - 1),
                                static_cast<std::uint32_t>(row_floats)};
          device.dispatch(Shader::overlap_save_output, {&rows, &results}, &keep, groups(shape.block, 256),
                          static_cast<std::uint32_t>(count));
          device.barrier();
        }
      }
      device.copy(results, 0, download, 0, output_bytes);
      device.submit_and_wait();
      counts.uploaded += upload_bytes;
      counts.downloaded += output_bytes;
      filters_ready = true;

      const auto* out = static_cast<const float*>(download.mapped);
      for (std::size_t i = first; i < last; ++i) {
        const Pass& p = passes[i];
        std::span<float> y = outputs[p.job].channel(p.channel);
        std::memcpy(y.data() + p.output_begin, out + p.output_offset,
                    (p.output_end - p.output_begin) * sizeof(float));
        counts.transforms += 2 * p.blocks;
      }
      first = last;
    }
    for (std::size_t j = group_begin; j < group_end; ++j) counts.transforms += jobs[j].filters.size();
    group_begin = group_end;
  }
}

}  // namespace auralis::vulkan
