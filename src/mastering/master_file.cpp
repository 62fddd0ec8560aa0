// master_file: decoding, mastering in memory and atomic encoding, with the files' names in every error.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "mastering/stage_clock.hpp"

namespace auralis {

MasterReport master_file(const std::filesystem::path& input, const std::filesystem::path& output,
                         const MasterOptions& options, const EncodeOptions& encode,
                         const std::optional<std::filesystem::path>& reference) {
  std::vector<StageTiming> io_timings;
  DecodedAudio decoded;
  std::optional<DecodedAudio> decoded_reference;
  {
    mastering::StageClock clock(io_timings, options.progress);
    clock.start("decode", 0.0);
    decoded = read_audio(input);
    if (reference) decoded_reference = read_audio(*reference);
  }
  MasterResult result =
      master(std::move(decoded.audio), options, decoded_reference ? &decoded_reference->audio : nullptr);
  {
    mastering::StageClock clock(io_timings, options.progress);
    clock.start("encode", 0.97);
    EncodeOptions protect = encode;
    protect.threads = result.report.backend.threads;
    protect.protected_paths.push_back(input);
    if (reference) protect.protected_paths.push_back(*reference);
    write_audio(output, result.audio, protect);
  }
  if (options.progress) options.progress("done", 1.0);
  MasterReport& report = result.report;
  report.timings.insert(report.timings.begin(), io_timings.front());
  report.timings.push_back(io_timings.back());
  return std::move(report);
}

}  // namespace auralis
