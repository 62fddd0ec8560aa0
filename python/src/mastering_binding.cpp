// SPDX-License-Identifier: MIT
// master (files), master_array (numpy arrays in, a numpy array out), and read/write of audio files.
#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "errors.hpp"
#include "options.hpp"

#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include <pybind11/stl/filesystem.h>

#include <filesystem>

namespace py = pybind11;

namespace auralis::python {

namespace {

// MasterOptions::progress calling `callable` with the GIL taken. It holds only references: engine threads
// copy it without the GIL, so it must not own a Python object; the caller keeps both alive for the call.
ProgressCallback progress_callback(const py::object& callable, CallbackGuard& guard) {
  return [&callable, &guard](const std::string& stage, double fraction) {
    guard.run([&] { callable(stage, fraction); });
  };
}

py::object master_path(const std::filesystem::path& input, const std::filesystem::path& output,
                       const py::kwargs& keywords) {
  OptionReader reader(keywords, "master");
  MasterOptions options;
  EncodeOptions encode;
  const std::optional<std::filesystem::path> reference = take_master_options(reader, options);
  take_encode_options(reader, encode);
  const std::optional<std::string> format = reader.take<std::string>("format");
  const std::optional<py::object> progress = reader.take<py::object>("progress");
  reader.finish();
  CallbackGuard guard;
  if (progress) options.progress = progress_callback(*progress, guard);
  encode.type = format ? file_type_from_string(*format) : file_type_for(output);
  // Refused now rather than by the encoder once the whole track is mastered.
  if (encode.quality && !is_lossy(encode.type))
    throw Error(ErrorCode::invalid_argument, output.string() + ": quality is for ogg, opus and mp3 outputs");
  const MasterReport report =
      run_released(guard, [&] { return master_file(input, output, options, encode, reference); });
  return json_loads(report_to_json(report));
}

py::tuple master_samples(const py::handle& samples, std::uint32_t rate, const std::string& layout,
                         const py::kwargs& keywords) {
  const ArrayLayout array_layout = layout_from_string(layout);
  const AudioArray audio(samples, array_layout);
  OptionReader reader(keywords, "master_array");
  MasterOptions options;
  const std::optional<std::filesystem::path> reference = take_master_options(reader, options);
  const std::optional<py::object> progress = reader.take<py::object>("progress");
  reader.finish();
  CallbackGuard guard;
  if (progress) options.progress = progress_callback(*progress, guard);
  options.reference_name = reference ? reference->string() : options.reference_name;
  MasterResult result = run_released(guard, [&] {
    std::optional<AudioBuffer> reference_audio;
    if (reference) reference_audio = read_audio(*reference).audio;
    return master(audio.to_buffer(rate), options, reference_audio ? &*reference_audio : nullptr);
  });
  const bool mono_1d = py::reinterpret_borrow<py::object>(samples).attr("ndim").cast<int>() == 1;
  py::object report = json_loads(report_to_json(result.report));
  return py::make_tuple(to_array(std::move(result.audio), array_layout, mono_1d), report);
}

py::tuple read_path(const std::filesystem::path& path, const std::string& layout) {
  CallbackGuard no_callbacks;
  DecodedAudio decoded = run_released(no_callbacks, [&] { return read_audio(path); });
  const std::uint32_t rate = decoded.audio.sample_rate();
  return py::make_tuple(to_array(std::move(decoded.audio), layout_from_string(layout), false), rate);
}

void write_path(const std::filesystem::path& path, const py::handle& samples, std::uint32_t rate,
                const std::string& layout, const py::kwargs& keywords) {
  const AudioArray audio(samples, layout_from_string(layout));
  OptionReader reader(keywords, "write");
  EncodeOptions encode;
  take_encode_options(reader, encode);
  reader.finish();
  encode.type = file_type_for(path);
  CallbackGuard no_callbacks;
  run_released(no_callbacks, [&] { write_audio(path, audio.to_buffer(rate), encode); });
}

}  // namespace

void bind_mastering(py::module_& m) {
  m.def("master", &master_path, py::arg("in_path"), py::arg("out_path"),
        "Masters a file into another, as `auralis master IN OUT` does, and returns the report (profile,\n"
        "plan, loudness before and after, gain reduction, warnings, timings) as a dict. Keywords: the\n"
        "options of docs/python.md; progress=callable(stage, fraction).");
  m.def("master_array", &master_samples, py::arg("x"), py::arg("rate"), py::kw_only(),
        py::arg("layout") = "interleaved",
        "Masters audio in memory: returns (y, report). y is float32 shaped as x (1-D for 1-D x), backed by\n"
        "the engine's own planar buffer (no copy); the input is copied once, into the engine.");
  m.def("read", &read_path, py::arg("path"), py::kw_only(), py::arg("layout") = "interleaved",
        "Decodes an audio file: (x, rate), x float32 shaped as layout says (the decoder's planar buffer,\n"
        "not copied).");
  m.def("write", &write_path, py::arg("path"), py::arg("x"), py::arg("rate"), py::kw_only(),
        py::arg("layout") = "interleaved",
        "Encodes x to an audio file of its extension's type atomically; keywords bits (16, 24, '32f'),\n"
        "dither (True, False, 'tpdf', 'shaped', 'none'), dither_seed, quality (lossy types, 0-1).");
}

}  // namespace auralis::python
