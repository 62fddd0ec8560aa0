// SPDX-License-Identifier: MIT
// master_file: streaming passes from the input file to the encoder, atomic outputs, and the files' names
// in every error.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>

#include "io/audio_file_writer.hpp"
#include "io/output_targets.hpp"
#include "mastering/master_tracks.hpp"
#include "mastering/resampled_track.hpp"
#include "mastering/track.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace auralis {
namespace {

// A lossy output is rendered at most this many times while its decoded true peak is over the ceiling.
constexpr int kCodecCeilingRenders = 4;
// Each new render's limiter ceiling is lowered by the decoded excess and this much: a codec's overshoot
// grows a little less than the level it is given, so the excess alone can fall just short.
constexpr double kCodecCeilingMarginDb = 0.1;
// The lowest ceiling the limiter takes (validate_plan's range).
constexpr double kLowestLimiterCeilingDbtp = -20.0;

// The true peak (dBTP, our meter) of what `file` holds: the temporary an encoder has finished, read back
// through the process's own descriptor so that an unnamed temporary can be read too.
double decoded_true_peak_dbtp(const io::AtomicOutputFile& file) {
  const LoudnessReport decoded = measure_loudness("/proc/self/fd/" + std::to_string(file.fd()));
  return LoudnessReport::to_db(decoded.true_peak.value_or(0.0)).value_or(-200.0);
}

[[noreturn]] void fail_write(const std::filesystem::path& path, const io::WriteStepFailed& failure) {
  throw Error(ErrorCode::write_failed, path.string() + ": cannot write: " + failure.reason);
}

// The encoder as the render's sink; each render pass starts a new file.
class EncoderSink final : public mastering::BlockSink {
 public:
  explicit EncoderSink(io::AudioFileWriter& writer) : writer_(writer) {}
  const char* name() const noexcept override { return "encode"; }
  void consume(std::span<const float* const> planes, std::size_t frames) override {
    writer_.write(planes, frames);
  }

 private:
  io::AudioFileWriter& writer_;
};

// The input's tags, each field replaced where `given` sets it (an empty one removes it), and given's
// comments.
AudioTags output_tags(const AudioTags& input, const AudioTags& given) {
  AudioTags tags = given;
  for (auto field : {&AudioTags::title, &AudioTags::artist, &AudioTags::album, &AudioTags::track_number,
                     &AudioTags::date, &AudioTags::comment}) {
    if (!(tags.*field)) tags.*field = input.*field;
  }
  return tags;
}

// The options with the files' paths as the names messages use.
MasterOptions named_after(const std::filesystem::path& input,
                          const std::optional<std::filesystem::path>& reference,
                          const MasterOptions& options) {
  MasterOptions named = options;
  named.input_name = input.string();
  if (reference) named.reference_name = reference->string();
  return named;
}

MasterReport decode_master_encode(const std::filesystem::path& input, const std::filesystem::path& output,
                                  const MasterOptions& options, const EncodeOptions& encode,
                                  const std::optional<std::filesystem::path>& reference,
                                  const std::optional<std::filesystem::path>& report_json) {
  MasterOptions named = named_after(input, reference, options);
  // The JSON report carries the data of the HTML report.
  if (report_json) named.curves = true;
  const mastering::FileTrack input_track(input);
  std::optional<mastering::FileTrack> reference_track;
  if (reference) reference_track.emplace(*reference);
  SpectralEngine engine(options.backend);
  MasterReport report =
      mastering::plan_tracks(input_track, reference_track ? &*reference_track : nullptr, named, engine);

  // The render reads the input at the delivery rate, where one other than the input's is asked for.
  std::optional<mastering::ResampledTrack> resampled;
  if (options.output_rate_hz && *options.output_rate_hz != input_track.sample_rate()) {
    resampled.emplace(input_track, *options.output_rate_hz);
  }
  const mastering::Track& render_input =
      resampled ? static_cast<const mastering::Track&>(*resampled) : input_track;
  const std::uint64_t render_frames =
      resampled ? resampled->frames_for(report.profile.loudness.frames) : report.profile.loudness.frames;

  EncodeOptions protect = encode;
  protect.protected_paths.push_back(input);
  if (reference) protect.protected_paths.push_back(*reference);
  protect.tags = output_tags(input_track.tags(), encode.tags);
  std::unique_ptr<io::AudioFileWriter> writer;
  std::optional<EncoderSink> encoder;
  std::unique_ptr<io::AtomicOutputFile> encoded;
  const MasterReport planned = report;
  const double ceiling_dbtp = planned.plan.limiter.ceiling_dbtp;
  const bool hold_codec_ceiling = is_lossy(encode.type) && planned.plan.limiter.enabled;
  double limiter_ceiling_dbtp = ceiling_dbtp;
  for (int renders = 1;; ++renders) {
    report = planned;
    report.plan.limiter.ceiling_dbtp = limiter_ceiling_dbtp;
    encoded.reset();
    mastering::render_tracks(
        render_input, named, engine,
        [&] {
          encoder.reset();
          writer.reset();
          writer = std::make_unique<io::AudioFileWriter>(output, render_input.channels(),
                                                         render_input.sample_rate(), render_input.layout(),
                                                         protect, render_frames);
          return mastering::RenderTarget{{}, {&encoder.emplace(*writer)}};
        },
        report);
    encoded = writer->finish();
    report.plan.limiter.ceiling_dbtp = ceiling_dbtp;
    if (!hold_codec_ceiling) break;
    const double decoded_dbtp = decoded_true_peak_dbtp(*encoded);
    report.codec_ceiling = CodecCeiling{renders, limiter_ceiling_dbtp, decoded_dbtp};
    if (decoded_dbtp <= ceiling_dbtp) break;
    if (renders == kCodecCeilingRenders || limiter_ceiling_dbtp <= kLowestLimiterCeilingDbtp) {
      report.warnings.push_back(output.string() + ": the decoded true peak stays above the ceiling");
      break;
    }
    limiter_ceiling_dbtp =
        std::max(kLowestLimiterCeilingDbtp,
                 limiter_ceiling_dbtp - (decoded_dbtp - ceiling_dbtp) - kCodecCeilingMarginDb);
  }
  if (const std::uint64_t clipped = writer->clipped_samples(); clipped > 0) {
    const std::string count = std::to_string(clipped) + " sample" + (clipped == 1 ? "" : "s");
    if (!report.plan.limiter.enabled && !options.allow_clipping) {
      throw Error(ErrorCode::would_clip,
                  output.string() + ": " + count +
                      " would clip the integer output with the limiter off: lower the target, turn the "
                      "limiter on, write float samples, or allow clipping (--allow-clipping)");
    }
    report.warnings.push_back(output.string() + ": " + count + " clipped in the integer output");
  }
  // Both files are complete on disk before either appears, so that a full disk or a failing report cannot
  // leave a master without its report (or the other way round).
  std::unique_ptr<io::AtomicOutputFile> report_file;
  if (report_json) {
    try {
      report_file = std::make_unique<io::AtomicOutputFile>(*report_json);
      report_file->write(report_to_json(report) + "\n");
      report_file->flush();
    } catch (const io::WriteStepFailed& failure) {
      fail_write(*report_json, failure);
    }
  }
  try {
    encoded->commit();
  } catch (const io::WriteStepFailed& failure) {
    fail_write(output, failure);
  }
  if (report_file) {
    try {
      report_file->commit();
    } catch (const io::WriteStepFailed& failure) {
      fail_write(*report_json, failure);
    }
  }
  if (options.progress) options.progress("done", 1.0);
  return report;
}

}  // namespace

MasterReport master_file(const std::filesystem::path& input, const std::filesystem::path& output,
                         const MasterOptions& options, const EncodeOptions& encode,
                         const std::optional<std::filesystem::path>& reference,
                         const std::optional<std::filesystem::path>& report_json) {
  std::vector<std::filesystem::path> inputs{input};
  if (reference) inputs.push_back(*reference);
  inputs.insert(inputs.end(), encode.protected_paths.begin(), encode.protected_paths.end());
  std::vector<std::filesystem::path> outputs{output};
  if (report_json) outputs.push_back(*report_json);
  io::check_output_targets(outputs, inputs);
  io::check_encoding_quality(output, encode);
  try {
    return decode_master_encode(input, output, options, encode, reference, report_json);
  } catch (const std::bad_alloc&) {
    throw Error(ErrorCode::out_of_memory, input.string() + ": not enough memory to master it");
  } catch (const std::system_error& failure) {
    throw Error(ErrorCode::out_of_memory, input.string() + ": cannot start a thread (" + failure.what() +
                                              "): not enough memory or a process limit");
  } catch (const Error& failure) {
    // Every error names a file: those from deeper layers that know none (a worker pool) get the input's.
    const std::string_view message = failure.what();
    const bool names_a_file = message.find(input.string()) != std::string_view::npos ||
                              (reference && message.find(reference->string()) != std::string_view::npos) ||
                              message.find(output.string()) != std::string_view::npos ||
                              (report_json && message.find(report_json->string()) != std::string_view::npos);
    if (names_a_file) throw;
    throw Error(failure.code(), input.string() + ": " + failure.what());
  }
}

MasterReport plan_master_file(const std::filesystem::path& input, const MasterOptions& options,
                              const std::optional<std::filesystem::path>& reference) {
  try {
    const mastering::FileTrack input_track(input);
    std::optional<mastering::FileTrack> reference_track;
    if (reference) reference_track.emplace(*reference);
    SpectralEngine engine(options.backend);
    return mastering::plan_tracks(input_track, reference_track ? &*reference_track : nullptr,
                                  named_after(input, reference, options), engine);
  } catch (const std::bad_alloc&) {
    throw Error(ErrorCode::out_of_memory, input.string() + ": not enough memory to master it");
  }
}

}  // namespace auralis
