// SPDX-License-Identifier: MIT
// JSON forms of plans, profiles and reports (nlohmann::json); unmeasurable values are null.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include <nlohmann/json.hpp>

#include "mastering/report_curves_json.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace auralis {

namespace {

using nlohmann::json;

json optional_value(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json loudness_json(const LoudnessReport& r) {
  return {
      {"integrated_lufs", optional_value(r.integrated_lufs)},
      {"loudness_range_lu", optional_value(r.loudness_range_lu)},
      {"max_momentary_lufs", optional_value(r.max_momentary_lufs)},
      {"max_short_term_lufs", optional_value(r.max_short_term_lufs)},
      {"sample_peak_dbfs", optional_value(LoudnessReport::to_db(r.sample_peak))},
      {"true_peak_dbtp", optional_value(r.true_peak ? LoudnessReport::to_db(*r.true_peak) : std::nullopt)}};
}

// The profile's loudness: the report's fields, plus what reading a profile back needs exactly (linear
// peaks, per channel, the frame count) and, unless left out, the per-100 ms histories.
json profile_loudness_json(const LoudnessReport& r, bool with_histories) {
  json j = loudness_json(r);
  j["sample_peak"] = r.sample_peak;
  j["true_peak"] = optional_value(r.true_peak);
  j["channel_sample_peak"] = r.channel_sample_peak;
  j["channel_true_peak"] = r.channel_true_peak;
  j["frames"] = r.frames;
  if (with_histories) {
    j["short_term_history_lufs"] = r.short_term_history_lufs;
    j["gating_block_energies"] = r.gating_block_energies;
  }
  return j;
}

json curve_json(const EqCurve& curve) {
  return {{"frequencies_hz", curve.frequencies_hz}, {"gains_db", curve.gains_db}};
}

json plan_json(const MasteringPlan& p) {
  const CompressorPlan& c = p.compressor;
  return {{"mode", to_string(p.mode)},
          {"preset", to_string(p.preset)},
          {"genre", to_string(p.genre)},
          {"target_lufs", optional_value(p.target_lufs)},
          {"eq_db", p.eq_db},
          {"subsonic_hz", p.subsonic_hz},
          {"sub_bass_db", p.sub_bass_db},
          {"eq_phase", to_string(p.eq_phase)},
          {"mid_eq", curve_json(p.mid_eq)},
          {"side_eq", curve_json(p.side_eq)},
          {"compressor",
           {{"enabled", p.compressor_enabled},
            {"detector", c.detector == DetectorKind::rms ? "rms" : "peak"},
            {"threshold_dbfs", c.threshold_dbfs},
            {"ratio", c.ratio},
            {"knee_db", c.knee_db},
            {"attack_ms", c.attack_ms},
            {"release_ms", c.release_ms},
            {"rms_window_ms", c.rms_window_ms},
            {"makeup_db", c.makeup_db},
            {"sidechain_high_pass_hz", c.sidechain_high_pass_hz},
            {"target_reduction_db", c.target_reduction_db}}},
          {"width",
           {{"side_gain", p.width.side_gain},
            {"bass_mono_hz", p.width.bass_mono_hz},
            {"min_correlation", p.width.min_correlation}}},
          {"limiter",
           {{"enabled", p.limiter.enabled},
            {"ceiling_dbtp", p.limiter.ceiling_dbtp},
            {"lookahead_ms", p.limiter.lookahead_ms},
            {"release_ms", p.limiter.release_ms},
            {"sustained_release_ms", p.limiter.sustained_release_ms},
            {"budget_p99_db", p.limiter.budget_p99_db},
            {"budget_mean_db", p.limiter.budget_mean_db}}},
          {"amounts",
           {{"eq", p.amounts.eq},
            {"dynamics", p.amounts.dynamics},
            {"width", p.amounts.width},
            {"loudness", p.amounts.loudness}}}};
}

// Every field of the profile; with_histories false leaves out the loudness histories (10 values a second
// each), which a report does not need.
json profile_json(const ContentProfile& p, bool with_histories = true) {
  return {{"sample_rate", p.sample_rate},
          {"channels", p.channels},
          {"duration_seconds", p.duration_seconds},
          {"loudness", profile_loudness_json(p.loudness, with_histories)},
          {"rms_dbfs", p.rms_dbfs},
          {"crest_db", p.crest_db},
          {"short_term_lufs",
           {{"p10", p.short_term_p10_lufs}, {"p50", p.short_term_p50_lufs}, {"p95", p.short_term_p95_lufs}}},
          {"dynamic_range_db", p.dynamic_range_db},
          {"compressor_overshoot_db", p.compressor_overshoot_db},
          {"log_band_power", p.log_band_power},
          {"mid_log_band_power", p.mid_log_band_power},
          {"side_log_band_power", p.side_log_band_power},
          {"critical_band_power", p.critical_band_power},
          {"loud_mid_log_band_power", p.loud_mid_log_band_power},
          {"loud_side_log_band_power", p.loud_side_log_band_power},
          {"mid_noise_floor", p.mid_noise_floor},
          {"side_noise_floor", p.side_noise_floor},
          {"spectral_centroid_hz", p.spectral_centroid_hz},
          {"spectral_rolloff_hz", p.spectral_rolloff_hz},
          {"spectral_flatness", p.spectral_flatness},
          {"correlation", p.correlation},
          {"width", p.width},
          {"band_correlation", p.band_correlation},
          {"band_width", p.band_width},
          {"low_end_correlation", p.low_end_correlation},
          {"tempo_bpm", p.tempo_bpm},
          {"onset_rate_hz", p.onset_rate_hz},
          {"clipped_samples", p.clipped_samples},
          {"level_class", to_string(p.level_class)},
          {"genre", to_string(p.genre)}};
}

// Reads `key` from `object` into `out` when present; a wrong type names the field.
template <class T>
void read(const json& object, const char* key, T& out, const std::string& path) {
  if (!object.is_object() || !object.contains(key)) return;
  try {
    out = object.at(key).get<T>();
  } catch (const json::exception&) {
    throw Error(ErrorCode::invalid_argument, "plan JSON: field " + path + key + " has the wrong type");
  }
}

template <class E, std::size_t N>
void read_enum(const json& object, const char* key, E& out, const char* (*name)(E) noexcept,
               const std::string& path) {
  if (!object.contains(key)) return;
  std::string text;
  read(object, key, text, path);
  for (std::size_t i = 0; i < N; ++i) {
    if (text == name(static_cast<E>(i))) {
      out = static_cast<E>(i);
      return;
    }
  }
  throw Error(ErrorCode::invalid_argument,
              "plan JSON: field " + path + key + " has an unknown value '" + text + "'");
}

// The object at `key`, or null when absent; anything else there is an error naming the field.
const json* section(const json& object, const char* key) {
  if (!object.contains(key)) return nullptr;
  const json& value = object.at(key);
  if (!value.is_object()) {
    throw Error(ErrorCode::invalid_argument, std::string("plan JSON: field ") + key + " must be an object");
  }
  return &value;
}

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// A key plan_to_json does not write at `path` (e.g. "limiter."): names it and the nearest key there, or,
// when nothing is near (a typo changes a couple of letters, or a third of a long key), all of them.
Error unknown_key(const std::string& key, const json& known, const std::string& path) {
  std::string nearest, all;
  std::size_t nearest_distance = 0;
  for (const auto& [candidate, value] : known.items()) {
    const std::size_t distance = edit_distance(key, candidate);
    if (nearest.empty() || distance < nearest_distance) {
      nearest = candidate;
      nearest_distance = distance;
    }
    all += (all.empty() ? "" : ", ") + candidate;
  }
  const std::string what = "plan JSON: unknown key " + path + key;
  if (nearest_distance <= std::max<std::size_t>(2, nearest.size() / 3)) {
    return Error(ErrorCode::invalid_argument, what + "; did you mean " + path + nearest + "?");
  }
  return Error(ErrorCode::invalid_argument,
               what + "; the keys " +
                   (path.empty() ? "at the top level" : "in " + path.substr(0, path.size() - 1)) + " are " +
                   all);
}

// Refuses any key of `given` that `known` (what plan_to_json writes) lacks, at every depth, so that a
// misspelt field is an error instead of a silently kept default.
void check_keys(const json& given, const json& known, const std::string& path) {
  for (const auto& [key, value] : given.items()) {
    const auto found = known.find(key);
    if (found == known.end()) throw unknown_key(key, known, path);
    if (found->is_object() && value.is_object()) check_keys(value, *found, path + key + ".");
  }
}

// nlohmann::json keeps the last of two equal keys in one object; a plan saying two things is refused
// instead. Tracks the keys seen in each open object while parsing (a parser callback).
class DuplicateKeyCheck {
 public:
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        open_.push_back({child_path(), {}, {}});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        open_.pop_back();
        break;
      case json::parse_event_t::key: {
        Container& object = open_.back();
        const std::string& key = parsed.get_ref<const std::string&>();
        if (!object.keys.insert(key).second) {
          throw Error(ErrorCode::invalid_argument,
                      "plan JSON: key " + object.path + key + " appears twice; give each field once");
        }
        object.last_key = key;
        break;
      }
      case json::parse_event_t::value:
        break;
    }
    return true;
  }

 private:
  struct Container {
    std::string path;  // prefix of its keys' names, e.g. "limiter."
    std::set<std::string> keys;
    std::string last_key;
  };

  // Path prefix of a container opening now: the key it is the value of, or its array's name.
  std::string child_path() const {
    if (open_.empty()) return "";
    const Container& parent = open_.back();
    return parent.last_key.empty() ? parent.path : parent.path + parent.last_key + ".";
  }

  std::vector<Container> open_;
};

void read_curve(const json& object, const char* key, EqCurve& curve) {
  const json* found = section(object, key);
  if (found == nullptr) return;
  const json& c = *found;
  read(c, "frequencies_hz", curve.frequencies_hz, std::string(key) + ".");
  read(c, "gains_db", curve.gains_db, std::string(key) + ".");
}

}  // namespace

std::string plan_to_json(const MasteringPlan& plan) {
  return plan_json(plan).dump(2);
}
std::string profile_to_json(const ContentProfile& profile) {
  return profile_json(profile).dump(2);
}

json reduction_json(const GainReduction& r) {
  return {{"max_db", r.max_db},
          {"p99_db", r.p99_db},
          {"mean_db", r.mean_db},
          {"seconds_above_1db", r.seconds_above_1db}};
}

std::string report_to_json(const MasterReport& report) {
  json timings = json::array();
  for (const StageTiming& t : report.timings) {
    timings.push_back({{"pass", t.pass},
                       {"stage", t.stage},
                       {"wall_seconds", t.wall_seconds},
                       {"cpu_seconds", t.cpu_seconds}});
  }
  const BackendStats& b = report.backend;
  json document{
      {"profile", profile_json(report.profile, false)},
      {"reference_profile",
       report.reference_profile ? profile_json(*report.reference_profile, false) : json(nullptr)},
      {"plan", plan_json(report.plan)},
      {"before", loudness_json(report.before)},
      {"after", loudness_json(report.after)},
      {"lowered_target_lufs", report.lowered_target_lufs ? json(*report.lowered_target_lufs) : json(nullptr)},
      {"codec_ceiling", report.codec_ceiling
                            ? json{{"renders", report.codec_ceiling->renders},
                                   {"limiter_ceiling_dbtp", report.codec_ceiling->limiter_ceiling_dbtp},
                                   {"decoded_true_peak_dbtp", report.codec_ceiling->decoded_true_peak_dbtp}}
                            : json(nullptr)},
      {"gain_reduction",
       {{"compressor", reduction_json(report.compressor_reduction)},
        {"limiter", reduction_json(report.limiter_reduction)}}},
      {"warnings", report.warnings},
      {"timings", timings},
      {"backend",
       {{"name", b.backend},
        {"device", b.device},
        {"threads", b.threads},
        {"bytes_uploaded", b.bytes_uploaded},
        {"bytes_downloaded", b.bytes_downloaded},
        {"submissions", b.submissions},
        {"analyze_calls", b.analyze.calls},
        {"convolve_calls", b.convolve.calls},
        {"cpu_fallbacks", b.cpu_fallbacks}}}};
  document.update(mastering::report_curves_json(report));
  // Warnings carry file names, which on Linux are any bytes: invalid UTF-8 becomes U+FFFD, not an
  // exception after the audio was made.
  return document.dump(2, ' ', false, json::error_handler_t::replace);
}

MasteringPlan plan_from_json(const std::string& text) {
  json j;
  try {
    DuplicateKeyCheck duplicates;
    j = json::parse(text, [&duplicates](int depth, json::parse_event_t event, json& parsed) {
      return duplicates(depth, event, parsed);
    });
  } catch (const json::exception& e) {
    throw Error(ErrorCode::invalid_argument, std::string("plan JSON: not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw Error(ErrorCode::invalid_argument, "plan JSON: expected an object");
  static const json known = plan_json(MasteringPlan{});
  check_keys(j, known, "");
  MasteringPlan p;
  read_enum<MasteringMode, 3>(j, "mode", p.mode, to_string, "");
  read_enum<Preset, 6>(j, "preset", p.preset, to_string, "");
  read_enum<Genre, 10>(j, "genre", p.genre, to_string, "");
  if (j.contains("target_lufs")) {
    if (j.at("target_lufs").is_null()) {
      p.target_lufs.reset();
    } else {
      double target = 0.0;
      read(j, "target_lufs", target, "");
      p.target_lufs = target;
    }
  }
  if (j.contains("eq_db") && j.at("eq_db").is_array() && j.at("eq_db").size() != critical_band_count) {
    throw Error(ErrorCode::invalid_argument,
                "plan JSON: field eq_db must hold " + std::to_string(critical_band_count) +
                    " values (one per critical band), not " + std::to_string(j.at("eq_db").size()));
  }
  read(j, "eq_db", p.eq_db, "");
  read(j, "subsonic_hz", p.subsonic_hz, "");
  read(j, "sub_bass_db", p.sub_bass_db, "");
  read_enum<EqPhase, 3>(j, "eq_phase", p.eq_phase, to_string, "");
  read_curve(j, "mid_eq", p.mid_eq);
  read_curve(j, "side_eq", p.side_eq);
  if (const json* compressor_section = section(j, "compressor")) {
    const json& c = *compressor_section;
    read(c, "enabled", p.compressor_enabled, "compressor.");
    std::string detector = p.compressor.detector == DetectorKind::rms ? "rms" : "peak";
    read(c, "detector", detector, "compressor.");
    if (detector != "rms" && detector != "peak") {
      throw Error(ErrorCode::invalid_argument, "plan JSON: compressor.detector must be rms or peak");
    }
    p.compressor.detector = detector == "rms" ? DetectorKind::rms : DetectorKind::peak;
    read(c, "threshold_dbfs", p.compressor.threshold_dbfs, "compressor.");
    read(c, "ratio", p.compressor.ratio, "compressor.");
    read(c, "knee_db", p.compressor.knee_db, "compressor.");
    read(c, "attack_ms", p.compressor.attack_ms, "compressor.");
    read(c, "release_ms", p.compressor.release_ms, "compressor.");
    read(c, "rms_window_ms", p.compressor.rms_window_ms, "compressor.");
    read(c, "makeup_db", p.compressor.makeup_db, "compressor.");
    read(c, "sidechain_high_pass_hz", p.compressor.sidechain_high_pass_hz, "compressor.");
    read(c, "target_reduction_db", p.compressor.target_reduction_db, "compressor.");
  }
  if (const json* width_section = section(j, "width")) {
    const json& w = *width_section;
    read(w, "side_gain", p.width.side_gain, "width.");
    read(w, "bass_mono_hz", p.width.bass_mono_hz, "width.");
    read(w, "min_correlation", p.width.min_correlation, "width.");
  }
  if (const json* limiter_section = section(j, "limiter")) {
    const json& l = *limiter_section;
    read(l, "enabled", p.limiter.enabled, "limiter.");
    read(l, "ceiling_dbtp", p.limiter.ceiling_dbtp, "limiter.");
    read(l, "lookahead_ms", p.limiter.lookahead_ms, "limiter.");
    read(l, "release_ms", p.limiter.release_ms, "limiter.");
    read(l, "sustained_release_ms", p.limiter.sustained_release_ms, "limiter.");
    read(l, "budget_p99_db", p.limiter.budget_p99_db, "limiter.");
    read(l, "budget_mean_db", p.limiter.budget_mean_db, "limiter.");
  }
  if (const json* amounts_section = section(j, "amounts")) {
    const json& a = *amounts_section;
    read(a, "eq", p.amounts.eq, "amounts.");
    read(a, "dynamics", p.amounts.dynamics, "amounts.");
    read(a, "width", p.amounts.width, "amounts.");
    read(a, "loudness", p.amounts.loudness, "amounts.");
  }
  return p;
}

namespace {

// The fields of one object of a profile's JSON: each read is required and type-checked, and finish()
// refuses any key that was not read, so that a profile written by another version is refused whole
// instead of read with defaults.
class ProfileFields {
 public:
  ProfileFields(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object())
      fail((path_.empty() ? "the profile" : "field " + name_of("")) + " must be an object");
  }

  ProfileFields object(const char* key) { return ProfileFields(at(key), path_ + key + "."); }

  double number(const char* key) { return number_at(at(key), key); }

  std::optional<double> optional_number(const char* key) {
    const json& value = at(key);
    if (value.is_null()) return std::nullopt;
    return number_at(value, key);
  }

  template <class T>
  T unsigned_integer(const char* key) {
    const json& value = at(key);
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > std::numeric_limits<T>::max()) {
      fail("field " + name_of(key) + " must be an unsigned integer");
    }
    return static_cast<T>(value.get<std::uint64_t>());
  }

  std::vector<double> numbers(const char* key) { return numbers_at(at(key), key); }

  template <std::size_t N>
  std::array<double, N> fixed_numbers(const char* key) {
    return fixed_at<N>(at(key), key);
  }

  // An array of Rows arrays of N numbers each.
  template <std::size_t Rows, std::size_t N>
  std::array<std::array<double, N>, Rows> number_rows(const char* key) {
    const json& value = at(key);
    check_size(value, Rows, key);
    std::array<std::array<double, N>, Rows> result{};
    for (std::size_t row = 0; row < Rows; ++row) result[row] = fixed_at<N>(value[row], key);
    return result;
  }

  template <class E, std::size_t N>
  E name(const char* key, const char* (*to_name)(E) noexcept) {
    const json& value = at(key);
    if (value.is_string()) {
      for (std::size_t i = 0; i < N; ++i) {
        if (value.get_ref<const std::string&>() == to_name(static_cast<E>(i))) return static_cast<E>(i);
      }
    }
    fail("field " + name_of(key) + " has an unknown value " + value.dump());
  }

  // A value profile_to_json derives from others (a peak in dB): present and a number or null, not read.
  void derived(const char* key) {
    const json& value = at(key);
    if (!value.is_null()) number_at(value, key);
  }

  void finish() const {
    for (const auto& [key, value] : object_.items()) {
      if (read_.count(key) == 0) fail("unknown key " + name_of(key));
    }
  }

 private:
  [[noreturn]] static void fail(const std::string& what) {
    throw Error(ErrorCode::invalid_argument, "profile JSON: " + what);
  }
  std::string name_of(const std::string& key) const {
    const std::string full = path_ + key;
    return key.empty() ? full.substr(0, full.size() - 1) : full;
  }
  const json& at(const char* key) {
    const auto found = object_.find(key);
    if (found == object_.end()) fail("missing field " + name_of(key));
    read_.insert(key);
    return *found;
  }
  double number_at(const json& value, const char* key) const {
    if (!value.is_number()) fail("field " + name_of(key) + " must hold numbers");
    return value.get<double>();
  }
  std::vector<double> numbers_at(const json& value, const char* key) const {
    if (!value.is_array()) fail("field " + name_of(key) + " must be an array");
    std::vector<double> result;
    result.reserve(value.size());
    for (const json& element : value) result.push_back(number_at(element, key));
    return result;
  }
  void check_size(const json& value, std::size_t size, const char* key) const {
    if (!value.is_array()) fail("field " + name_of(key) + " must be an array");
    if (value.size() != size) {
      fail("field " + name_of(key) + " must hold " + std::to_string(size) + " values, not " +
           std::to_string(value.size()));
    }
  }
  template <std::size_t N>
  std::array<double, N> fixed_at(const json& value, const char* key) const {
    check_size(value, N, key);
    std::array<double, N> result{};
    for (std::size_t i = 0; i < N; ++i) result[i] = number_at(value[i], key);
    return result;
  }

  const json& object_;
  std::string path_;  // prefix of its keys' names, e.g. "loudness."
  std::set<std::string> read_;
};

LoudnessReport loudness_from_json(ProfileFields fields) {
  LoudnessReport r;
  r.integrated_lufs = fields.optional_number("integrated_lufs");
  r.loudness_range_lu = fields.optional_number("loudness_range_lu");
  r.max_momentary_lufs = fields.optional_number("max_momentary_lufs");
  r.max_short_term_lufs = fields.optional_number("max_short_term_lufs");
  fields.derived("sample_peak_dbfs");
  fields.derived("true_peak_dbtp");
  r.sample_peak = fields.number("sample_peak");
  r.true_peak = fields.optional_number("true_peak");
  r.channel_sample_peak = fields.numbers("channel_sample_peak");
  r.channel_true_peak = fields.numbers("channel_true_peak");
  r.short_term_history_lufs = fields.numbers("short_term_history_lufs");
  r.gating_block_energies = fields.numbers("gating_block_energies");
  r.frames = fields.unsigned_integer<std::uint64_t>("frames");
  fields.finish();
  return r;
}

}  // namespace

ContentProfile profile_from_json(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw Error(ErrorCode::invalid_argument, std::string("profile JSON: not valid JSON: ") + e.what());
  }
  ProfileFields fields(j, "");
  ContentProfile p;
  p.sample_rate = fields.unsigned_integer<std::uint32_t>("sample_rate");
  p.channels = fields.unsigned_integer<std::size_t>("channels");
  p.duration_seconds = fields.number("duration_seconds");
  p.loudness = loudness_from_json(fields.object("loudness"));
  p.rms_dbfs = fields.number("rms_dbfs");
  p.crest_db = fields.number("crest_db");
  ProfileFields short_term = fields.object("short_term_lufs");
  p.short_term_p10_lufs = short_term.number("p10");
  p.short_term_p50_lufs = short_term.number("p50");
  p.short_term_p95_lufs = short_term.number("p95");
  short_term.finish();
  p.dynamic_range_db = fields.number("dynamic_range_db");
  p.clipped_samples = fields.unsigned_integer<std::uint64_t>("clipped_samples");
  p.compressor_overshoot_db =
      fields.number_rows<compressor_probe_ballistics, compressor_probe_count>("compressor_overshoot_db");
  p.log_band_power = fields.fixed_numbers<log_band_count>("log_band_power");
  p.mid_log_band_power = fields.fixed_numbers<log_band_count>("mid_log_band_power");
  p.side_log_band_power = fields.fixed_numbers<log_band_count>("side_log_band_power");
  p.loud_mid_log_band_power = fields.fixed_numbers<log_band_count>("loud_mid_log_band_power");
  p.loud_side_log_band_power = fields.fixed_numbers<log_band_count>("loud_side_log_band_power");
  p.mid_noise_floor = fields.fixed_numbers<log_band_count>("mid_noise_floor");
  p.side_noise_floor = fields.fixed_numbers<log_band_count>("side_noise_floor");
  p.critical_band_power = fields.fixed_numbers<critical_band_count>("critical_band_power");
  p.spectral_centroid_hz = fields.number("spectral_centroid_hz");
  p.spectral_rolloff_hz = fields.number("spectral_rolloff_hz");
  p.spectral_flatness = fields.number("spectral_flatness");
  p.correlation = fields.number("correlation");
  p.width = fields.number("width");
  p.band_correlation = fields.fixed_numbers<critical_band_count>("band_correlation");
  p.band_width = fields.fixed_numbers<critical_band_count>("band_width");
  p.low_end_correlation = fields.number("low_end_correlation");
  p.tempo_bpm = fields.number("tempo_bpm");
  p.onset_rate_hz = fields.number("onset_rate_hz");
  p.level_class = fields.name<LevelClass, 6>("level_class", to_string);
  p.genre = fields.name<Genre, 10>("genre", to_string);
  fields.finish();
  return p;
}

}  // namespace auralis
