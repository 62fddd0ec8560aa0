// SPDX-License-Identifier: MIT
// options_key(): every output-deciding option by name, in a fixed order.
#include "batch/options_key.hpp"

#include "io/content_hash.hpp"

#include <nlohmann/json.hpp>

namespace auralis::batch {

namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

}  // namespace

std::string options_key(const BatchOptions& options, const std::string& reference_hash,
                        std::optional<double> track_target_lufs) {
  const MasterOptions& m = options.master;
  const PlanOverrides& o = m.overrides;
  const EncodeOptions& e = options.encode;
  json key = {
      {"mode", to_string(m.mode)},
      {"preset", to_string(m.preset)},
      {"hybrid_weight", m.hybrid_weight},
      {"plan", m.plan ? plan_to_json(*m.plan) : ""},
      {"allow_clipping", m.allow_clipping},
      {"output_rate_hz", m.output_rate_hz ? json(*m.output_rate_hz) : json(nullptr)},
      {"delivery", to_string(o.delivery)},
      {"target_lufs", optional_number(o.target_lufs)},
      {"ceiling_dbtp", optional_number(o.ceiling_dbtp)},
      {"limiter", o.limiter ? json(*o.limiter) : json(nullptr)},
      {"eq_amount", optional_number(o.eq_amount)},
      {"dynamics_amount", optional_number(o.dynamics_amount)},
      {"width_amount", optional_number(o.width_amount)},
      {"loudness_amount", optional_number(o.loudness_amount)},
      {"subsonic_hz", optional_number(o.subsonic_hz)},
      {"match_amount", optional_number(o.match_amount)},
      {"eq_phase", o.eq_phase ? json(to_string(*o.eq_phase)) : json(nullptr)},
      {"compressor_reduction_db", optional_number(o.compressor_reduction_db)},
      {"sidechain_high_pass_hz", optional_number(o.sidechain_high_pass_hz)},
      {"sample_format", static_cast<int>(e.sample_format)},
      {"dither", e.dither},
      {"dither_seed", e.dither_seed},
      {"dither_shape", static_cast<int>(e.dither_shape)},
      {"quality", optional_number(e.quality)},
      {"reference", reference_hash},
      {"gain_tags", static_cast<int>(options.gain_tags)},
      {"tags",
       {e.tags.title.value_or(""),
        e.tags.artist.value_or(""),
        e.tags.album.value_or(""),
        e.tags.track_number.value_or(""),
        e.tags.date.value_or(""),
        e.tags.comment.value_or(""),
        {e.tags.title.has_value(), e.tags.artist.has_value(), e.tags.album.has_value(),
         e.tags.track_number.has_value(), e.tags.date.has_value(), e.tags.comment.has_value()},
        e.tags.comments}},
      {"backend", to_string(m.backend.kind)},
      {"album_target_lufs", optional_number(track_target_lufs)},
  };
  return key.dump();
}

std::string hash_text(const std::string& text) {
  return io::hash_bytes(text).hex();
}

}  // namespace auralis::batch
