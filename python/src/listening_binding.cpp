// SPDX-License-Identifier: MIT
// Aids to listening to a master: loudness-matched previews (write_previews) and the HTML report
// (report_html), as `auralis master --preview` and `--report` write them.
#include "bindings.hpp"
#include "errors.hpp"

#include <auralis/preview.hpp>
#include <auralis/report.hpp>

#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <string>

namespace py = pybind11;

namespace auralis::python {

namespace {

py::dict excerpt_dict(const PreviewExcerpt& excerpt) {
  py::dict d;
  d["path"] = excerpt.path;
  d["loudness_lufs"] = excerpt.loudness_lufs;
  d["gain_db"] = excerpt.gain_db;
  return d;
}

py::dict write_previews(const std::filesystem::path& original, const std::filesystem::path& mastered,
                        double seconds, const std::filesystem::path& before,
                        const std::filesystem::path& after) {
  CallbackGuard no_callbacks;
  const MasterPreviews previews = run_released(
      no_callbacks, [&] { return write_master_previews(original, mastered, seconds, before, after); });
  py::dict d;
  d["start_seconds"] = previews.start_seconds;
  d["seconds"] = previews.seconds;
  d["before"] = excerpt_dict(previews.before);
  d["after"] = excerpt_dict(previews.after);
  return d;
}

void report_html(const py::object& report, const std::filesystem::path& path) {
  const std::string json = json_text(report);
  CallbackGuard no_callbacks;
  run_released(no_callbacks, [&] { write_report_file(path, render_report_html(json)); });
}

}  // namespace

void bind_listening(py::module_& m) {
  m.def("write_previews", &write_previews, py::arg("original"), py::arg("mastered"), py::arg("seconds"),
        py::arg("before"), py::arg("after"),
        "Writes the master's loudest `seconds` (1-600) and the original's same stretch as 24-bit WAVs at\n"
        "equal loudness (the louder turned down), for A/B listening, as `auralis master --preview` does;\n"
        "the master may be at another rate than its original. Returns a dict: start_seconds, seconds, and\n"
        "before/after, each {path, loudness_lufs (before its gain), gain_db (0 or negative)}.");
  m.def("report_html", &report_html, py::arg("report"), py::arg("path"),
        "Writes the HTML report of a master (one self-contained page, as `auralis master --report` writes)\n"
        "to path, atomically, from its report: the dict master() returns, or the JSON text.");
}

}  // namespace auralis::python
