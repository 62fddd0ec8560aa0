// SPDX-License-Identifier: MIT
// The parts of the auralis module, each adding its functions, and what they share.
#pragma once

#include <auralis/batch.hpp>
#include <auralis/loudness.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <string>

namespace auralis::python {

void bind_loudness(pybind11::module_& module);      // measure_loudness, Meter, analyze
void bind_mastering(pybind11::module_& module);     // master, master_array, read, write
void bind_batch(pybind11::module_& module);         // batch
void bind_batch_phases(pybind11::module_& module);  // the phases auralis.distributed runs
void bind_listening(pybind11::module_& module);     // write_previews, report_html

/// The engine's JSON (reports, profiles, plans) as Python objects. Needs the GIL.
pybind11::object json_loads(const std::string& text);
/// JSON text as the engine writes it (reports, plans, profiles), or the dict json.loads makes of it, as
/// text. Needs the GIL.
std::string json_text(const pybind11::object& value);
/// A loudness report as a dict: LUFS/LU values and peaks (linear and in dB), None where unmeasurable;
/// without the short-term and gating-block histories.
pybind11::dict loudness_dict(const LoudnessReport& report);
/// One track of a batch as a dict: input, output, status, loudness before and after, reductions, error
/// (code name and message), warnings, seconds.
pybind11::dict track_dict(const BatchTrackResult& result);

}  // namespace auralis::python
