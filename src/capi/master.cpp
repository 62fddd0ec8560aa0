// SPDX-License-Identifier: MIT
// The C API's mastering: files through auralis::master_file, interleaved buffers through auralis::master.
#include <auralis/auralis.h>
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "capi/conversions.hpp"
#include "capi/errors.hpp"

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace {

using auralis::capi::Call;
using auralis::capi::guarded;

}  // namespace

extern "C" {

auralis_status auralis_master_options_init(auralis_master_options* options) {
  return guarded("auralis_master_options_init", [&](const Call& call) {
    call.require(options, "options");
    *options = {};
    options->mode = AURALIS_MODE_ADAPTIVE;
    options->preset = AURALIS_PRESET_ADAPTIVE;
    options->hybrid_weight = auralis::MasterOptions{}.hybrid_weight;
    options->delivery = AURALIS_DELIVERY_STREAMING;
    options->limiter = 1;
    options->eq_phase = AURALIS_EQ_PHASE_PLAN;
    options->sample_format = AURALIS_SAMPLE_FORMAT_PCM24;
    options->dither = 1;
    options->file_type = AURALIS_FILE_TYPE_AUTO;
    options->dither_shape = AURALIS_DITHER_TPDF;
    options->backend = AURALIS_BACKEND_AUTO;
  });
}

void auralis_master_report_free(auralis_master_report* report) {
  if (report == nullptr) return;
  std::free(report->json);
  *report = {};
}

auralis_status auralis_master_file(const char* input, const char* output,
                                   const auralis_master_options* options, auralis_master_report* report) {
  if (report != nullptr) *report = {};
  return guarded("auralis_master_file", [&](const Call& call) {
    call.require(input, "input");
    call.require(output, "output");
    auralis::capi::MasterRequest request = auralis::capi::master_request(options);
    request.encode.type = auralis::capi::output_type(request, output);
    // Refused now rather than by the encoder once the whole track is mastered.
    if (request.encode.quality && !auralis::is_lossy(request.encode.type)) {
      throw auralis::Error(
          auralis::ErrorCode::invalid_argument,
          std::string(output) + ": options->quality is for Ogg Vorbis, Opus and MP3 outputs");
    }
    const auralis::MasterReport result =
        auralis::master_file(input, output, request.options, request.encode, request.reference);
    if (report != nullptr) auralis::capi::fill_report(result, *report);
  });
}

auralis_status auralis_master_buffer(const float* input, size_t frames, unsigned channels,
                                     unsigned sample_rate, const auralis_master_options* options,
                                     float* output, auralis_master_report* report) {
  if (report != nullptr) *report = {};
  return guarded("auralis_master_buffer", [&](const Call& call) {
    if (frames > 0) {
      call.require(input, "input");
      call.require(output, "output");
    }
    auralis::capi::interleaved_size(frames, channels, call);
    auralis::capi::MasterRequest request = auralis::capi::master_request(options);
    // Checks the channel count and rate.
    auralis::AudioBuffer audio = auralis::AudioBuffer::uninitialized(channels, frames, sample_rate);
    std::vector<float*> planes(channels);
    for (std::size_t c = 0; c < channels; ++c) planes[c] = audio.channel(c).data();
    auralis::capi::deinterleave(input, frames, planes);
    std::optional<auralis::AudioBuffer> reference;
    if (request.reference) {
      reference = auralis::read_audio(*request.reference).audio;
      request.options.reference_name = request.reference->string();
    }
    const auralis::MasterResult result =
        auralis::master(std::move(audio), request.options, reference ? &*reference : nullptr);
    auralis::capi::interleave(result.audio, output);
    if (report != nullptr) auralis::capi::fill_report(result.report, *report);
  });
}

}  // extern "C"
