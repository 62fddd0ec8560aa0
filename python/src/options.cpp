// SPDX-License-Identifier: MIT
#include "options.hpp"
#include "bindings.hpp"

#include <auralis/error.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace py = pybind11;

namespace auralis::python {

OptionReader::OptionReader(const py::dict& options, std::string function)
    // A copy: taking options must not empty the caller's dict (py::dict(options) would be the same one).
    : remaining_(options.attr("copy")()), function_(std::move(function)) {}

void OptionReader::finish() const {
  for (const auto item : remaining_)
    throw py::type_error(function_ + "() got an unexpected keyword argument '" +
                         std::string(py::str(item.first)) + "'");
}

namespace {

MasteringMode mode_from_string(const std::string& name) {
  if (name == "adaptive") return MasteringMode::adaptive;
  if (name == "reference") return MasteringMode::reference;
  if (name == "hybrid") return MasteringMode::hybrid;
  throw Error(ErrorCode::invalid_argument, "mode is adaptive, reference or hybrid, not '" + name + "'");
}

// dither=True/False (TPDF or none, as before shapes were offered), or "tpdf", "shaped", "none".
void take_dither(const py::object& dither, EncodeOptions& encode) {
  if (py::isinstance<py::bool_>(dither)) {
    encode.dither = dither.cast<bool>();
    return;
  }
  const std::string name = py::str(dither);
  if (name == "tpdf" || name == "shaped") {
    encode.dither = true;
    encode.dither_shape = name == "tpdf" ? DitherShape::tpdf : DitherShape::shaped;
  } else if (name == "none") {
    encode.dither = false;
  } else {
    throw Error(ErrorCode::invalid_argument,
                "dither is 'tpdf', 'shaped', 'none', True or False, not '" + name + "'");
  }
}

}  // namespace

// The names of `auralis master --format`.
FileType file_type_from_string(const std::string& name) {
  static constexpr std::pair<std::string_view, FileType> kNames[] = {
      {"wav", FileType::wav}, {"flac", FileType::flac}, {"aiff", FileType::aiff},
      {"ogg", FileType::ogg}, {"opus", FileType::opus}, {"mp3", FileType::mp3}};
  for (const auto& [known, type] : kNames) {
    if (name == known) return type;
  }
  throw Error(ErrorCode::invalid_argument, "format is wav, flac, aiff, ogg, opus or mp3, not '" + name + "'");
}

std::optional<std::filesystem::path> take_master_options(OptionReader& reader, MasterOptions& options) {
  const std::optional<std::filesystem::path> reference = reader.take<std::filesystem::path>("reference");
  // As `auralis master --reference REF`: reference mode unless a mode is given.
  if (reference) options.mode = MasteringMode::reference;
  if (const auto mode = reader.take<std::string>("mode")) options.mode = mode_from_string(*mode);
  if (const auto preset = reader.take<std::string>("preset")) options.preset = preset_from_string(*preset);
  if (const auto weight = reader.take<double>("weight")) options.hybrid_weight = *weight;
  if (const auto plan = reader.take<py::object>("plan")) options.plan = plan_from_json(json_text(*plan));
  PlanOverrides& o = options.overrides;
  if (const auto delivery = reader.take<std::string>("delivery"))
    o.delivery = delivery_from_string(*delivery);
  o.target_lufs = reader.take<double>("target_lufs");
  o.ceiling_dbtp = reader.take<double>("ceiling_dbtp");
  o.limiter = reader.take<bool>("limiter");
  o.eq_amount = reader.take<double>("eq_amount");
  o.dynamics_amount = reader.take<double>("dynamics_amount");
  o.width_amount = reader.take<double>("width_amount");
  o.loudness_amount = reader.take<double>("loudness_amount");
  o.match_amount = reader.take<double>("match_amount");
  o.subsonic_hz = reader.take<double>("subsonic_hz");
  if (const auto phase = reader.take<std::string>("eq_phase")) o.eq_phase = eq_phase_from_string(*phase);
  o.compressor_reduction_db = reader.take<double>("compression_db");
  o.sidechain_high_pass_hz = reader.take<double>("sidechain_hpf_hz");
  if (const auto allow = reader.take<bool>("allow_clipping")) options.allow_clipping = *allow;
  if (const auto threads = reader.take<unsigned>("threads")) options.backend.max_workers = *threads;
  if (const auto backend = reader.take<std::string>("backend")) {
    const std::optional<BackendKind> kind = parse_backend_kind(*backend);
    if (!kind)
      throw Error(ErrorCode::invalid_argument, "backend is auto, cpu or vulkan, not '" + *backend + "'");
    options.backend.kind = *kind;
  }
  if (const auto device = reader.take<std::string>("device")) options.backend.device = *device;
  if (const auto block = reader.take<unsigned>("block_frames")) options.block_frames = *block;
  options.output_rate_hz = reader.take<std::uint32_t>("rate");
  if (const auto curves = reader.take<bool>("curves")) options.curves = *curves;
  return reference;
}

void take_encode_options(OptionReader& reader, EncodeOptions& encode) {
  if (const auto bits = reader.take<py::object>("bits")) {
    const std::string name = py::str(*bits);
    if (name == "16") {
      encode.sample_format = SampleFormat::pcm16;
    } else if (name == "24") {
      encode.sample_format = SampleFormat::pcm24;
    } else if (name == "32f" || name == "32") {
      encode.sample_format = SampleFormat::float32;
    } else {
      throw Error(ErrorCode::invalid_argument, "bits is 16, 24 or '32f' (float), not " + name);
    }
  }
  if (const auto dither = reader.take<py::object>("dither")) take_dither(*dither, encode);
  encode.quality = reader.take<double>("quality");
  if (const auto seed = reader.take<py::object>("dither_seed"))
    encode.dither_seed = seed->cast<std::uint64_t>();
}

void take_batch_options(OptionReader& reader, BatchOptions& options) {
  options.reference = take_master_options(reader, options.master);
  take_encode_options(reader, options.encode);
  if (const auto profile = reader.take<py::object>("reference_profile"))
    options.master.reference_profile = profile_from_json(json_text(*profile));
  if (const auto jobs = reader.take<unsigned>("jobs")) options.jobs = *jobs;
  if (const auto album = reader.take<py::object>("album")) {
    if (py::isinstance<py::bool_>(*album)) {
      options.album = album->cast<bool>() ? AlbumMode::folder : AlbumMode::none;
    } else {
      const std::string by = py::str(*album);
      if (by != "folder" && by != "tag")
        throw Error(ErrorCode::invalid_argument, "album is True, False, 'folder' or 'tag', not '" + by + "'");
      options.album = by == "tag" ? AlbumMode::tag : AlbumMode::folder;
    }
  }
  if (const auto force = reader.take<bool>("force")) options.force = *force;
  if (const auto cache = reader.take<bool>("use_cache")) options.use_cache = *cache;
  if (const auto dir = reader.take<std::filesystem::path>("cache_dir")) options.cache_dir = *dir;
  if (const auto name = reader.take<std::string>("name")) options.name_template = *name;
  if (const auto tags = reader.take<std::string>("tags")) {
    if (*tags == "replaygain") {
      options.gain_tags = BatchOptions::GainTags::replaygain;
    } else if (*tags == "r128") {
      options.gain_tags = BatchOptions::GainTags::r128;
    } else {
      throw Error(ErrorCode::invalid_argument, "tags is 'replaygain' or 'r128', not '" + *tags + "'");
    }
  }
}

}  // namespace auralis::python
