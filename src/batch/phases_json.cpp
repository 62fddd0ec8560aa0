// SPDX-License-Identifier: MIT
// The batch phases' JSON transport: analyses, decisions and results as objects that read back exactly.
#include <auralis/batch.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace auralis {
namespace {

using nlohmann::json;

constexpr std::string_view kWhat = "batch JSON: ";

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

std::optional<double> read_optional_number(const json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<double>();
}

// Paths as their bytes, which must be UTF-8 to be JSON text (dump refuses anything else).
json track_json(const BatchTrack& track) {
  return {
      {"input", track.input.string()}, {"relative", track.relative.string()}, {"position", track.position}};
}

BatchTrack read_track(const json& object) {
  BatchTrack track;
  track.input = object.at("input").get<std::string>();
  track.relative = object.at("relative").get<std::string>();
  track.position = object.at("position").get<std::size_t>();
  return track;
}

json error_code_json(const std::optional<ErrorCode>& code) {
  return code ? json(static_cast<int>(*code)) : json(nullptr);
}

std::optional<ErrorCode> read_error_code(const json& value) {
  if (value.is_null()) return std::nullopt;
  return static_cast<ErrorCode>(value.get<int>());
}

// Every field, so that the album tags computed from it are those of the original.
json loudness_json(const LoudnessReport& r) {
  return {{"integrated_lufs", optional_number(r.integrated_lufs)},
          {"loudness_range_lu", optional_number(r.loudness_range_lu)},
          {"max_momentary_lufs", optional_number(r.max_momentary_lufs)},
          {"max_short_term_lufs", optional_number(r.max_short_term_lufs)},
          {"sample_peak", r.sample_peak},
          {"true_peak", optional_number(r.true_peak)},
          {"channel_sample_peak", r.channel_sample_peak},
          {"channel_true_peak", r.channel_true_peak},
          {"short_term_history_lufs", r.short_term_history_lufs},
          {"gating_block_energies", r.gating_block_energies},
          {"frames", r.frames}};
}

LoudnessReport read_loudness(const json& object) {
  LoudnessReport r;
  r.integrated_lufs = read_optional_number(object.at("integrated_lufs"));
  r.loudness_range_lu = read_optional_number(object.at("loudness_range_lu"));
  r.max_momentary_lufs = read_optional_number(object.at("max_momentary_lufs"));
  r.max_short_term_lufs = read_optional_number(object.at("max_short_term_lufs"));
  r.sample_peak = object.at("sample_peak").get<double>();
  r.true_peak = read_optional_number(object.at("true_peak"));
  r.channel_sample_peak = object.at("channel_sample_peak").get<std::vector<double>>();
  r.channel_true_peak = object.at("channel_true_peak").get<std::vector<double>>();
  r.short_term_history_lufs = object.at("short_term_history_lufs").get<std::vector<double>>();
  r.gating_block_energies = object.at("gating_block_energies").get<std::vector<double>>();
  r.frames = object.at("frames").get<std::uint64_t>();
  return r;
}

constexpr std::array kStatuses = {BatchStatus::mastered, BatchStatus::skipped, BatchStatus::failed,
                                  BatchStatus::cancelled};

BatchStatus read_status(const std::string& name) {
  for (const BatchStatus status : kStatuses) {
    if (name == to_string(status)) return status;
  }
  throw Error(ErrorCode::invalid_argument, std::string(kWhat) + "unknown status " + name);
}

std::string dumped(const json& object) {
  try {
    return object.dump();
  } catch (const json::exception& failure) {
    throw Error(ErrorCode::invalid_argument, std::string(kWhat) + failure.what());
  }
}

// Parses `text` and reads it with `read`, turning the JSON library's complaints into Error.
template <typename Read>
auto parsed(const std::string& text, Read read) {
  try {
    return read(json::parse(text));
  } catch (const json::exception& failure) {
    throw Error(ErrorCode::invalid_argument, std::string(kWhat) + failure.what());
  }
}

}  // namespace

std::string batch_analysis_to_json(const BatchTrackAnalysis& a) {
  return dumped({{"track", track_json(a.track)},
                 {"index", a.index},
                 {"output", a.output.string()},
                 {"album_key", a.album_key},
                 {"album", a.album},
                 {"content_hash", a.content_hash},
                 {"frames", a.frames},
                 {"audio_seconds", a.audio_seconds},
                 {"profile", a.profile ? json::parse(profile_to_json(*a.profile)) : json(nullptr)},
                 {"analysis_cached", a.analysis_cached},
                 {"error_code", error_code_json(a.error_code)},
                 {"error", a.error}});
}

BatchTrackAnalysis batch_analysis_from_json(const std::string& text) {
  return parsed(text, [](const json& object) {
    BatchTrackAnalysis a;
    a.track = read_track(object.at("track"));
    a.index = object.at("index").get<std::size_t>();
    a.output = object.at("output").get<std::string>();
    a.album_key = object.at("album_key").get<std::string>();
    a.album = object.at("album").get<std::string>();
    a.content_hash = object.at("content_hash").get<std::string>();
    a.frames = object.at("frames").get<std::uint64_t>();
    a.audio_seconds = object.at("audio_seconds").get<double>();
    if (const json& profile = object.at("profile"); !profile.is_null())
      a.profile = profile_from_json(profile.dump());
    a.analysis_cached = object.at("analysis_cached").get<bool>();
    a.error_code = read_error_code(object.at("error_code"));
    a.error = object.at("error").get<std::string>();
    return a;
  });
}

std::string batch_decision_to_json(const BatchTrackDecision& d) {
  return dumped({{"target_lufs", optional_number(d.target_lufs)},
                 {"album_plan", d.album_plan ? json::parse(plan_to_json(*d.album_plan)) : json(nullptr)},
                 {"notes", d.notes}});
}

BatchTrackDecision batch_decision_from_json(const std::string& text) {
  return parsed(text, [](const json& object) {
    BatchTrackDecision d;
    d.target_lufs = read_optional_number(object.at("target_lufs"));
    if (const json& plan = object.at("album_plan"); !plan.is_null())
      d.album_plan = plan_from_json(plan.dump());
    d.notes = object.at("notes").get<std::vector<std::string>>();
    return d;
  });
}

std::string batch_result_to_json(const BatchTrackResult& r) {
  return dumped({{"track", track_json(r.track)},
                 {"output", r.output.string()},
                 {"status", to_string(r.status)},
                 {"report", r.report ? json::parse(report_to_json(*r.report)) : json(nullptr)},
                 {"album", r.album},
                 {"before_lufs", optional_number(r.before_lufs)},
                 {"after_lufs", optional_number(r.after_lufs)},
                 {"limiter_reduction_p99_db", r.limiter_reduction_p99_db},
                 {"error_code", error_code_json(r.error_code)},
                 {"error", r.error},
                 {"analysis_cached", r.analysis_cached},
                 {"seconds", r.seconds},
                 {"audio_seconds", r.audio_seconds},
                 {"compressor_reduction_mean_db", r.compressor_reduction_mean_db},
                 {"limiter_reduction_max_db", r.limiter_reduction_max_db},
                 {"pending_album_loudness",
                  r.pending_album_loudness ? loudness_json(*r.pending_album_loudness) : json(nullptr)}});
}

BatchTrackResult batch_result_from_json(const std::string& text) {
  return parsed(text, [](const json& object) {
    BatchTrackResult r;
    r.track = read_track(object.at("track"));
    r.output = object.at("output").get<std::string>();
    r.status = read_status(object.at("status").get<std::string>());
    r.album = object.at("album").get<std::string>();
    r.before_lufs = read_optional_number(object.at("before_lufs"));
    r.after_lufs = read_optional_number(object.at("after_lufs"));
    r.limiter_reduction_p99_db = object.at("limiter_reduction_p99_db").get<double>();
    r.error_code = read_error_code(object.at("error_code"));
    r.error = object.at("error").get<std::string>();
    r.analysis_cached = object.at("analysis_cached").get<bool>();
    r.seconds = object.at("seconds").get<double>();
    r.audio_seconds = object.at("audio_seconds").get<double>();
    r.compressor_reduction_mean_db = object.at("compressor_reduction_mean_db").get<double>();
    r.limiter_reduction_max_db = object.at("limiter_reduction_max_db").get<double>();
    if (const json& loudness = object.at("pending_album_loudness"); !loudness.is_null()) {
      r.pending_album_loudness = read_loudness(loudness);
    }
    return r;
  });
}

}  // namespace auralis
