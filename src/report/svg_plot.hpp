// SPDX-License-Identifier: MIT
// An x-y line plot as inline SVG: axes with ticks and units, one polyline per series (broken where a value
// is missing), optional horizontal reference lines and markers, and a legend.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace auralis::report {

struct PlotSeries {
  std::string label;
  std::string colour;  ///< A CSS colour.
  double width = 1.5;
  bool dashed = false;
  std::vector<double> x;
  std::vector<std::optional<double>> y;  ///< Missing: a gap in the line.
  bool markers = false;                  ///< Circles at the points instead of a line.
};

struct PlotSpec {
  std::string title;
  std::string x_label;  ///< With its unit, e.g. "time (s)".
  std::string y_label;
  bool log_x = false;
  double x_min = 0.0, x_max = 1.0;
  double y_min = 0.0, y_max = 1.0;
  std::vector<PlotSeries> series;
};

/// The plot as an <svg> element (class "plot"), values clipped to the axes' ranges.
std::string svg_plot(const PlotSpec& spec);

/// `text` with &, <, >, " escaped for HTML.
std::string escape_html(const std::string& text);

}  // namespace auralis::report
