// SPDX-License-Identifier: MIT
// FFT convolution driver of the CPU backend (see cpu_convolution.hpp).
#include "fallback/cpu_convolution.hpp"

#include "backend/validate.hpp"
#include "fallback/convolution_kernels.hpp"
#include "fallback/overlap_save_shape.hpp"
#include "fallback/padded_frame.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace auralis::fallback {

namespace {

// A filter ready for the kernel: its shape, plan and partition spectra.
struct PreparedFilter {
  OverlapSaveShape shape;
  const fft::RealFftPlan* plan;
  std::size_t delay;
  std::vector<float> spectra;  // per partition: real parts of bins 0..N/2, then imaginary parts
};

PreparedFilter prepare(const FirFilter& filter, PlanCache& plans, float* workspace_for_size,
                       std::size_t& transforms) {
  PreparedFilter prepared{choose_overlap_save_shape(filter.taps.size()), nullptr, filter.delay, {}};
  const OverlapSaveShape& shape = prepared.shape;
  const fft::RealFftPlan& plan = plans.plan(shape.fft_size);
  prepared.plan = &plan;
  const std::size_t bins = plan.bins();
  std::vector<float> padded(shape.partitions * shape.fft_size, 0.0f);
  for (std::size_t p = 0; p < shape.partitions; ++p) {
    const std::size_t begin = p * shape.partition;
    const std::size_t end = std::min(filter.taps.size(), begin + shape.partition);
    std::copy(filter.taps.begin() + static_cast<std::ptrdiff_t>(begin),
              filter.taps.begin() + static_cast<std::ptrdiff_t>(end), padded.begin() + p * shape.fft_size);
  }
  std::vector<float> interleaved(shape.partitions * 2 * bins);
  plan.forward(padded.data(), shape.fft_size, shape.partitions, interleaved.data(), 2 * bins,
               workspace_for_size);
  transforms += shape.partitions;
  prepared.spectra.resize(shape.partitions * 2 * bins);
  for (std::size_t p = 0; p < shape.partitions; ++p) {
    const float* in = interleaved.data() + p * 2 * bins;
    float* re = prepared.spectra.data() + p * 2 * bins;
    float* im = re + bins;
    for (std::size_t k = 0; k < bins; ++k) {
      re[k] = in[2 * k];
      im[k] = in[2 * k + 1];
    }
  }
  return prepared;
}

// One unit of work: a chunk of output blocks of one channel of one job.
struct ConvolutionTask {
  std::size_t job;
  std::size_t channel;
  std::size_t filter;  // index into the prepared filters
  std::size_t first_block;
  std::size_t block_count;
};

}  // namespace

void convolve_on_cpu(CpuContext& context, std::span<const ConvolutionJob> jobs,
                     std::span<AudioBuffer> outputs, std::uint64_t& transforms) {
  // Each distinct filter object is transformed once per call.
  std::map<const FirFilter*, std::size_t> filter_index;
  std::vector<PreparedFilter> filters;
  std::vector<ConvolutionTask> tasks;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const AudioBuffer& input = *jobs[j].input;
    for (std::size_t c = 0; c < input.channels(); ++c) {
      const FirFilter& filter = backend::filter_for_channel(jobs[j], c);
      auto [it, inserted] = filter_index.try_emplace(&filter, filters.size());
      if (inserted) {
        const std::size_t size = choose_overlap_save_shape(filter.taps.size()).fft_size;
        float* workspace =
            context.scratch.get(0, WorkerScratch::fft_workspace, context.plans.plan(size).workspace_floats());
        filters.push_back(prepare(filter, context.plans, workspace, transforms));
      }
      const PreparedFilter& prepared = filters[it->second];
      const std::size_t blocks = (input.frames() + prepared.shape.block - 1) / prepared.shape.block;
      for (std::size_t b = 0; b < blocks; b += kConvolutionChunkBlocks) {
        tasks.push_back({j, c, it->second, b, std::min(kConvolutionChunkBlocks, blocks - b)});
      }
      transforms += blocks * (prepared.shape.partitions + 1);
    }
  }

  constexpr std::size_t kMaxPartitions = (FirFilter::max_taps + 32767) / 32768;
  context.pool.run(tasks.size(), [&](std::size_t index, unsigned worker) {
    const ConvolutionTask& task = tasks[index];
    const PreparedFilter& filter = filters[task.filter];
    const OverlapSaveShape& shape = filter.shape;
    const std::span<const float> x = jobs[task.job].input->channel(task.channel);
    const std::span<float> y = outputs[task.job].channel(task.channel);
    float* copies = context.scratch.get(worker, WorkerScratch::frame_copies,
                                        shape.partitions * task.block_count * shape.fft_size);
    std::array<const float*, kMaxPartitions * kConvolutionChunkBlocks> frames;
    std::array<float*, kConvolutionChunkBlocks> block_out;
    for (std::size_t p = 0; p < shape.partitions; ++p) {
      for (std::size_t i = 0; i < task.block_count; ++i) {
        // Frame of block (j - p): its kept samples line up with output block j after the delay.
        const auto block = static_cast<std::ptrdiff_t>(task.first_block + i) - static_cast<std::ptrdiff_t>(p);
        const std::ptrdiff_t start = block * static_cast<std::ptrdiff_t>(shape.block) +
                                     static_cast<std::ptrdiff_t>(filter.delay) -
                                     static_cast<std::ptrdiff_t>(shape.keep_begin);
        const std::size_t slot = p * task.block_count + i;
        frames[slot] = padded_frame(x, start, shape.fft_size, copies + slot * shape.fft_size);
      }
    }
    // Every block but the track's last lands in place; the last goes through a scratch copy.
    float* tail = context.scratch.get(worker, WorkerScratch::block_tail, shape.block);
    for (std::size_t i = 0; i < task.block_count; ++i) {
      const std::size_t begin = (task.first_block + i) * shape.block;
      block_out[i] = begin + shape.block <= y.size() ? y.data() + begin : tail;
    }
    convolve_blocks(*filter.plan, frames.data(), task.block_count, shape.partitions, filter.spectra.data(),
                    shape.keep_begin, block_out.data(),
                    context.scratch.get(worker, WorkerScratch::fft_workspace,
                                        convolution_workspace_floats(*filter.plan)));
    const std::size_t last_begin = (task.first_block + task.block_count - 1) * shape.block;
    if (block_out[task.block_count - 1] == tail) {
      std::copy(tail, tail + (y.size() - last_begin), y.data() + last_begin);
    }
  });
}

}  // namespace auralis::fallback
