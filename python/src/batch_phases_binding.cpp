// SPDX-License-Identifier: MIT
// The batch's phases for auralis.distributed: each takes the batch's keyword options and passes analyses,
// decisions and results as the engine's JSON text, which crosses process boundaries as a plain string.
#include "bindings.hpp"
#include "errors.hpp"
#include "options.hpp"

#include <auralis/backend.hpp>
#include <auralis/batch.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace py = pybind11;

namespace auralis::python {

namespace {

BatchOptions phase_options(const std::filesystem::path& out_dir, const py::dict& keywords,
                           const char* function) {
  OptionReader reader(keywords, function);
  BatchOptions options;
  take_batch_options(reader, options);
  reader.finish();
  options.output_dir = out_dir;
  return options;
}

template <class T, class FromJson>
std::vector<T> read_all(const std::vector<std::string>& texts, FromJson from_json) {
  std::vector<T> values;
  values.reserve(texts.size());
  for (const std::string& text : texts) values.push_back(from_json(text));
  return values;
}

std::string analyze_track(const std::filesystem::path& input, const std::filesystem::path& relative,
                          std::size_t position, std::size_t index, const std::filesystem::path& out_dir,
                          const py::dict& keywords) {
  const BatchOptions options = phase_options(out_dir, keywords, "analyze_batch_track");
  const BatchTrack track{input, relative, position};
  CallbackGuard no_callbacks;
  return run_released(no_callbacks,
                      [&] { return batch_analysis_to_json(analyze_batch_track(track, index, options)); });
}

std::vector<std::string> decide_albums(const std::vector<std::string>& analyses,
                                       const std::filesystem::path& out_dir, const py::dict& keywords) {
  const BatchOptions options = phase_options(out_dir, keywords, "decide_batch_albums");
  CallbackGuard no_callbacks;
  return run_released(no_callbacks, [&] {
    const std::vector<BatchTrackDecision> decisions =
        decide_batch_albums(read_all<BatchTrackAnalysis>(analyses, batch_analysis_from_json), options);
    std::vector<std::string> texts;
    for (const BatchTrackDecision& decision : decisions) texts.push_back(batch_decision_to_json(decision));
    return texts;
  });
}

std::string master_track(const std::string& analysis, const std::string& decision,
                         const std::filesystem::path& out_dir, const py::dict& keywords) {
  const BatchOptions options = phase_options(out_dir, keywords, "master_batch_track");
  CallbackGuard no_callbacks;
  return run_released(no_callbacks, [&] {
    return batch_result_to_json(
        master_batch_track(batch_analysis_from_json(analysis), batch_decision_from_json(decision), options));
  });
}

std::vector<std::string> tag_albums(const std::vector<std::string>& analyses,
                                    const std::vector<std::string>& decisions,
                                    const std::vector<std::string>& results,
                                    const std::filesystem::path& out_dir, const py::dict& keywords) {
  const BatchOptions options = phase_options(out_dir, keywords, "tag_batch_albums");
  CallbackGuard no_callbacks;
  return run_released(no_callbacks, [&] {
    std::vector<BatchTrackResult> tagged = read_all<BatchTrackResult>(results, batch_result_from_json);
    tag_batch_albums(read_all<BatchTrackAnalysis>(analyses, batch_analysis_from_json),
                     read_all<BatchTrackDecision>(decisions, batch_decision_from_json), tagged, options);
    std::vector<std::string> texts;
    for (const BatchTrackResult& result : tagged) texts.push_back(batch_result_to_json(result));
    return texts;
  });
}

// What each phase would analyse from options.reference on every call, analysed once (as the phases do).
std::string reference_profile(const py::dict& keywords) {
  const BatchOptions options = phase_options({}, keywords, "master_catalogue");
  if (!options.reference) throw Error(ErrorCode::invalid_argument, "no reference to analyse");
  CallbackGuard no_callbacks;
  return run_released(no_callbacks, [&] {
    SpectralEngine engine(options.master.backend);
    return profile_to_json(analyze_content(*options.reference, engine));
  });
}

// A phase-3 result as batch() reports a track; its warnings from the report the JSON carries.
py::dict result_dict(const std::string& result) {
  py::dict d = track_dict(batch_result_from_json(result));
  const py::object parsed = json_loads(result);
  if (parsed.contains("report") && !parsed["report"].is_none()) d["warnings"] = parsed["report"]["warnings"];
  return d;
}

}  // namespace

void bind_batch_phases(py::module_& m) {
  m.def(
      "_check_batch_options",
      [](const py::dict& keywords) { phase_options({}, keywords, "master_catalogue"); }, py::arg("options"));
  m.def("_analyze_batch_track", &analyze_track, py::arg("input"), py::arg("relative"), py::arg("position"),
        py::arg("index"), py::arg("out_dir"), py::arg("options"));
  m.def("_decide_batch_albums", &decide_albums, py::arg("analyses"), py::arg("out_dir"), py::arg("options"));
  m.def("_master_batch_track", &master_track, py::arg("analysis"), py::arg("decision"), py::arg("out_dir"),
        py::arg("options"));
  m.def("_tag_batch_albums", &tag_albums, py::arg("analyses"), py::arg("decisions"), py::arg("results"),
        py::arg("out_dir"), py::arg("options"));
  m.def("_reference_profile", &reference_profile, py::arg("options"));
  m.def("_batch_result_dict", &result_dict, py::arg("result"));
}

}  // namespace auralis::python
