// SPDX-License-Identifier: MIT
#include "capi/conversions.hpp"

#include <auralis/error.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <string>

namespace auralis::capi {

namespace {

// The C enums list the C++ ones in the same order.
static_assert(static_cast<int>(LraSampling::every_1s) == AURALIS_LRA_EVERY_1S);
static_assert(static_cast<int>(MasteringMode::hybrid) == AURALIS_MODE_HYBRID);
static_assert(static_cast<int>(Preset::live) == AURALIS_PRESET_LIVE);
static_assert(static_cast<int>(Delivery::podcast) == AURALIS_DELIVERY_PODCAST);
static_assert(static_cast<int>(EqPhase::mixed) == AURALIS_EQ_PHASE_MIXED - 1);  // after "as the plan has it"
static_assert(static_cast<int>(SampleFormat::float32) == AURALIS_SAMPLE_FORMAT_FLOAT32);
static_assert(static_cast<int>(BackendKind::vulkan) == AURALIS_BACKEND_VULKAN);
static_assert(static_cast<int>(FileType::mp3) == AURALIS_FILE_TYPE_MP3 - 1);  // after "from the extension"
static_assert(static_cast<int>(DitherShape::shaped) == AURALIS_DITHER_SHAPED);

double checked_number(double value, const char* field) {
  if (!std::isfinite(value)) throw Error(ErrorCode::invalid_argument, std::string(field) + " is not finite");
  return value;
}

std::optional<double> from_c(const auralis_optional& value, const char* field) {
  if (!value.has_value) return std::nullopt;
  return checked_number(value.value, field);
}

auralis_gain_reduction to_c(const GainReduction& reduction) noexcept {
  return {reduction.max_db, reduction.p99_db, reduction.mean_db, reduction.seconds_above_1db};
}

}  // namespace

auralis_optional to_c(const std::optional<double>& value) noexcept {
  return value ? auralis_optional{1, *value} : auralis_optional{0, 0.0};
}

auralis_loudness to_c(const LoudnessReport& report) noexcept {
  auralis_loudness out{};
  out.integrated_lufs = to_c(report.integrated_lufs);
  out.loudness_range_lu = to_c(report.loudness_range_lu);
  out.max_momentary_lufs = to_c(report.max_momentary_lufs);
  out.max_short_term_lufs = to_c(report.max_short_term_lufs);
  out.sample_peak = report.sample_peak;
  out.sample_peak_dbfs = to_c(LoudnessReport::to_db(report.sample_peak));
  out.true_peak = to_c(report.true_peak);
  out.true_peak_dbtp = to_c(report.true_peak ? LoudnessReport::to_db(*report.true_peak) : std::nullopt);
  out.frames = report.frames;
  return out;
}

int checked_enum_value(int value, int last, const char* name) {
  if (value < 0 || value > last) {
    throw Error(ErrorCode::invalid_argument, std::string(name) + " is " + std::to_string(value) +
                                                 ", not one of 0-" + std::to_string(last));
  }
  return value;
}

LoudnessOptions loudness_options(const auralis_loudness_options* options) {
  LoudnessOptions out;
  if (options == nullptr) return out;
  out.true_peak = options->true_peak != 0;
  out.lra_sampling = static_cast<LraSampling>(
      checked_enum(options->lra_sampling, AURALIS_LRA_EVERY_1S, "options->lra_sampling"));
  out.threads = options->threads;
  return out;
}

MasterRequest master_request(const auralis_master_options* options) {
  auralis_master_options defaults;
  if (options == nullptr) {
    auralis_master_options_init(&defaults);
    options = &defaults;
  }
  const auralis_master_options& c = *options;
  MasterRequest request;
  MasterOptions& m = request.options;
  m.mode = static_cast<MasteringMode>(checked_enum(c.mode, AURALIS_MODE_HYBRID, "options->mode"));
  m.preset = static_cast<Preset>(checked_enum(c.preset, AURALIS_PRESET_LIVE, "options->preset"));
  m.hybrid_weight = checked_number(c.hybrid_weight, "options->hybrid_weight");
  if (m.hybrid_weight < 0.0 || m.hybrid_weight > 1.0) {
    throw Error(ErrorCode::invalid_argument,
                "options->hybrid_weight is " + std::to_string(m.hybrid_weight) + ", outside 0-1");
  }
  if (c.reference_path != nullptr) request.reference = c.reference_path;
  if (c.plan_json != nullptr) m.plan = plan_from_json(c.plan_json);
  PlanOverrides& o = m.overrides;
  o.delivery = static_cast<Delivery>(checked_enum(c.delivery, AURALIS_DELIVERY_PODCAST, "options->delivery"));
  o.target_lufs = from_c(c.target_lufs, "options->target_lufs");
  o.ceiling_dbtp = from_c(c.ceiling_dbtp, "options->ceiling_dbtp");
  if (c.limiter == 0) o.limiter = false;
  m.allow_clipping = c.allow_clipping != 0;
  o.eq_amount = from_c(c.eq_amount, "options->eq_amount");
  o.dynamics_amount = from_c(c.dynamics_amount, "options->dynamics_amount");
  o.width_amount = from_c(c.width_amount, "options->width_amount");
  o.loudness_amount = from_c(c.loudness_amount, "options->loudness_amount");
  o.match_amount = from_c(c.match_amount, "options->match_amount");
  o.subsonic_hz = from_c(c.subsonic_hz, "options->subsonic_hz");
  o.compressor_reduction_db = from_c(c.compressor_reduction_db, "options->compressor_reduction_db");
  o.sidechain_high_pass_hz = from_c(c.sidechain_high_pass_hz, "options->sidechain_high_pass_hz");
  if (const int phase = checked_enum(c.eq_phase, AURALIS_EQ_PHASE_MIXED, "options->eq_phase")) {
    o.eq_phase = static_cast<EqPhase>(phase - 1);
  }
  request.encode.sample_format = static_cast<SampleFormat>(
      checked_enum(c.sample_format, AURALIS_SAMPLE_FORMAT_FLOAT32, "options->sample_format"));
  request.encode.dither = c.dither != 0;
  request.encode.dither_shape =
      static_cast<DitherShape>(checked_enum(c.dither_shape, AURALIS_DITHER_SHAPED, "options->dither_shape"));
  if (const int type = checked_enum(c.file_type, AURALIS_FILE_TYPE_MP3, "options->file_type")) {
    request.type = static_cast<FileType>(type - 1);
  }
  request.encode.quality = from_c(c.quality, "options->quality");
  if (request.encode.quality && (*request.encode.quality < 0.0 || *request.encode.quality > 1.0)) {
    throw Error(ErrorCode::invalid_argument,
                "options->quality is " + std::to_string(*request.encode.quality) + ", outside 0-1");
  }
  if (c.output_rate_hz != 0) {
    if (c.output_rate_hz < min_sample_rate || c.output_rate_hz > max_sample_rate) {
      throw Error(ErrorCode::invalid_argument,
                  "options->output_rate_hz is " + std::to_string(c.output_rate_hz) + ", outside " +
                      std::to_string(min_sample_rate) + "-" + std::to_string(max_sample_rate) + " Hz");
    }
    m.output_rate_hz = c.output_rate_hz;
  }
  m.backend.kind =
      static_cast<BackendKind>(checked_enum(c.backend, AURALIS_BACKEND_VULKAN, "options->backend"));
  m.backend.max_workers = c.threads;
  m.curves = c.curves != 0;
  return request;
}

std::size_t interleaved_size(std::size_t frames, std::size_t channels, const Call& call) {
  if (channels != 0 && frames > std::numeric_limits<std::size_t>::max() / channels) {
    call.invalid(std::to_string(frames) + " frames of " + std::to_string(channels) + " channels is too many");
  }
  return frames * channels;
}

void deinterleave(const float* interleaved, std::size_t frames, std::span<float* const> planes) noexcept {
  const std::size_t channels = planes.size();
  for (std::size_t c = 0; c < channels; ++c) {
    float* const plane = planes[c];
    for (std::size_t i = 0; i < frames; ++i) plane[i] = interleaved[i * channels + c];
  }
}

void interleave(const AudioBuffer& audio, float* interleaved) noexcept {
  const std::size_t channels = audio.channels();
  for (std::size_t c = 0; c < channels; ++c) {
    const std::span<const float> plane = audio.channel(c);
    for (std::size_t i = 0; i < plane.size(); ++i) interleaved[i * channels + c] = plane[i];
  }
}

FileType output_type(const MasterRequest& request, const std::filesystem::path& output) {
  return request.type ? *request.type : file_type_for(output);
}

void fill_report(const MasterReport& report, auralis_master_report& out) {
  const std::string json = report_to_json(report);
  auralis_master_report filled{};
  filled.before = to_c(report.before);
  filled.after = to_c(report.after);
  filled.target_lufs = to_c(report.plan.target_lufs);
  filled.lowered_target_lufs = to_c(report.lowered_target_lufs);
  filled.ceiling_dbtp = report.plan.limiter.ceiling_dbtp;
  filled.limiter_enabled = report.plan.limiter.enabled ? 1 : 0;
  filled.compressor_reduction = to_c(report.compressor_reduction);
  filled.limiter_reduction = to_c(report.limiter_reduction);
  filled.warning_count = report.warnings.size();
  if (report.codec_ceiling) {
    filled.codec_ceiling = {1, report.codec_ceiling->renders, report.codec_ceiling->limiter_ceiling_dbtp,
                            report.codec_ceiling->decoded_true_peak_dbtp};
  }
  // auralis_master_report_free gives it back with free().
  filled.json = static_cast<char*>(std::malloc(json.size() + 1));
  if (filled.json == nullptr) throw std::bad_alloc();
  std::memcpy(filled.json, json.c_str(), json.size() + 1);
  out = filled;
}

}  // namespace auralis::capi
