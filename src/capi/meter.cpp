// SPDX-License-Identifier: MIT
// The C API's loudness meter and file analysis, over auralis::LoudnessMeter and measure_loudness.
#include <auralis/auralis.h>
#include <auralis/loudness.hpp>

#include "capi/conversions.hpp"
#include "capi/errors.hpp"

#include <vector>

struct auralis_meter {
  auralis::LoudnessMeter meter;
  // Interleaved blocks are split into planes here, kept between calls so that steady use allocates nothing.
  std::vector<float> planar;
  std::vector<float*> planes;
};

namespace {

using auralis::capi::Call;
using auralis::capi::guarded;

}  // namespace

extern "C" {

auralis_status auralis_loudness_options_init(auralis_loudness_options* options) {
  return guarded("auralis_loudness_options_init", [&](const Call& call) {
    call.require(options, "options");
    *options = {};
    options->true_peak = 1;
    options->lra_sampling = AURALIS_LRA_EVERY_100MS;
    options->threads = 1;
  });
}

auralis_status auralis_meter_create(unsigned channels, unsigned sample_rate,
                                    const auralis_loudness_options* options, auralis_meter** meter) {
  if (meter != nullptr) *meter = nullptr;
  return guarded("auralis_meter_create", [&](const Call& call) {
    call.require(meter, "meter");
    *meter = new auralis_meter{
        auralis::LoudnessMeter(channels, sample_rate, auralis::capi::loudness_options(options)), {}, {}};
  });
}

void auralis_meter_destroy(auralis_meter* meter) {
  delete meter;
}

auralis_status auralis_meter_add_interleaved(auralis_meter* meter, const float* samples, size_t frames) {
  return guarded("auralis_meter_add_interleaved", [&](const Call& call) {
    call.require(meter, "meter");
    if (frames == 0) return;
    call.require(samples, "samples");
    const std::size_t channels = meter->meter.channels();
    meter->planar.resize(auralis::capi::interleaved_size(frames, channels, call));
    meter->planes.resize(channels);
    for (std::size_t c = 0; c < channels; ++c) meter->planes[c] = meter->planar.data() + c * frames;
    auralis::capi::deinterleave(samples, frames, meter->planes);
    meter->meter.add(meter->planes, frames);
  });
}

auralis_status auralis_meter_add_planar(auralis_meter* meter, const float* const* planes, size_t frames) {
  return guarded("auralis_meter_add_planar", [&](const Call& call) {
    call.require(meter, "meter");
    if (frames == 0) return;
    call.require(planes, "planes");
    const std::size_t channels = meter->meter.channels();
    for (std::size_t c = 0; c < channels; ++c) {
      if (planes[c] == nullptr) {
        call.invalid("planes[" + std::to_string(c) + "] is NULL");
      }
    }
    meter->meter.add({planes, channels}, frames);
  });
}

auralis_status auralis_meter_reset(auralis_meter* meter) {
  return guarded("auralis_meter_reset", [&](const Call& call) {
    call.require(meter, "meter");
    meter->meter.reset();
  });
}

auralis_status auralis_meter_momentary(const auralis_meter* meter, auralis_optional* lufs) {
  return guarded("auralis_meter_momentary", [&](const Call& call) {
    call.require(meter, "meter");
    call.require(lufs, "lufs");
    *lufs = auralis::capi::to_c(meter->meter.momentary_lufs());
  });
}

auralis_status auralis_meter_short_term(const auralis_meter* meter, auralis_optional* lufs) {
  return guarded("auralis_meter_short_term", [&](const Call& call) {
    call.require(meter, "meter");
    call.require(lufs, "lufs");
    *lufs = auralis::capi::to_c(meter->meter.short_term_lufs());
  });
}

auralis_status auralis_meter_loudness(const auralis_meter* meter, auralis_loudness* loudness) {
  return guarded("auralis_meter_loudness", [&](const Call& call) {
    call.require(meter, "meter");
    call.require(loudness, "loudness");
    *loudness = auralis::capi::to_c(meter->meter.report());
  });
}

auralis_status auralis_analyze_file(const char* path, const auralis_loudness_options* options,
                                    auralis_loudness* loudness) {
  return guarded("auralis_analyze_file", [&](const Call& call) {
    call.require(path, "path");
    call.require(loudness, "loudness");
    *loudness = auralis::capi::to_c(
        auralis::measure_loudness(std::filesystem::path(path), auralis::capi::loudness_options(options)));
  });
}

}  // extern "C"
