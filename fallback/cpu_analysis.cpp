// SPDX-License-Identifier: MIT
// STFT analysis driver of the CPU backend (see cpu_analysis.hpp).
#include "fallback/cpu_analysis.hpp"

#include "backend/band_weights.hpp"
#include "backend/power_scale.hpp"
#include "fallback/padded_frame.hpp"
#include "fallback/stft_kernels.hpp"

#include <algorithm>
#include <map>
#include <memory>

namespace auralis::fallback {

namespace {

// One unit of work: a chunk of frames of one channel of one track.
struct AnalysisTask {
  std::size_t track;
  std::size_t channel;
  std::size_t first_frame;
  std::size_t frame_count;
};

}  // namespace

std::vector<SpectralAnalysis> analyze_on_cpu(CpuContext& context, std::span<const AudioBuffer* const> tracks,
                                             const StftSpec& spec, std::span<const BandLayout> layouts,
                                             std::uint64_t& transforms) {
  const fft::RealFftPlan& plan = context.plans.plan(spec.fft_size);
  const std::size_t bins = plan.bins();
  const std::vector<float> window = window_coefficients(spec.window, spec.fft_size);
  // Mean-square units: c_k |X_k|^2 / (N sum w^2) (see BandEnergies).
  const double power_scale = backend::window_power_scale(window);

  // Band tables per sample rate, shared by the tracks at that rate.
  std::map<std::uint32_t, std::vector<std::unique_ptr<backend::BandWeights>>> weights_by_rate;
  std::map<std::uint32_t, std::vector<backend::BandWeightsView>> views_by_rate;
  std::vector<SpectralAnalysis> results(tracks.size());
  std::vector<AnalysisTask> tasks;
  for (std::size_t t = 0; t < tracks.size(); ++t) {
    const AudioBuffer& track = *tracks[t];
    const std::uint32_t rate = track.sample_rate();
    if (!weights_by_rate.contains(rate)) {
      for (BandLayout layout : layouts) {
        weights_by_rate[rate].push_back(std::make_unique<backend::BandWeights>(
            layout, static_cast<double>(rate), spec.fft_size, power_scale));
        views_by_rate[rate].push_back(weights_by_rate[rate].back()->view());
      }
    }
    SpectralAnalysis& result = results[t];
    result.spec = spec;
    result.sample_rate = rate;
    result.channels = track.channels();
    result.frames = stft_frame_count(track.frames(), spec);
    for (std::size_t l = 0; l < layouts.size(); ++l) {
      BandEnergies energies;
      energies.layout = layouts[l];
      energies.edges_hz = weights_by_rate[rate][l]->edges_hz();
      energies.channels = result.channels;
      energies.frames = result.frames;
      energies.energy.assign(result.channels * result.frames * energies.bands(), 0.0f);
      result.layouts.push_back(std::move(energies));
    }
    result.average_power.assign(result.channels * bins, 0.0);
    for (std::size_t c = 0; c < track.channels(); ++c) {
      for (std::size_t f = 0; f < result.frames; f += kAnalysisChunkFrames) {
        tasks.push_back({t, c, f, std::min(kAnalysisChunkFrames, result.frames - f)});
      }
    }
  }

  // Zeroed by each task on its own worker, not serially here.
  const auto partial_sums = std::make_unique_for_overwrite<double[]>(tasks.size() * bins);
  const std::size_t workspace_floats = stft_workspace_floats(plan);
  context.pool.run(tasks.size(), [&](std::size_t index, unsigned worker) {
    const AnalysisTask& task = tasks[index];
    const AudioBuffer& track = *tracks[task.track];
    SpectralAnalysis& result = results[task.track];
    const std::span<const float> x = track.channel(task.channel);
    float* copies =
        context.scratch.get(worker, WorkerScratch::frame_copies, task.frame_count * spec.fft_size);
    const float* frames[kAnalysisChunkFrames];
    for (std::size_t i = 0; i < task.frame_count; ++i) {
      // Frame f is centred on sample f * hop.
      const auto start = static_cast<std::ptrdiff_t>((task.first_frame + i) * spec.hop) -
                         static_cast<std::ptrdiff_t>(spec.fft_size / 2);
      frames[i] = padded_frame(x, start, spec.fft_size, copies + i * spec.fft_size);
    }
    float* band_out[8];
    for (std::size_t l = 0; l < layouts.size(); ++l) {
      BandEnergies& energies = result.layouts[l];
      band_out[l] =
          energies.energy.data() + (task.channel * result.frames + task.first_frame) * energies.bands();
    }
    double* partial = partial_sums.get() + index * bins;
    std::fill_n(partial, bins, 0.0);
    const std::vector<backend::BandWeightsView>& views = views_by_rate.at(track.sample_rate());
    analyze_frames(plan, frames, task.frame_count, window.data(), views.data(), views.size(), band_out,
                   partial, context.scratch.get(worker, WorkerScratch::fft_workspace, workspace_floats));
  });

  // Average power: chunk partials summed in task order, then scaled like the band energies.
  for (std::size_t index = 0; index < tasks.size(); ++index) {
    const AnalysisTask& task = tasks[index];
    double* average = results[task.track].average_power.data() + task.channel * bins;
    const double* partial = partial_sums.get() + index * bins;
    for (std::size_t k = 0; k < bins; ++k) average[k] += partial[k];
  }
  backend::finish_average_power(results, power_scale, transforms);
  return results;
}

}  // namespace auralis::fallback
