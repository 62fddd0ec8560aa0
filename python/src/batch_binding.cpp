// SPDX-License-Identifier: MIT
// batch: `auralis batch` as a function, its events and cancellation through Python callables.
#include "bindings.hpp"
#include "errors.hpp"
#include "options.hpp"

#include <auralis/batch.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace auralis::python {

namespace {

py::object optional_float(const std::optional<double>& value) {
  return value ? py::object(py::float_(*value)) : py::none();
}

}  // namespace

py::dict track_dict(const BatchTrackResult& r) {
  py::dict d;
  d["input"] = r.track.input.string();
  d["relative"] = r.track.relative.string();
  d["position"] = r.track.position;
  d["output"] = r.output.string();
  d["status"] = to_string(r.status);
  d["album"] = r.album;
  d["before_lufs"] = optional_float(r.before_lufs);
  d["after_lufs"] = optional_float(r.after_lufs);
  d["limiter_p99_db"] = r.limiter_reduction_p99_db;
  d["error_code"] = r.error_code ? py::object(py::str(to_string(*r.error_code))) : py::none();
  d["error"] = r.error;
  d["analysis_cached"] = r.analysis_cached;
  d["seconds"] = r.seconds;
  d["audio_seconds"] = r.audio_seconds;
  d["warnings"] = r.report ? py::cast(r.report->warnings) : py::list();
  d["compressor_mean_db"] = r.compressor_reduction_mean_db;
  d["limiter_max_db"] = r.limiter_reduction_max_db;
  return d;
}

namespace {

// The inputs as collect_batch_inputs takes them: one path, or a list of paths, folders and patterns.
std::vector<std::string> input_strings(const py::handle& inputs) {
  const py::module_ os = py::module_::import("os");
  if (py::isinstance<py::str>(inputs) || py::hasattr(inputs, "__fspath__"))
    return {os.attr("fsdecode")(inputs).cast<std::string>()};
  std::vector<std::string> strings;
  for (const py::handle input : inputs) strings.push_back(os.attr("fsdecode")(input).cast<std::string>());
  return strings;
}

std::vector<BatchTrack> collect_tracks(const py::handle& inputs,
                                       const std::optional<std::filesystem::path>& list_file,
                                       const std::optional<std::pair<unsigned, unsigned>>& shard) {
  const std::vector<std::string> paths = input_strings(inputs);
  CallbackGuard no_callbacks;
  return run_released(no_callbacks, [&] {
    std::vector<BatchTrack> tracks = collect_batch_inputs(paths, list_file);
    return shard ? shard_tracks(tracks, shard->first, shard->second) : tracks;
  });
}

py::list collect_inputs(const py::handle& inputs, const std::optional<std::filesystem::path>& list_file,
                        const std::optional<std::pair<unsigned, unsigned>>& shard) {
  py::list tracks;
  for (const BatchTrack& track : collect_tracks(inputs, list_file, shard)) {
    tracks.append(py::dict(py::arg("input") = track.input.string(),
                           py::arg("relative") = track.relative.string(),
                           py::arg("position") = track.position));
  }
  return tracks;
}

py::dict run_batch(const py::handle& inputs, const std::filesystem::path& out_dir,
                   const py::kwargs& keywords) {
  OptionReader reader(keywords, "batch");
  BatchOptions options;
  take_batch_options(reader, options);
  options.output_dir = out_dir;
  const std::optional<std::filesystem::path> list_file = reader.take<std::filesystem::path>("list_file");
  const std::optional<std::pair<unsigned, unsigned>> shard =
      reader.take<std::pair<unsigned, unsigned>>("shard");
  const std::optional<py::object> progress = reader.take<py::object>("progress");
  const std::optional<py::object> cancel = reader.take<py::object>("cancel");
  reader.finish();
  const std::vector<BatchTrack> tracks = collect_tracks(inputs, list_file, shard);

  // The callbacks hold references only (the batch's threads copy them without the GIL).
  CallbackGuard guard;
  BatchCallbacks callbacks;
  if (progress) {
    callbacks.on_event = [&](const BatchEvent& event) {
      guard.run([&] {
        py::dict d = track_dict(*event.result);
        d["event"] = event.kind == BatchEvent::Kind::started ? "started" : to_string(event.result->status);
        d["index"] = event.index + 1;
        d["total"] = event.total;
        (*progress)(d);
      });
    };
  }
  if (cancel) {
    callbacks.cancelled = [&] {
      bool stop = false;
      guard.run([&] { stop = py::bool_((*cancel)()); });
      return stop;
    };
  }
  const BatchSummary summary = run_released(guard, [&] { return master_batch(tracks, options, callbacks); });
  py::list results;
  for (const BatchTrackResult& r : summary.tracks) results.append(track_dict(r));
  py::dict d;
  d["tracks"] = results;
  d["mastered"] = summary.mastered;
  d["skipped"] = summary.skipped;
  d["failed"] = summary.failed;
  d["cancelled"] = summary.cancelled;
  d["manifest"] = summary.manifest.string();
  return d;
}

}  // namespace

void bind_batch(py::module_& m) {
  m.def("collect_inputs", &collect_inputs, py::arg("inputs"), py::kw_only(),
        py::arg("list_file") = py::none(), py::arg("shard") = py::none(),
        "The tracks batch() would master, sorted as it sorts them: dicts of input, relative (the path\n"
        "below the folder it was found under, which names its output) and position (from 1).");
  m.def("batch", &run_batch, py::arg("inputs"), py::arg("out_dir"),
        "Masters every track `inputs` names (files, folders, glob patterns) into out_dir, as\n"
        "`auralis batch` does: resumable through out_dir/auralis-manifest.jsonl, each output byte for byte\n"
        "what master() writes. Returns the summary (tracks, mastered, skipped, failed, cancelled,\n"
        "manifest). Keywords: every master option, and jobs, album (True/'folder'/'tag'), force,\n"
        "use_cache, cache_dir, name, tags, list_file, shard=(k, n), progress=callable(event dict),\n"
        "cancel=callable() -> bool (polled between tracks and passes).");
}

}  // namespace auralis::python
