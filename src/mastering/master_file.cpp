// master_file: decoding, mastering in memory and atomic encoding, with the files' names in every error.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "io/encode_audio.hpp"
#include "io/output_targets.hpp"
#include "mastering/stage_clock.hpp"

#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace auralis {
namespace {

[[noreturn]] void fail_write(const std::filesystem::path& path, const io::WriteStepFailed& failure) {
  throw Error(ErrorCode::write_failed, path.string() + ": cannot write: " + failure.reason);
}

MasterReport decode_master_encode(const std::filesystem::path& input, const std::filesystem::path& output,
                                  const MasterOptions& options, const EncodeOptions& encode,
                                  const std::optional<std::filesystem::path>& reference,
                                  const std::optional<std::filesystem::path>& report_json) {
  std::vector<StageTiming> io_timings;
  DecodedAudio decoded;
  std::optional<DecodedAudio> decoded_reference;
  {
    mastering::StageClock clock(io_timings, options.progress);
    clock.start("decode", 0.0);
    decoded = read_audio(input);
    if (reference) decoded_reference = read_audio(*reference);
  }
  MasterOptions named = options;
  named.input_name = input.string();
  if (reference) named.reference_name = reference->string();
  MasterResult result =
      master(std::move(decoded.audio), named, decoded_reference ? &decoded_reference->audio : nullptr);
  std::unique_ptr<io::AtomicOutputFile> encoded;
  {
    mastering::StageClock clock(io_timings, options.progress);
    clock.start("encode", 0.97);
    EncodeOptions protect = encode;
    protect.threads = result.report.backend.threads;
    protect.protected_paths.push_back(input);
    if (reference) protect.protected_paths.push_back(*reference);
    EncodeReport encode_report;
    encoded = io::encode_uncommitted(output, result.audio, protect, encode_report);
  }
  MasterReport& report = result.report;
  report.timings.insert(report.timings.begin(), io_timings.front());
  report.timings.push_back(io_timings.back());
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
  return std::move(report);
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

}  // namespace auralis
