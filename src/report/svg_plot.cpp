// SPDX-License-Identifier: MIT
// svg_plot: a fixed 900 x 300 drawing area with margins for the labels; linear axes get 1-2-5 ticks, log
// axes the 1-2-5 steps of each decade.
#include "report/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace auralis::report {

namespace {

constexpr double kWidth = 960.0, kHeight = 340.0;
constexpr double kLeft = 70.0, kRight = 190.0, kTop = 34.0, kBottom = 52.0;

std::string number(double v, int decimals = 1) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

std::vector<double> linear_ticks(double lo, double hi) {
  const double raw = (hi - lo) / 6.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push_back(t);
  return ticks;
}

std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> ticks;
  for (double decade = std::pow(10.0, std::floor(std::log10(lo))); decade <= hi; decade *= 10.0) {
    for (const double m : {1.0, 2.0, 5.0}) {
      if (m * decade >= lo && m * decade <= hi) ticks.push_back(m * decade);
    }
  }
  return ticks;
}

std::string tick_label(double v, bool log_x) {
  if (log_x && v >= 1000.0)
    return number(v / 1000.0, v >= 10000.0 || std::fmod(v, 1000.0) == 0.0 ? 0 : 1) + "k";
  const double rounded = std::round(v);
  return std::abs(v - rounded) < 1e-9 ? number(rounded, 0) : number(v, 1);
}

}  // namespace

std::string escape_html(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string svg_plot(const PlotSpec& spec) {
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  const auto to_x = [&](double x) {
    const double f = spec.log_x ? std::log(x / spec.x_min) / std::log(spec.x_max / spec.x_min)
                                : (x - spec.x_min) / (spec.x_max - spec.x_min);
    return kLeft + plot_w * std::clamp(f, 0.0, 1.0);
  };
  const auto to_y = [&](double y) {
    const double f = (y - spec.y_min) / (spec.y_max - spec.y_min);
    return kTop + plot_h * (1.0 - std::clamp(f, 0.0, 1.0));
  };
  std::string svg = "<svg class=\"plot\" viewBox=\"0 0 " + number(kWidth, 0) + " " + number(kHeight, 0) +
                    "\" role=\"img\" aria-label=\"" + escape_html(spec.title) + "\">\n";
  svg += "<title>" + escape_html(spec.title) + "</title>\n";
  svg += "<text x=\"" + number(kLeft, 0) + "\" y=\"20\" class=\"plot-title\">" + escape_html(spec.title) +
         "</text>\n";
  svg += "<rect x=\"" + number(kLeft, 0) + "\" y=\"" + number(kTop, 0) + "\" width=\"" + number(plot_w, 0) +
         "\" height=\"" + number(plot_h, 0) + "\" class=\"frame\"/>\n";
  for (const double t :
       spec.log_x ? log_ticks(spec.x_min, spec.x_max) : linear_ticks(spec.x_min, spec.x_max)) {
    const std::string x = number(to_x(t));
    svg += "<line x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + number(kTop, 0) + "\" y2=\"" +
           number(kTop + plot_h, 0) + "\" class=\"grid\"/><text x=\"" + x + "\" y=\"" +
           number(kTop + plot_h + 16, 0) + "\" class=\"tick\" text-anchor=\"middle\">" +
           tick_label(t, spec.log_x) + "</text>\n";
  }
  for (const double t : linear_ticks(spec.y_min, spec.y_max)) {
    const std::string y = number(to_y(t));
    svg += "<line x1=\"" + number(kLeft, 0) + "\" x2=\"" + number(kLeft + plot_w, 0) + "\" y1=\"" + y +
           "\" y2=\"" + y + "\" class=\"grid\"/><text x=\"" + number(kLeft - 6, 0) + "\" y=\"" + y +
           "\" dy=\"4\" class=\"tick\" text-anchor=\"end\">" + tick_label(t, false) + "</text>\n";
  }
  svg += "<text x=\"" + number(kLeft + plot_w / 2, 0) + "\" y=\"" + number(kHeight - 12, 0) +
         "\" class=\"axis-label\" text-anchor=\"middle\">" + escape_html(spec.x_label) + "</text>\n";
  svg += "<text transform=\"translate(18 " + number(kTop + plot_h / 2, 0) +
         ") rotate(-90)\" class=\"axis-label\" text-anchor=\"middle\">" + escape_html(spec.y_label) +
         "</text>\n";
  double legend_y = kTop + 10;
  for (const PlotSeries& s : spec.series) {
    const std::string style = "stroke=\"" + s.colour + "\" stroke-width=\"" + number(s.width) + "\"" +
                              (s.dashed ? " stroke-dasharray=\"6 4\"" : "");
    if (s.markers) {
      for (std::size_t i = 0; i < s.x.size(); ++i) {
        if (!s.y[i]) continue;
        svg += "<circle cx=\"" + number(to_x(s.x[i])) + "\" cy=\"" + number(to_y(*s.y[i])) +
               "\" r=\"3.5\" fill=\"" + s.colour + "\" class=\"series\"/>\n";
      }
    } else {
      std::string d;
      bool open = false;
      for (std::size_t i = 0; i < s.x.size(); ++i) {
        if (!s.y[i] || !std::isfinite(*s.y[i])) {
          open = false;
          continue;
        }
        d += (open ? "L" : "M") + number(to_x(s.x[i])) + " " + number(to_y(*s.y[i])) + " ";
        open = true;
      }
      if (!d.empty()) svg += "<path class=\"series\" fill=\"none\" " + style + " d=\"" + d + "\"/>\n";
    }
    const std::string lx = number(kLeft + plot_w + 14, 0), ly = number(legend_y);
    svg += "<line x1=\"" + lx + "\" x2=\"" + number(kLeft + plot_w + 40, 0) + "\" y1=\"" + ly + "\" y2=\"" +
           ly + "\" " + style + "/><text x=\"" + number(kLeft + plot_w + 46, 0) + "\" y=\"" + ly +
           "\" dy=\"4\" class=\"legend\">" + escape_html(s.label) + "</text>\n";
    legend_y += 20;
  }
  return svg + "</svg>\n";
}

}  // namespace auralis::report
