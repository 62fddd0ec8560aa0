// SPDX-License-Identifier: MIT
// STFT analysis on the GPU (see gpu_analysis.hpp). Work is cut into passes (frames of one channel whose
// PCM fits one binding) and passes into submissions (bounded FFT work, see gpu_budget.hpp).
#include "vulkan/gpu_analysis.hpp"

#include "backend/band_weights.hpp"
#include "backend/power_scale.hpp"
#include "vulkan/faults.hpp"
#include "vulkan/gpu_budget.hpp"

#include <bit>
#include <climits>
#include <cstring>
#include <map>

namespace auralis::vulkan {

namespace {

// Push-constant blocks, laid out as in shaders/*.comp.
struct FramesPush {
  std::uint32_t pcm_offset;
  std::int32_t sample_begin, sample_end, first_frame;
  std::uint32_t frames, hop, fft_size, row_stride;
};
struct BandsPush {
  std::uint32_t frames, row_bins, band_total, output_offset, band_base;
};
struct SumsPush {
  std::uint32_t frames, row_bins, sum_offset;
};

struct RateTables {
  std::size_t band_base = 0;  // in uvec4 units
  std::size_t band_total = 0;
  std::vector<std::size_t> first_band;  // per layout, in the combined list
  std::vector<std::vector<double>> edges_hz;
};

// Window, then per sample rate the bands of every layout (first bin, bin count, weight index) and their
// weights, in one buffer of 32-bit words.
struct Tables {
  std::vector<float> words;
  std::map<std::uint32_t, RateTables> rates;
};

void align_to_vec4(std::vector<float>& words) {
  while (words.size() % 4 != 0) words.push_back(0.0f);
}

Tables build_tables(std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                    std::span<const BandLayout> layouts) {
  Tables tables;
  tables.words = window_coefficients(spec.window, spec.fft_size);
  const double power_scale = backend::window_power_scale(tables.words);
  for (const AudioBuffer* track : tracks) {
    const std::uint32_t rate = track->sample_rate();
    if (tables.rates.contains(rate)) continue;
    RateTables& r = tables.rates[rate];
    std::vector<backend::BandWeights> weights;
    for (BandLayout layout : layouts) {
      weights.emplace_back(layout, static_cast<double>(rate), spec.fft_size, power_scale);
      r.first_band.push_back(r.band_total);
      r.edges_hz.push_back(weights.back().edges_hz());
      r.band_total += weights.back().view().bands;
    }
    align_to_vec4(tables.words);
    r.band_base = tables.words.size() / 4;
    const std::size_t bands_at = tables.words.size();
    tables.words.resize(bands_at + 4 * r.band_total);
    std::size_t band = 0;
    for (const backend::BandWeights& w : weights) {
      const backend::BandWeightsView view = w.view();
      const std::size_t weights_at = tables.words.size();
      std::size_t weight_count = 0;
      for (std::size_t b = 0; b < view.bands; ++b)
        weight_count = std::max<std::size_t>(weight_count, view.offset[b] + view.bin_count[b]);
      tables.words.insert(tables.words.end(), view.weights, view.weights + weight_count);
      for (std::size_t b = 0; b < view.bands; ++b, ++band) {
        float* entry = tables.words.data() + bands_at + 4 * band;
        entry[0] = std::bit_cast<float>(view.first_bin[b]);
        entry[1] = std::bit_cast<float>(view.bin_count[b]);
        entry[2] = std::bit_cast<float>(static_cast<std::uint32_t>(weights_at + view.offset[b]));
        entry[3] = 0.0f;
      }
    }
  }
  align_to_vec4(tables.words);
  return tables;
}

// Frames [first_frame, first_frame + frames) of one channel and the samples they read.
struct Pass {
  std::size_t track, channel, first_frame, frames;
  std::size_t sample_begin, sample_end;
  std::size_t pcm_offset = 0, energy_offset = 0, sum_offset = 0;  // within the submission's buffers
};

std::vector<Pass> cut_passes(std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                             std::size_t max_band_total, std::size_t max_floats) {
  const std::size_t n = spec.fft_size, hop = spec.hop;
  const std::size_t frame_limit =
      std::max<std::size_t>(1, std::min({submission_fft_points() / n, (std::max(max_floats, n) - n) / hop + 1,
                                         max_floats / 2 / std::max<std::size_t>(max_band_total, 1)}));
  std::vector<Pass> passes;
  for (std::size_t t = 0; t < tracks.size(); ++t) {
    const std::size_t length = tracks[t]->frames();
    if (length + n > static_cast<std::size_t>(INT_MAX)) {
      throw VulkanFault(FaultKind::other, "a track of 2^31 samples or more is past the GPU path's indexing");
    }
    const std::size_t frames = stft_frame_count(length, spec);
    for (std::size_t c = 0; c < tracks[t]->channels(); ++c) {
      for (std::size_t f = 0; f < frames; f += frame_limit) {
        const std::size_t count = std::min(frame_limit, frames - f);
        const std::ptrdiff_t first =
            static_cast<std::ptrdiff_t>(f * hop) - static_cast<std::ptrdiff_t>(n / 2);
        const std::size_t begin = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, first));
        const std::size_t end = std::min(length, (f + count - 1) * hop + n / 2);
        passes.push_back({t, c, f, count, begin, std::max(begin, end)});
      }
    }
  }
  return passes;
}

}  // namespace

std::vector<SpectralAnalysis> analyze_on_gpu(Device& device, FftPlans& plans,
                                             std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                                             std::span<const BandLayout> layouts, TransferCounts& counts) {
  const std::size_t n = spec.fft_size, bins = n / 2 + 1, row_floats = 2 * bins;
  const Tables tables = build_tables(tracks, spec, layouts);
  std::size_t max_band_total = 0;
  for (const auto& [rate, r] : tables.rates) max_band_total = std::max(max_band_total, r.band_total);
  const std::size_t max_floats = binding_floats(device);

  std::vector<SpectralAnalysis> results(tracks.size());
  for (std::size_t t = 0; t < tracks.size(); ++t) {
    const AudioBuffer& track = *tracks[t];
    const RateTables& r = tables.rates.at(track.sample_rate());
    SpectralAnalysis& result = results[t];
    result.spec = spec;
    result.sample_rate = track.sample_rate();
    result.channels = track.channels();
    result.frames = stft_frame_count(track.frames(), spec);
    for (std::size_t l = 0; l < layouts.size(); ++l) {
      BandEnergies energies;
      energies.layout = layouts[l];
      energies.edges_hz = r.edges_hz[l];
      energies.channels = result.channels;
      energies.frames = result.frames;
      energies.energy.assign(result.channels * result.frames * energies.bands(), 0.0f);
      result.layouts.push_back(std::move(energies));
    }
    result.average_power.assign(result.channels * bins, 0.0);
  }

  std::vector<Pass> passes = cut_passes(tracks, spec, max_band_total, max_floats);
  const std::size_t batch = rows_per_batch(n);
  FftPlan& plan = plans.plan(n, batch);
  const Buffer& rows = FftPlans::rows(plan);
  const std::size_t table_bytes = tables.words.size() * sizeof(float);
  Buffer& table_buffer = device.buffer(BufferSlot::tables, table_bytes);
  bool tables_uploaded = false;

  for (std::size_t first = 0; first < passes.size();) {
    // Gather passes into one submission while its buffers and FFT work stay within bounds.
    std::size_t pcm_floats = 0, energy_floats = 0, sum_floats = 0, points = 0, last = first;
    for (; last < passes.size(); ++last) {
      const Pass& p = passes[last];
      const std::size_t band_total = tables.rates.at(tracks[p.track]->sample_rate()).band_total;
      const std::size_t pcm = p.sample_end - p.sample_begin, energy = p.frames * band_total;
      const bool fits = pcm_floats + pcm <= max_floats &&
                        energy_floats + energy + sum_floats + 2 * bins + 1 <= max_floats &&
                        points + p.frames * n <= submission_fft_points();
      if (!fits && last > first) break;
      passes[last].pcm_offset = pcm_floats;
      passes[last].energy_offset = energy_floats;
      passes[last].sum_offset = sum_floats;
      pcm_floats += pcm;
      energy_floats += energy;
      sum_floats += 2 * bins;
      points += p.frames * n;
    }
    const std::size_t sums_at = (energy_floats + 1) / 2 * 2;  // vec2-aligned
    const std::size_t result_bytes = (sums_at + sum_floats) * sizeof(float);
    const std::size_t upload_bytes = (tables_uploaded ? 0 : table_bytes) + pcm_floats * sizeof(float);

    Buffer& upload = device.buffer(BufferSlot::upload, upload_bytes);
    Buffer& pcm = device.buffer(BufferSlot::pcm, pcm_floats * sizeof(float));
    Buffer& results_buffer = device.buffer(BufferSlot::results, result_bytes);
    Buffer& download = device.buffer(BufferSlot::download, result_bytes);
    auto* staging = static_cast<float*>(upload.mapped);
    const std::size_t pcm_at = tables_uploaded ? 0 : tables.words.size();
    if (!tables_uploaded) std::memcpy(staging, tables.words.data(), table_bytes);
    for (std::size_t i = first; i < last; ++i) {
      const Pass& p = passes[i];
      const std::span<const float> x = tracks[p.track]->channel(p.channel);
      std::memcpy(staging + pcm_at + p.pcm_offset, x.data() + p.sample_begin,
                  (p.sample_end - p.sample_begin) * sizeof(float));
    }

    device.begin();
    if (!tables_uploaded) device.copy(upload, 0, table_buffer, 0, table_bytes);
    device.copy(upload, pcm_at * sizeof(float), pcm, 0, pcm_floats * sizeof(float));
    device.fill_zero(results_buffer, sums_at * sizeof(float), sum_floats * sizeof(float));
    device.barrier();
    for (std::size_t i = first; i < last; ++i) {
      const Pass& p = passes[i];
      const RateTables& r = tables.rates.at(tracks[p.track]->sample_rate());
      for (std::size_t f = 0; f < p.frames; f += batch) {
        const std::size_t count = std::min(batch, p.frames - f);
        const FramesPush framing{static_cast<std::uint32_t>(p.pcm_offset),
                                 static_cast<std::int32_t>(p.sample_begin),
                                 static_cast<std::int32_t>(p.sample_end),
                                 static_cast<std::int32_t>(p.first_frame + f),
                                 static_cast<std::uint32_t>(count),
                                 static_cast<std::uint32_t>(spec.hop),
                                 static_cast<std::uint32_t>(n),
                                 static_cast<std::uint32_t>(row_floats)};
        device.dispatch(Shader::stft_frames, {&pcm, &table_buffer, &rows}, &framing, groups(row_floats, 256),
                        static_cast<std::uint32_t>(batch));
        device.barrier();
        plans.forward(plan);
        device.barrier();
        const BandsPush reduce{static_cast<std::uint32_t>(count), static_cast<std::uint32_t>(bins),
                               static_cast<std::uint32_t>(r.band_total),
                               static_cast<std::uint32_t>(p.energy_offset + f * r.band_total),
                               static_cast<std::uint32_t>(r.band_base)};
        device.dispatch(Shader::band_energies, {&rows, &table_buffer, &table_buffer, &results_buffer},
                        &reduce, groups(r.band_total, 64), static_cast<std::uint32_t>(count));
        const SumsPush sums{static_cast<std::uint32_t>(count), static_cast<std::uint32_t>(bins),
                            static_cast<std::uint32_t>((sums_at + p.sum_offset) / 2)};
        device.dispatch(Shader::average_power, {&rows, &results_buffer}, &sums, groups(bins, 64), 1);
        device.barrier();
      }
    }
    device.copy(results_buffer, 0, download, 0, result_bytes);
    device.submit_and_wait();
    counts.uploaded += upload_bytes;
    counts.downloaded += result_bytes;
    tables_uploaded = true;

    const auto* out = static_cast<const float*>(download.mapped);
    for (std::size_t i = first; i < last; ++i) {
      const Pass& p = passes[i];
      SpectralAnalysis& result = results[p.track];
      const RateTables& r = tables.rates.at(result.sample_rate);
      for (std::size_t l = 0; l < layouts.size(); ++l) {
        BandEnergies& energies = result.layouts[l];
        const std::size_t bands = energies.bands();
        for (std::size_t f = 0; f < p.frames; ++f) {
          const float* from = out + p.energy_offset + f * r.band_total + r.first_band[l];
          std::memcpy(energies.energy.data() + (p.channel * result.frames + p.first_frame + f) * bands, from,
                      bands * sizeof(float));
        }
      }
      double* average = result.average_power.data() + p.channel * bins;
      const float* sums = out + sums_at + p.sum_offset;
      // A compensated sum's value is its sum less the compensation still owed.
      for (std::size_t k = 0; k < bins; ++k) {
        average[k] += static_cast<double>(sums[2 * k]) - static_cast<double>(sums[2 * k + 1]);
      }
    }
    first = last;
  }

  backend::finish_average_power(results, backend::window_power_scale(std::span(tables.words).first(n)),
                                counts.transforms);
  return results;
}

}  // namespace auralis::vulkan
