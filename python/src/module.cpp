// SPDX-License-Identifier: MIT
// auralis._auralis: the Python module (python/auralis/__init__.py re-exports it).
#include "bindings.hpp"
#include "errors.hpp"

#include <auralis/version.hpp>

#include <pybind11/stl.h>

#include <optional>

namespace py = pybind11;

namespace auralis::python {

py::object json_loads(const std::string& text) {
  return py::module_::import("json").attr("loads")(text);
}

std::string json_text(const py::object& value) {
  const py::object text =
      py::isinstance<py::str>(value) ? value : py::module_::import("json").attr("dumps")(value);
  return text.cast<std::string>();
}

py::dict loudness_dict(const LoudnessReport& report) {
  const auto value = [](const std::optional<double>& v) {
    return v ? py::object(py::float_(*v)) : py::none();
  };
  py::dict d;
  d["integrated_lufs"] = value(report.integrated_lufs);
  d["loudness_range_lu"] = value(report.loudness_range_lu);
  d["max_momentary_lufs"] = value(report.max_momentary_lufs);
  d["max_short_term_lufs"] = value(report.max_short_term_lufs);
  d["sample_peak"] = report.sample_peak;
  d["sample_peak_dbfs"] = value(LoudnessReport::to_db(report.sample_peak));
  d["true_peak"] = value(report.true_peak);
  d["true_peak_dbtp"] = value(report.true_peak ? LoudnessReport::to_db(*report.true_peak) : std::nullopt);
  d["channel_sample_peak"] = py::cast(report.channel_sample_peak);
  d["channel_true_peak"] = py::cast(report.channel_true_peak);
  d["frames"] = report.frames;
  return d;
}

}  // namespace auralis::python

PYBIND11_MODULE(_auralis, module) {
  module.doc() = "auralis: BS.1770 loudness and mastering (the compiled part of the auralis package)";
  module.attr("__version__") = auralis::version();
  auralis::python::register_errors(module);
  auralis::python::bind_loudness(module);
  auralis::python::bind_mastering(module);
  auralis::python::bind_batch(module);
  auralis::python::bind_batch_phases(module);
  auralis::python::bind_listening(module);
}
