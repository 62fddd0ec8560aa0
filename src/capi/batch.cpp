// SPDX-License-Identifier: MIT
// The C API's batches, over auralis::collect_batch_inputs and auralis::master_batch.
#include <auralis/auralis.h>
#include <auralis/batch.hpp>

#include "capi/conversions.hpp"
#include "capi/errors.hpp"

#include <string>
#include <vector>

namespace {

using auralis::capi::Call;
using auralis::capi::guarded;

static_assert(static_cast<int>(auralis::AlbumMode::tag) == AURALIS_ALBUM_TAG);
static_assert(static_cast<int>(auralis::BatchOptions::GainTags::r128) == AURALIS_GAIN_TAGS_R128);
static_assert(static_cast<int>(auralis::BatchStatus::cancelled) == AURALIS_BATCH_TRACK_CANCELLED);

auralis::BatchOptions batch_options(const auralis_batch_options& c, const char* output_dir) {
  auralis::capi::MasterRequest request = auralis::capi::master_request(&c.master);
  if (request.type) {
    throw auralis::Error(auralis::ErrorCode::invalid_argument,
                         "options->master.file_type: a batch writes each output as its name's type "
                         "(name_template); leave it AURALIS_FILE_TYPE_AUTO");
  }
  auralis::BatchOptions options;
  options.master = std::move(request.options);
  options.encode = std::move(request.encode);
  options.reference = std::move(request.reference);
  options.output_dir = output_dir;
  if (c.name_template != nullptr) options.name_template = c.name_template;
  options.jobs = c.jobs;
  options.album = static_cast<auralis::AlbumMode>(
      auralis::capi::checked_enum(c.album, AURALIS_ALBUM_TAG, "options->album"));
  options.gain_tags = static_cast<auralis::BatchOptions::GainTags>(
      auralis::capi::checked_enum(c.gain_tags, AURALIS_GAIN_TAGS_R128, "options->gain_tags"));
  options.force = c.force != 0;
  options.use_cache = c.use_cache != 0;
  if (c.cache_dir != nullptr) options.cache_dir = c.cache_dir;
  return options;
}

// Sends one event of the C++ batch to the C callback.
void send_event(const auralis::BatchEvent& event, auralis_batch_progress_fn progress, void* user_data) {
  const auralis::BatchTrackResult& result = *event.result;
  const std::string input = result.track.input.string();
  const std::string output = result.output.string();
  auralis_batch_event c{};
  c.kind = event.kind == auralis::BatchEvent::Kind::started ? AURALIS_BATCH_TRACK_STARTED
                                                            : AURALIS_BATCH_TRACK_FINISHED;
  c.index = event.index;
  c.total = event.total;
  c.input = input.c_str();
  c.output = output.c_str();
  c.error_message = "";
  if (c.kind == AURALIS_BATCH_TRACK_FINISHED) {
    c.status = static_cast<auralis_batch_track_status>(result.status);
    if (result.error_code) {
      c.error = static_cast<auralis_status>(*result.error_code);
      c.error_message = result.error.c_str();
    }
    c.before_lufs = auralis::capi::to_c(result.before_lufs);
    c.after_lufs = auralis::capi::to_c(result.after_lufs);
    c.limiter_p99_db = result.limiter_reduction_p99_db;
  }
  progress(&c, user_data);
}

}  // namespace

extern "C" {

auralis_status auralis_batch_options_init(auralis_batch_options* options) {
  return guarded("auralis_batch_options_init", [&](const Call& call) {
    call.require(options, "options");
    *options = {};
    auralis_master_options_init(&options->master);
    options->album = AURALIS_ALBUM_NONE;
    options->gain_tags = AURALIS_GAIN_TAGS_NONE;
    options->use_cache = 1;
  });
}

auralis_status auralis_batch(const char* const* inputs, size_t count, const char* output_dir,
                             const auralis_batch_options* options, auralis_batch_progress_fn progress,
                             void* progress_user_data, auralis_batch_cancel_fn cancel, void* cancel_user_data,
                             auralis_batch_summary* summary) {
  if (summary != nullptr) *summary = {};
  return guarded("auralis_batch", [&](const Call& call) {
    if (count > 0) call.require(inputs, "inputs");
    call.require(output_dir, "output_dir");
    std::vector<std::string> names;
    for (std::size_t i = 0; i < count; ++i) {
      if (inputs[i] == nullptr) call.invalid("inputs[" + std::to_string(i) + "] is NULL");
      names.emplace_back(inputs[i]);
    }
    auralis_batch_options defaults;
    if (options == nullptr) {
      auralis_batch_options_init(&defaults);
      options = &defaults;
    }
    const auralis::BatchOptions batch = batch_options(*options, output_dir);
    const std::vector<auralis::BatchTrack> tracks = auralis::collect_batch_inputs(names);
    auralis::BatchCallbacks callbacks;
    if (progress != nullptr) {
      callbacks.on_event = [&](const auralis::BatchEvent& event) {
        send_event(event, progress, progress_user_data);
      };
    }
    if (cancel != nullptr) callbacks.cancelled = [&] { return cancel(cancel_user_data) != 0; };
    const auralis::BatchSummary done = auralis::master_batch(tracks, batch, callbacks);
    if (summary != nullptr) *summary = {done.mastered, done.skipped, done.failed, done.cancelled};
    if (done.cancelled > 0) {
      auralis::capi::set_last_error("batch cancelled: ", std::to_string(done.cancelled).c_str(),
                                    " tracks not mastered");
      return AURALIS_ERROR_CANCELLED;
    }
    for (const auralis::BatchTrackResult& result : done.tracks) {
      if (result.status != auralis::BatchStatus::failed) continue;
      const std::string others =
          done.failed > 1 ? " (and " + std::to_string(done.failed - 1) + " more tracks failed)" : "";
      auralis::capi::set_last_error(result.error.c_str(), others.c_str());
      return AURALIS_ERROR_TRACKS_FAILED;
    }
    return AURALIS_OK;
  });
}

}  // extern "C"
