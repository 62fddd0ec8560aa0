// SPDX-License-Identifier: MIT
// render_report_index_html: a batch's tracks in one table, each row linking to the track's own page.
#include <auralis/report.hpp>

#include "report/page_style.hpp"
#include "report/report_json.hpp"
#include "report/svg_plot.hpp"

namespace auralis {

std::string render_report_index_html(const std::vector<ReportIndexEntry>& tracks) {
  using namespace report;
  std::string html = page_head("auralis batch report");
  html +=
      "<h1>auralis batch report</h1>\n<p>" + std::to_string(tracks.size()) +
      " tracks mastered in this run.</p>\n<table>\n<tr><th>track</th><th>before</th><th>after</th>"
      "<th>true peak after</th><th>compressor GR, mean</th><th>limiter GR, max</th><th>warnings</th></tr>\n";
  for (const ReportIndexEntry& track : tracks) {
    const nlohmann::json j = parse_report(track.report_json);
    std::string warnings;
    for (const nlohmann::json& w : field(j, "warnings")) {
      warnings += (warnings.empty() ? "" : "<br>") + escape_html(w.get<std::string>());
    }
    html += "<tr><td><a href=\"" + escape_html(track.href) + "\">" + escape_html(track.name) +
            "</a></td><td>" + shown(number_at(j, "before/integrated_lufs"), "LUFS") + "</td><td>" +
            shown(number_at(j, "after/integrated_lufs"), "LUFS") + "</td><td>" +
            shown(number_at(j, "after/true_peak_dbtp"), "dBTP") + "</td><td>" +
            shown(number_at(j, "gain_reduction/compressor/mean_db"), "dB") + "</td><td>" +
            shown(number_at(j, "gain_reduction/limiter/max_db"), "dB") + "</td><td class=\"warning\">" +
            warnings + "</td></tr>\n";
  }
  return html + "</table>\n" + page_tail();
}

}  // namespace auralis
