// SPDX-License-Identifier: MIT
// Keyword options of auralis.master, master_array and batch into the engine's option structs, named as
// `auralis master` names them where it has them (docs/python.md lists them). Values are checked by the
// engine as the command's are; an unknown keyword is a TypeError naming it.
#pragma once

#include <auralis/batch.hpp>
#include <auralis/mastering.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <type_traits>

#include <optional>
#include <string>

namespace auralis::python {

/// Takes options out of a dict of keywords one by one; finish() refuses any left over.
class OptionReader {
 public:
  OptionReader(const pybind11::dict& options, std::string function);

  /// The value of `name` converted to T (TypeError naming it when it does not convert), or empty.
  template <class T>
  std::optional<T> take(const char* name);
  /// Raises TypeError naming the first keyword nobody took, as Python does for an unexpected one.
  void finish() const;

 private:
  pybind11::dict remaining_;
  std::string function_;
};

/// The options of one master: mode, preset, weight, plan, delivery, target_lufs, ceiling_dbtp, limiter,
/// allow_clipping, the amounts, subsonic_hz, eq_phase, compression_db, sidechain_hpf_hz, threads, backend,
/// device, block_frames, rate (the output's, files only: master_array's own rate argument takes the name),
/// and reference (a path; returned, mode reference unless a mode is given).
std::optional<std::filesystem::path> take_master_options(OptionReader& reader, MasterOptions& options);
/// The file type `format` names: wav, flac, aiff, ogg, opus, mp3 (Error(invalid_argument) otherwise).
FileType file_type_from_string(const std::string& name);
/// bits (16, 24, "32f"), dither (True, False, "tpdf", "shaped", "none"), dither_seed, quality.
void take_encode_options(OptionReader& reader, EncodeOptions& encode);
/// reference_profile, jobs, album, force, use_cache, cache_dir, name, tags and every master and
/// encode option.
void take_batch_options(OptionReader& reader, BatchOptions& options);

template <class T>
std::optional<T> OptionReader::take(const char* name) {
  if (!remaining_.contains(name)) return std::nullopt;
  const pybind11::object value = remaining_[name];
  PyDict_DelItemString(remaining_.ptr(), name);
  if (value.is_none()) return std::nullopt;
  // bool is an int in Python; an option meant as a number must not silently take True.
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    if (pybind11::isinstance<pybind11::bool_>(value))
      throw pybind11::type_error(function_ + "(): " + name + " must be a number, not a bool");
  }
  try {
    return value.cast<T>();
  } catch (const pybind11::cast_error&) {
    throw pybind11::type_error(function_ + "(): " + name + " has the wrong type (" +
                               std::string(pybind11::str(value.get_type().attr("__name__"))) + ")");
  }
}

}  // namespace auralis::python
