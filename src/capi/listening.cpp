// SPDX-License-Identifier: MIT
// The C API's aids to listening to a master: loudness-matched previews (auralis::write_master_previews) and
// the HTML report (auralis::render_report_html, from the JSON report a master hands out).
#include <auralis/auralis.h>
#include <auralis/preview.hpp>
#include <auralis/report.hpp>

#include "capi/errors.hpp"

#include <string>

namespace {

using auralis::capi::Call;
using auralis::capi::guarded;

auralis_preview_excerpt to_c(const auralis::PreviewExcerpt& excerpt) noexcept {
  return {excerpt.loudness_lufs, excerpt.gain_db};
}

}  // namespace

extern "C" {

auralis_status auralis_write_master_previews(const char* original, const char* mastered, double seconds,
                                             const char* before_path, const char* after_path,
                                             auralis_previews* out) {
  if (out != nullptr) *out = {};
  return guarded("auralis_write_master_previews", [&](const Call& call) {
    call.require(original, "original");
    call.require(mastered, "mastered");
    call.require(before_path, "before_path");
    call.require(after_path, "after_path");
    const auralis::MasterPreviews previews =
        auralis::write_master_previews(original, mastered, seconds, before_path, after_path);
    if (out != nullptr) {
      *out = {previews.start_seconds, previews.seconds, to_c(previews.before), to_c(previews.after)};
    }
  });
}

auralis_status auralis_write_report_html(const char* report_json, const char* html_path) {
  return guarded("auralis_write_report_html", [&](const Call& call) {
    call.require(report_json, "report_json");
    call.require(html_path, "html_path");
    auralis::write_report_file(html_path, auralis::render_report_html(report_json));
  });
}

}  // extern "C"
