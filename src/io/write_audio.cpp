// write_audio and file_type_for: encodes an AudioBuffer to WAV or FLAC with TPDF dither, atomically.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>

#include "io/atomic_output_file.hpp"
#include "io/channel_map.hpp"
#include "io/encode_audio.hpp"
#include "io/output_targets.hpp"
#include "io/sndfile_resources.hpp"
#include "io/tpdf_dither.hpp"

#include <sndfile.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace auralis {
namespace {

// Frames encoded per libsndfile call.
constexpr std::size_t kChunkFrames = 4096;
// Chunks handed between the quantising and writing threads: large, so handing them over costs little.
constexpr std::size_t kPipelineChunkFrames = 65536;

// FLAC's limits (libFLAC's subset rules as libsndfile applies them).
constexpr std::size_t kFlacMaxChannels = 8;
constexpr std::uint32_t kFlacMaxSampleRateHz = 655350;

[[noreturn]] void fail(ErrorCode code, const std::filesystem::path& path, const std::string& what) {
  throw Error(code, path.string() + ": " + what);
}

const char* type_name(FileType type) {
  return type == FileType::flac ? "FLAC" : "WAV";
}

const char* sample_format_name(SampleFormat format) {
  switch (format) {
    case SampleFormat::pcm16:
      return "16-bit PCM";
    case SampleFormat::pcm24:
      return "24-bit PCM";
    case SampleFormat::float32:
      return "32-bit float";
  }
  return "unknown sample format";
}

int bits_of(SampleFormat format) {
  return format == SampleFormat::pcm16 ? 16 : 24;
}

void check_format_supported(const std::filesystem::path& path, const AudioBuffer& audio,
                            const EncodeOptions& options) {
  if (options.type != FileType::flac) return;
  if (options.sample_format == SampleFormat::float32) {
    fail(ErrorCode::unsupported_format, path,
         "FLAC cannot hold 32-bit float samples (use 16- or 24-bit PCM)");
  }
  if (audio.channels() > kFlacMaxChannels) {
    fail(ErrorCode::unsupported_format, path,
         "FLAC holds at most " + std::to_string(kFlacMaxChannels) + " channels, the audio has " +
             std::to_string(audio.channels()));
  }
  if (audio.sample_rate() > kFlacMaxSampleRateHz) {
    fail(ErrorCode::unsupported_format, path,
         "FLAC holds at most " + std::to_string(kFlacMaxSampleRateHz) + " Hz, the audio is at " +
             std::to_string(audio.sample_rate()) + " Hz");
  }
}

std::uint64_t count_non_finite(const AudioBuffer& audio) {
  std::uint64_t count = 0;
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (const float sample : audio.channel(c)) {
      if (!std::isfinite(sample)) ++count;
    }
  }
  return count;
}

// WAVE_FORMAT_EXTENSIBLE when the layout is not the conventional one for the channel count, because only
// it stores a channel map; plain WAV otherwise, which every reader understands.
struct SndfileFormat {
  int format = 0;
  std::optional<std::vector<int>> channel_map;
};

SndfileFormat sndfile_format_for(const AudioBuffer& audio, const EncodeOptions& options) {
  SndfileFormat result;
  int encoding = SF_FORMAT_PCM_24;
  if (options.sample_format == SampleFormat::pcm16) encoding = SF_FORMAT_PCM_16;
  if (options.sample_format == SampleFormat::float32) encoding = SF_FORMAT_FLOAT;
  if (options.type == FileType::flac) {
    result.format = SF_FORMAT_FLAC | encoding;
    return result;
  }
  result.format = SF_FORMAT_WAV | encoding;
  if (audio.layout() != default_layout(audio.channels())) {
    result.channel_map = io::sndfile_map_from_layout(audio.layout());
    if (result.channel_map) result.format = SF_FORMAT_WAVEX | encoding;
  }
  return result;
}

// Rounds (x * 2^(bits-1) + dither) to an integer, clamps it to the encoding's range, and left-aligns it
// in 32 bits: libsndfile keeps the top `bits` bits of an int sample, so the file then holds exactly q.
class Quantizer {
 public:
  Quantizer(int bits, bool dither, std::uint64_t seed, std::size_t channels)
      : scale_(std::ldexp(1.0, bits - 1)), left_align_(std::int32_t{1} << (32 - bits)), dither_(dither) {
    generators_.reserve(channels);
    for (std::size_t c = 0; c < channels; ++c) generators_.emplace_back(seed, c);
  }

  std::int32_t operator()(float sample, std::size_t channel) {
    double scaled = static_cast<double>(sample) * scale_;
    if (dither_) scaled += generators_[channel].next_lsb();
    // std::round (half away from zero) does not depend on the floating-point environment's rounding mode.
    double rounded = std::round(scaled);
    if (rounded > scale_ - 1.0) {
      rounded = scale_ - 1.0;
      ++clipped_;
    } else if (rounded < -scale_) {
      rounded = -scale_;
      ++clipped_;
    }
    return static_cast<std::int32_t>(rounded) * left_align_;
  }

  std::uint64_t clipped() const noexcept { return clipped_; }

 private:
  double scale_;
  std::int32_t left_align_;
  bool dither_;
  std::vector<io::TpdfDither> generators_;
  std::uint64_t clipped_ = 0;
};

// Writes every frame of `audio` through `file`, interleaving chunk by chunk. Returns the clip count.
std::uint64_t write_samples(SNDFILE* file, const AudioBuffer& audio, const EncodeOptions& options) {
  const std::size_t channels = audio.channels();
  const std::size_t frames = audio.frames();
  const auto check_written = [&](sf_count_t written, std::size_t wanted) {
    if (written != static_cast<sf_count_t>(wanted)) {
      throw io::WriteStepFailed{std::string("libsndfile could not write the samples: ") + sf_strerror(file)};
    }
  };

  if (options.sample_format == SampleFormat::float32) {
    std::vector<float> chunk(kChunkFrames * channels);
    for (std::size_t start = 0; start < frames; start += kChunkFrames) {
      const std::size_t count = std::min(kChunkFrames, frames - start);
      for (std::size_t c = 0; c < channels; ++c) {
        const float* source = audio.channel(c).data() + start;
        for (std::size_t i = 0; i < count; ++i) chunk[i * channels + c] = source[i];
      }
      check_written(sf_writef_float(file, chunk.data(), static_cast<sf_count_t>(count)), count);
    }
    return 0;
  }

  Quantizer quantize(bits_of(options.sample_format), options.dither, options.dither_seed, channels);
  const auto fill = [&](std::vector<int>& chunk, std::size_t start, std::size_t count) {
    for (std::size_t c = 0; c < channels; ++c) {
      const float* source = audio.channel(c).data() + start;
      for (std::size_t i = 0; i < count; ++i) chunk[i * channels + c] = quantize(source[i], c);
    }
  };
  if (options.threads < 2) {
    std::vector<int> chunk(kChunkFrames * channels);
    for (std::size_t start = 0; start < frames; start += kChunkFrames) {
      const std::size_t count = std::min(kChunkFrames, frames - start);
      fill(chunk, start, count);
      check_written(sf_writef_int(file, chunk.data(), static_cast<sf_count_t>(count)), count);
    }
    return quantize.clipped();
  }
  // Pipeline: a helper thread quantises chunk k + 1 (in order, so the dither streams are the same) while
  // this thread writes chunk k; slots are reused once written.
  constexpr std::size_t kSlots = 3;
  const std::size_t chunks = (frames + kPipelineChunkFrames - 1) / kPipelineChunkFrames;
  std::array<std::vector<int>, kSlots> slots;
  for (auto& slot : slots) slot.resize(kPipelineChunkFrames * channels);
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t produced = 0, consumed = 0;
  bool abandon = false;
  const auto chunk_frames = [&](std::size_t k) {
    return std::min(kPipelineChunkFrames, frames - k * kPipelineChunkFrames);
  };
  {
    std::jthread producer([&] {
      for (std::size_t k = 0; k < chunks; ++k) {
        {
          std::unique_lock lock(mutex);
          changed.wait(lock, [&] { return abandon || k < consumed + kSlots; });
          if (abandon) return;
        }
        fill(slots[k % kSlots], k * kPipelineChunkFrames, chunk_frames(k));
        {
          std::lock_guard lock(mutex);
          produced = k + 1;
        }
        changed.notify_all();
      }
    });
    try {
      for (std::size_t k = 0; k < chunks; ++k) {
        {
          std::unique_lock lock(mutex);
          changed.wait(lock, [&] { return produced > k; });
        }
        const std::size_t count = chunk_frames(k);
        check_written(sf_writef_int(file, slots[k % kSlots].data(), static_cast<sf_count_t>(count)), count);
        {
          std::lock_guard lock(mutex);
          consumed = k + 1;
        }
        changed.notify_all();
      }
    } catch (...) {
      {
        std::lock_guard lock(mutex);
        abandon = true;
      }
      changed.notify_all();
      throw;  // the producer is joined on the way out
    }
  }
  return quantize.clipped();
}

}  // namespace

FileType file_type_for(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".wav") return FileType::wav;
  if (extension == ".flac") return FileType::flac;
  fail(ErrorCode::unsupported_format, path,
       (extension.empty() ? std::string("no file extension") : "unsupported extension '" + extension + "'") +
           "; output files must end in .wav or .flac");
}

}  // namespace auralis

namespace auralis::io {

std::unique_ptr<AtomicOutputFile> encode_uncommitted(const std::filesystem::path& path,
                                                     const AudioBuffer& audio, const EncodeOptions& options,
                                                     EncodeReport& report) {
  if (audio.channels() == 0 || audio.frames() == 0) {
    fail(ErrorCode::invalid_argument, path, "nothing to write: the audio has no frames");
  }
  check_format_supported(path, audio, options);
  for (const std::filesystem::path& protected_path : options.protected_paths) {
    if (same_file(path, protected_path)) {
      fail(ErrorCode::output_is_input, path,
           "refusing to overwrite an input file (it is the same file as " + protected_path.string() + ")");
    }
  }
  if (const std::uint64_t bad = count_non_finite(audio); bad > 0) {
    fail(ErrorCode::non_finite_samples, path,
         "cannot encode " + std::to_string(bad) + " NaN/Inf sample" + (bad == 1 ? "" : "s") +
             " (audio samples must be finite numbers)");
  }
  if (path.filename().empty()) fail(ErrorCode::write_failed, path, "cannot write: the path names a folder");

  const SndfileFormat format = sndfile_format_for(audio, options);
  SF_INFO info{};
  info.samplerate = static_cast<int>(audio.sample_rate());
  info.channels = static_cast<int>(audio.channels());
  info.format = format.format;
  if (sf_format_check(&info) != SF_TRUE) {
    fail(ErrorCode::unsupported_format, path,
         std::string("libsndfile cannot write ") + type_name(options.type) + " with " +
             sample_format_name(options.sample_format) + " samples, " + std::to_string(audio.channels()) +
             " channels at " + std::to_string(audio.sample_rate()) + " Hz");
  }

  try {
    auto output = std::make_unique<AtomicOutputFile>(path);
    {
      SndfilePtr file(sf_open_fd(output->fd(), SFM_WRITE, &info, SF_FALSE));
      if (!file) {
        throw WriteStepFailed{std::string("libsndfile cannot start the file: ") + sf_strerror(nullptr)};
      }
      // The PEAK chunk carries a timestamp, which would make identical audio give different files.
      sf_command(file.get(), SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
      if (format.channel_map) {
        // Best effort: a layout WAVE_FORMAT_EXTENSIBLE cannot express (e.g. out of its canonical order)
        // is refused here and the file keeps libsndfile's default mask.
        std::vector<int> map = *format.channel_map;
        sf_command(file.get(), SFC_SET_CHANNEL_MAP_INFO, map.data(),
                   static_cast<int>(map.size() * sizeof(int)));
      }
      report.clipped_samples = write_samples(file.get(), audio, options);
      // Closed here, not by the handle, because closing writes the final header and can fail.
      if (const int error = sf_close(file.release()); error != SF_ERR_NO_ERROR) {
        throw WriteStepFailed{std::string("libsndfile could not finish the file: ") + sf_error_number(error)};
      }
    }
    output->flush();
    return output;
  } catch (const WriteStepFailed& failure) {
    fail(ErrorCode::write_failed, path, "cannot write: " + failure.reason);
  }
}

}  // namespace auralis::io

namespace auralis {

EncodeReport write_audio(const std::filesystem::path& path, const AudioBuffer& audio,
                         const EncodeOptions& options) {
  EncodeReport report;
  const std::unique_ptr<io::AtomicOutputFile> output = io::encode_uncommitted(path, audio, options, report);
  try {
    output->commit();
  } catch (const io::WriteStepFailed& failure) {
    fail(ErrorCode::write_failed, path, "cannot write: " + failure.reason);
  }
  return report;
}

}  // namespace auralis
