// SPDX-License-Identifier: MIT
// measure_loudness and Meter on numpy arrays (read in place where each channel is contiguous), and
// analyze on files.
#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "errors.hpp"

#include <auralis/backend.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <mutex>

namespace py = pybind11;

namespace auralis::python {

namespace {

LoudnessOptions loudness_options(bool true_peak, LraSampling lra_sampling = LraSampling::every_100ms,
                                 unsigned threads = 1) {
  LoudnessOptions options;
  options.true_peak = true_peak;
  options.lra_sampling = lra_sampling;
  options.threads = threads;
  return options;
}

LraSampling lra_sampling_from_string(const std::string& name) {
  if (name == "100ms") return LraSampling::every_100ms;
  if (name == "1s") return LraSampling::every_1s;
  throw py::value_error("lra_sampling is '100ms' (EBU Tech 3342) or '1s' (as libebur128), not '" + name +
                        "'");
}

// An incremental meter for Python. Calls on one meter from several Python threads are serialised (the
// engine's meter is not thread-safe, and add() runs without the GIL).
class Meter {
 public:
  Meter(std::size_t channels, std::uint32_t rate, bool true_peak, const std::string& layout)
      : meter_(channels, rate, loudness_options(true_peak)), layout_(layout_from_string(layout)) {}

  void add(const py::handle& samples) {
    const AudioArray audio(samples, layout_);
    if (audio.channels() != meter_.channels())
      throw py::value_error("the meter has " + std::to_string(meter_.channels()) + " channels, the audio " +
                            std::to_string(audio.channels()));
    CallbackGuard no_callbacks;
    run_released(no_callbacks, [&] {
      const std::lock_guard lock(mutex_);
      audio.for_each_block(
          [&](std::span<const float* const> planes, std::size_t frames) { meter_.add(planes, frames); });
    });
  }
  void reset() {
    const std::lock_guard lock(mutex_);
    meter_.reset();
  }
  std::optional<double> momentary() {
    const std::lock_guard lock(mutex_);
    return meter_.momentary_lufs();
  }
  std::optional<double> short_term() {
    const std::lock_guard lock(mutex_);
    return meter_.short_term_lufs();
  }
  py::dict report() {
    const std::lock_guard lock(mutex_);
    return loudness_dict(meter_.report());
  }
  std::size_t channels() const noexcept { return meter_.channels(); }
  std::uint32_t rate() const noexcept { return meter_.sample_rate(); }

 private:
  LoudnessMeter meter_;
  ArrayLayout layout_;
  std::mutex mutex_;
};

py::dict measure_array(const py::handle& samples, std::uint32_t rate, const std::string& layout,
                       bool true_peak, const std::string& lra_sampling) {
  const AudioArray audio(samples, layout_from_string(layout));
  const LoudnessOptions options = loudness_options(true_peak, lra_sampling_from_string(lra_sampling));
  CallbackGuard no_callbacks;
  return loudness_dict(run_released(no_callbacks, [&] {
    LoudnessMeter meter(audio.channels(), rate, options);
    audio.for_each_block(
        [&](std::span<const float* const> planes, std::size_t frames) { meter.add(planes, frames); });
    return meter.report();
  }));
}

py::dict analyze_file(const std::filesystem::path& path, bool content, bool true_peak, unsigned threads,
                      const std::string& backend) {
  BackendOptions backend_options;
  backend_options.max_workers = threads;
  if (const std::optional<BackendKind> kind = parse_backend_kind(backend)) {
    backend_options.kind = *kind;
  } else {
    throw Error(ErrorCode::invalid_argument, "backend is auto, cpu or vulkan, not '" + backend + "'");
  }
  struct Analysis {
    std::size_t channels;
    std::uint32_t rate;
    SourceFormat format;
    LoudnessReport loudness;
    std::optional<ContentProfile> profile;
  };
  CallbackGuard no_callbacks;
  const Analysis a = run_released(no_callbacks, [&] {
    AudioFileReader reader(path);
    Analysis result{reader.channels(), reader.sample_rate(), reader.format(), {}, std::nullopt};
    if (content) {
      SpectralEngine engine(backend_options);
      result.profile = analyze_content(reader, engine);
      result.loudness = result.profile->loudness;
    } else {
      result.loudness =
          measure_loudness(reader, loudness_options(true_peak, LraSampling::every_100ms, threads));
    }
    return result;
  });
  py::dict d;
  d["path"] = path.string();
  d["channels"] = a.channels;
  d["sample_rate"] = a.rate;
  d["frames"] = a.loudness.frames;
  d["duration_seconds"] = static_cast<double>(a.loudness.frames) / a.rate;
  d["format"] = py::dict(py::arg("container") = a.format.container, py::arg("encoding") = a.format.encoding);
  d["loudness"] = loudness_dict(a.loudness);
  if (a.profile) d["content"] = json_loads(profile_to_json(*a.profile));
  return d;
}

}  // namespace

void bind_loudness(py::module_& m) {
  m.def("measure_loudness", &measure_array, py::arg("x"), py::arg("rate"), py::kw_only(),
        py::arg("layout") = "interleaved", py::arg("true_peak") = true, py::arg("lra_sampling") = "100ms",
        "BS.1770-4 / EBU R128 loudness of an array: a dict with integrated_lufs, loudness_range_lu,\n"
        "max_momentary_lufs, max_short_term_lufs, sample and true peaks (linear and dB; None where\n"
        "unmeasurable) and frames. x: float32 (other dtypes are converted), 1-D mono or 2-D shaped as\n"
        "layout says ('interleaved': (frames, channels); 'planar': (channels, frames)); read in place\n"
        "when each channel's samples are contiguous.");
  py::class_<Meter>(m, "Meter",
                    "Incremental loudness meter: add() blocks of any size; the results do not depend on\n"
                    "how the audio is split. Safe to share between threads (calls are serialised).")
      .def(py::init<std::size_t, std::uint32_t, bool, const std::string&>(), py::arg("channels"),
           py::arg("rate"), py::kw_only(), py::arg("true_peak") = true, py::arg("layout") = "interleaved")
      .def("add", &Meter::add, py::arg("x"), "Adds a block shaped as the meter's layout says.")
      .def("reset", &Meter::reset, "Forgets everything measured.")
      .def("report", &Meter::report, "Everything measured so far, as measure_loudness gives it.")
      .def_property_readonly("momentary", &Meter::momentary, "Loudness of the last 400 ms (LUFS) or None.")
      .def_property_readonly("short_term", &Meter::short_term, "Loudness of the last 3 s (LUFS) or None.")
      .def_property_readonly("channels", &Meter::channels)
      .def_property_readonly("rate", &Meter::rate);
  m.def("analyze", &analyze_file, py::arg("path"), py::kw_only(), py::arg("content") = false,
        py::arg("true_peak") = true, py::arg("threads") = 0u, py::arg("backend") = "auto",
        "Measures a file, decoded block by block: a dict with its channels, sample_rate, frames,\n"
        "duration_seconds, format and loudness; content=True adds 'content', the whole content profile\n"
        "mastering decides from (spectra, dynamics, stereo, tempo, genre).");
}

}  // namespace auralis::python
