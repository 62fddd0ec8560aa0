// SPDX-License-Identifier: MIT
// render_report_html: the page of one master, section by section from the report JSON: the numbers, the plan
// in words, loudness and gain reduction over time, true-peak overs, spectra, the EQ applied and the
// loudness-matched comparison.
#include <auralis/error.hpp>
#include <auralis/report.hpp>

#include "report/page_style.hpp"
#include "report/report_json.hpp"
#include "report/svg_plot.hpp"

#include <algorithm>
#include <cmath>

namespace auralis {

namespace report {

namespace {

constexpr const char* kBefore = "#1f77b4";
constexpr const char* kAfter = "#d62728";
constexpr const char* kReference = "#2ca02c";
constexpr const char* kGuide = "#555555";

std::vector<double> times(std::size_t count, double step) {
  std::vector<double> t(count);
  for (std::size_t i = 0; i < count; ++i) t[i] = static_cast<double>(i + 1) * step;
  return t;
}

double highest(const std::vector<PlotSeries>& series, double floor) {
  for (const PlotSeries& s : series) {
    for (const auto& y : s.y)
      if (y) floor = std::max(floor, *y);
  }
  return floor;
}

PlotSeries line(std::string label, const char* colour, std::vector<double> x,
                std::vector<std::optional<double>> y, double width = 1.5, bool dashed = false) {
  PlotSeries s;
  s.label = std::move(label);
  s.colour = colour;
  s.width = width;
  s.dashed = dashed;
  s.x = std::move(x);
  s.y = std::move(y);
  return s;
}

PlotSeries level_line(std::string label, const char* colour, double from, double to, double level) {
  return line(std::move(label), colour, {from, to}, {level, level}, 1.2, true);
}

std::string loudness_plot(const nlohmann::json& j, double duration) {
  const double step = *number_at(j, "curves/step_seconds");
  PlotSpec spec{
      "Loudness over time", "time (s)", "loudness (LUFS)", false, 0.0, std::max(duration, step), 0, 0, {}};
  const auto add = [&](const char* key, std::string label, const char* colour, double width) {
    const auto values = series_at(j, std::string("curves/") + key);
    if (!values.empty())
      spec.series.push_back(line(std::move(label), colour, times(values.size(), step), values, width));
  };
  add("momentary_before_lufs", "momentary, before", "#9ecae1", 1.0);
  add("momentary_after_lufs", "momentary, after", "#f4a6a6", 1.0);
  add("short_term_before_lufs", "short-term, before", kBefore, 2.0);
  add("short_term_after_lufs", "short-term, after", kAfter, 2.0);
  const std::optional<double> lowered = number_at(j, "lowered_target_lufs");
  const std::optional<double> target = lowered ? lowered : number_at(j, "plan/target_lufs");
  if (target)
    spec.series.push_back(
        level_line(lowered ? "target (lowered)" : "target", kGuide, 0.0, spec.x_max, *target));
  spec.y_max = std::ceil(highest(spec.series, -60.0) / 5.0) * 5.0 + 5.0;
  spec.y_min = spec.y_max - 45.0;
  return svg_plot(spec);
}

std::string reduction_plot(const nlohmann::json& j, double duration) {
  const double step = *number_at(j, "curves/step_seconds");
  PlotSpec spec{"Gain reduction over time (deepest per step)",
                "time (s)",
                "gain reduction (dB)",
                false,
                0.0,
                std::max(duration, step),
                0.0,
                0.0,
                {}};
  const auto add = [&](const char* key, std::string label, const char* colour) {
    const auto values = series_at(j, std::string("curves/") + key);
    if (!values.empty())
      spec.series.push_back(line(std::move(label), colour, times(values.size(), step), values));
  };
  add("compressor_reduction_db", "compressor", "#9467bd");
  add("limiter_reduction_db", "limiter", "#ff7f0e");
  if (spec.series.empty()) return "<p>Neither the compressor nor the limiter ran.</p>\n";
  spec.y_max = std::max(3.0, std::ceil(highest(spec.series, 0.0) + 0.5));
  return svg_plot(spec);
}

std::string overs_section(const nlohmann::json& j, double duration) {
  const nlohmann::json& overs = field(j, "curves/overs");
  const std::optional<double> ceiling = number_at(j, "plan/limiter/ceiling_dbtp");
  if (overs.empty()) {
    return "<p>No true-peak overs: every 100 ms of the output stays at or below the ceiling of " +
           shown(ceiling, "dBTP") + ".</p>\n";
  }
  PlotSeries points = line("true peak over the ceiling", kAfter, {}, {});
  points.markers = true;
  for (const nlohmann::json& over : overs) {
    points.x.push_back(over.at("time_seconds").get<double>());
    points.y.emplace_back(over.at("true_peak_dbtp").get<double>());
  }
  PlotSpec spec{"True-peak overs of the output (" + std::to_string(overs.size()) + " steps of 100 ms)",
                "time (s)",
                "true peak (dBTP)",
                false,
                0.0,
                std::max(duration, 0.1),
                0.0,
                0.0,
                {points}};
  if (ceiling) spec.series.push_back(level_line("ceiling", kGuide, 0.0, spec.x_max, *ceiling));
  spec.y_max = std::ceil(highest(spec.series, -60.0)) + 1.0;
  spec.y_min = std::floor(ceiling.value_or(spec.y_max - 6.0)) - 2.0;
  return svg_plot(spec);
}

std::vector<std::optional<double>> decibels(const std::vector<std::optional<double>>& power) {
  std::vector<std::optional<double>> db;
  for (const auto& p : power)
    db.push_back(p && *p > 0.0 ? std::optional<double>(10.0 * std::log10(*p)) : std::nullopt);
  return db;
}

std::vector<double> present(const std::vector<std::optional<double>>& values) {
  std::vector<double> out;
  for (const auto& v : values) out.push_back(v.value_or(0.0));
  return out;
}

std::string spectrum_plot(const nlohmann::json& j, const char* which, const char* name) {
  const std::vector<double> centres = present(series_at(j, "curves/band_centres_hz"));
  PlotSpec spec{std::string("Long-term spectrum, ") + name,
                "frequency (Hz)",
                "power per band (dB)",
                true,
                20.0,
                20000.0,
                0.0,
                0.0,
                {}};
  const auto add = [&](const std::string& key, const char* label, const char* colour) {
    if (!field(j, "curves").contains(key)) return;
    spec.series.push_back(line(label, colour, centres, decibels(series_at(j, "curves/" + key))));
  };
  add(std::string(which) + "_before_log_band_power", "before", kBefore);
  add(std::string(which) + "_after_log_band_power", "after", kAfter);
  add(std::string(which) + "_reference_log_band_power", "reference", kReference);
  spec.y_max = std::ceil(highest(spec.series, -120.0) / 10.0) * 10.0 + 5.0;
  spec.y_min = spec.y_max - 90.0;
  return svg_plot(spec);
}

std::string eq_plot(const nlohmann::json& j) {
  const std::vector<double> f = present(series_at(j, "eq_applied/frequencies_hz"));
  PlotSpec spec{
      "EQ applied (amount included)", "frequency (Hz)", "gain (dB)", true, 20.0, 20000.0, 0.0, 0.0, {}};
  spec.series.push_back(line("mid", kAfter, f, series_at(j, "eq_applied/mid_db"), 2.0));
  spec.series.push_back(line("side", "#8c564b", f, series_at(j, "eq_applied/side_db"), 1.5, true));
  double largest = 0.0;
  for (const PlotSeries& s : spec.series) {
    for (const auto& y : s.y)
      if (y) largest = std::max(largest, std::abs(*y));
  }
  spec.y_max = std::max(3.0, std::ceil(largest + 1.0));
  spec.y_min = -spec.y_max;
  return svg_plot(spec);
}

std::string numbers_table(const nlohmann::json& j) {
  struct Row {
    const char* label;
    const char* key;
    const char* unit;
  };
  static constexpr Row rows[] = {{"integrated loudness", "integrated_lufs", "LUFS"},
                                 {"loudness range", "loudness_range_lu", "LU"},
                                 {"max momentary", "max_momentary_lufs", "LUFS"},
                                 {"max short-term", "max_short_term_lufs", "LUFS"},
                                 {"true peak", "true_peak_dbtp", "dBTP"},
                                 {"sample peak", "sample_peak_dbfs", "dBFS"}};
  std::string html = "<table>\n<tr><th></th><th>before</th><th>after</th></tr>\n";
  for (const Row& r : rows) {
    html += std::string("<tr><td>") + r.label + "</td><td>" +
            shown(number_at(j, std::string("before/") + r.key), r.unit) + "</td><td>" +
            shown(number_at(j, std::string("after/") + r.key), r.unit) + "</td></tr>\n";
  }
  html += "<tr><td>compressor gain reduction (max / mean)</td><td></td><td>" +
          shown(number_at(j, "gain_reduction/compressor/max_db"), "dB") + " / " +
          shown(number_at(j, "gain_reduction/compressor/mean_db"), "dB") + "</td></tr>\n";
  html += "<tr><td>limiter gain reduction (max / mean)</td><td></td><td>" +
          shown(number_at(j, "gain_reduction/limiter/max_db"), "dB") + " / " +
          shown(number_at(j, "gain_reduction/limiter/mean_db"), "dB") + "</td></tr>\n";
  return html + "</table>\n";
}

std::string comparison_table(const nlohmann::json& j) {
  struct Row {
    const char* label;
    const char* key;
    const char* unit;
  };
  static constexpr Row rows[] = {{"integrated loudness", "integrated_lufs", "LUFS"},
                                 {"true peak", "true_peak_dbtp", "dBTP"},
                                 {"max momentary", "max_momentary_lufs", "LUFS"},
                                 {"max short-term", "max_short_term_lufs", "LUFS"},
                                 {"loudness range", "loudness_range_lu", "LU"},
                                 {"peak to loudness (PLR)", "peak_to_loudness_db", "dB"},
                                 {"spectral tilt, 50 Hz-16 kHz", "spectral_tilt_db_per_octave", "dB/oct"}};
  std::string html =
      "<p>The after column is moved by " + shown(number_at(j, "comparison/after_gain_db"), "dB") +
      " to the before's integrated loudness, so the numbers compare what changed besides the level."
      "</p>\n<table>\n<tr><th></th><th>before</th><th>after, loudness-matched</th><th>change</th></tr>\n";
  for (const Row& r : rows) {
    const auto before = number_at(j, std::string("comparison/before/") + r.key);
    const auto after = number_at(j, std::string("comparison/after_matched/") + r.key);
    const std::optional<double> change =
        before && after ? std::optional<double>(*after - *before) : std::nullopt;
    html += std::string("<tr><td>") + r.label + "</td><td>" + shown(before, r.unit, 2) + "</td><td>" +
            shown(after, r.unit, 2) + "</td><td>" + shown(change, r.unit, 2) + "</td></tr>\n";
  }
  return html + "</table>\n";
}

std::string text_list(const nlohmann::json& items, const char* css_class) {
  std::string html = "<ul>\n";
  for (const nlohmann::json& item : items) {
    html +=
        std::string("<li class=\"") + css_class + "\">" + escape_html(item.get<std::string>()) + "</li>\n";
  }
  return html + "</ul>\n";
}

}  // namespace

}  // namespace report

std::string render_report_html(const std::string& report_json) {
  using namespace report;
  const nlohmann::json j = parse_report(report_json);
  if (field(j, "curves").is_null()) {
    throw Error(ErrorCode::invalid_argument,
                "report JSON: its master measured no curves (they are measured when asked: auralis master "
                "--json or --report, MasterOptions::curves)");
  }
  const double duration = number_at(j, "profile/duration_seconds").value_or(0.0);
  std::string html = page_head("auralis master report");
  html += "<h1>auralis master report</h1>\n";
  html += "<p>" + shown(duration, "s") + ", " + shown(number_at(j, "profile/sample_rate"), "Hz", 0) + ", " +
          std::to_string(field(j, "profile/channels").get<int>()) + " channels.</p>\n";
  html += numbers_table(j);
  html += "<h2>The plan in words</h2>\n" + text_list(field(j, "plan_in_words"), "plan");
  html += "<h2>Loudness</h2>\n" + loudness_plot(j, duration);
  html += "<h2>Gain reduction</h2>\n" + reduction_plot(j, duration);
  html += "<h2>True-peak overs</h2>\n" + overs_section(j, duration);
  html += "<h2>Spectrum</h2>\n";
  if (field(j, "profile/channels").get<int>() == 2) {
    html += spectrum_plot(j, "mid", "mid ((L+R)/2)") + spectrum_plot(j, "side", "side ((L-R)/2)");
  } else {
    html += spectrum_plot(j, "mid", "mean of the channels");
  }
  html += "<h2>EQ</h2>\n" + eq_plot(j);
  html += "<h2>Before and after at equal loudness</h2>\n" + comparison_table(j);
  const nlohmann::json& warnings = field(j, "warnings");
  html += "<h2>Warnings</h2>\n" +
          (warnings.empty() ? std::string("<p>None.</p>\n") : text_list(warnings, "warning"));
  return html + page_tail();
}

}  // namespace auralis
