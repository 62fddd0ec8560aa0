// SPDX-License-Identifier: MIT
// The HTML report of a master: one self-contained page (inline SVG plots, no network, no script needed)
// drawn from the JSON report (report_to_json), so that `auralis master --report` and `auralis report` on a
// saved JSON report make the same page; and a batch's index page linking the tracks' pages.
#pragma once

#include <auralis/export.h>

#include <filesystem>
#include <string>
#include <vector>

namespace auralis {

/// The page for one master, from what report_to_json wrote of a master that measured its curves
/// (MasterOptions::curves). Throws Error(invalid_argument), the message starting "report JSON: ", for text
/// that does not parse, lacks a field the page shows, or has no curves.
AURALIS_API std::string render_report_html(const std::string& report_json);

/// One row of a batch's index page.
struct AURALIS_API ReportIndexEntry {
  std::string name;         ///< What the row is called (the input's name).
  std::string href;         ///< Link to the track's page, relative to the index.
  std::string report_json;  ///< The track's report_to_json.
};

/// A batch's index: one row per track (loudness before and after, gain reduction, warnings) linking to its
/// page. Throws what render_report_html throws for an entry's JSON.
AURALIS_API std::string render_report_index_html(const std::vector<ReportIndexEntry>& tracks);

/// Writes `html` to `path` atomically (a temporary file beside it, renamed into place once on disk).
/// Throws Error(write_failed) naming the path.
AURALIS_API void write_report_file(const std::filesystem::path& path, const std::string& html);

}  // namespace auralis
