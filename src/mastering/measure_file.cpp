// SPDX-License-Identifier: MIT
// measure_loudness for a file or an open reader: one streaming pass from the decoder to the meter.
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>

#include "mastering/meter_sink.hpp"
#include "mastering/render_track.hpp"
#include "mastering/track.hpp"

#include <new>

namespace auralis {

LoudnessReport measure_loudness(AudioFileReader& reader, const LoudnessOptions& options) {
  LoudnessOptions meter_options = options;
  if (meter_options.layout.empty()) meter_options.layout = reader.layout();
  meter_options.threads = 1;
  mastering::MeterSink meter(reader.channels(), reader.sample_rate(), meter_options);
  mastering::BlockSink* const sinks[] = {&meter};
  std::vector<StageTiming> timings;
  mastering::ReaderSource source(reader);
  mastering::run_pass("measure", source, {}, sinks, mastering::pass_options(16384, options.threads), timings);
  return meter.report();
}

LoudnessReport measure_loudness(const std::filesystem::path& path, const LoudnessOptions& options) {
  try {
    AudioFileReader reader(path);
    return measure_loudness(reader, options);
  } catch (const std::bad_alloc&) {
    throw Error(ErrorCode::out_of_memory, path.string() + ": not enough memory to measure it");
  }
}

}  // namespace auralis
