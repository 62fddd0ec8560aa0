// AudioFileWriter, write_audio and file_type_for: WAV or FLAC with TPDF dither, block by block, atomically.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>

#include "io/atomic_output_file.hpp"
#include "io/audio_file_writer.hpp"
#include "io/channel_map.hpp"
#include "io/output_targets.hpp"
#include "io/sndfile_resources.hpp"
#include "io/tpdf_dither.hpp"

#include <fcntl.h>
#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace auralis {
namespace {

// Frames encoded per libsndfile call.
constexpr std::size_t kChunkFrames = 4096;
// Frames written between hints to start writing back to disk (about 3 s at 44.1 kHz).
constexpr std::uint64_t kWritebackFrames = 131072;

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

void check_format_supported(const std::filesystem::path& path, std::size_t channels, std::uint32_t rate,
                            const EncodeOptions& options) {
  if (options.type != FileType::flac) return;
  if (options.sample_format == SampleFormat::float32) {
    fail(ErrorCode::unsupported_format, path,
         "FLAC cannot hold 32-bit float samples (use 16- or 24-bit PCM)");
  }
  if (channels > kFlacMaxChannels) {
    fail(ErrorCode::unsupported_format, path,
         "FLAC holds at most " + std::to_string(kFlacMaxChannels) + " channels, the audio has " +
             std::to_string(channels));
  }
  if (rate > kFlacMaxSampleRateHz) {
    fail(ErrorCode::unsupported_format, path,
         "FLAC holds at most " + std::to_string(kFlacMaxSampleRateHz) + " Hz, the audio is at " +
             std::to_string(rate) + " Hz");
  }
}

std::uint64_t count_non_finite(std::span<const float* const> planes, std::size_t frames) {
  std::uint64_t count = 0;
  for (const float* plane : planes) {
    for (std::size_t n = 0; n < frames; ++n) count += std::isfinite(plane[n]) ? 0 : 1;
  }
  return count;
}

[[noreturn]] void fail_non_finite(const std::filesystem::path& path, std::uint64_t bad) {
  fail(ErrorCode::non_finite_samples, path,
       "cannot encode " + std::to_string(bad) + " NaN/Inf sample" + (bad == 1 ? "" : "s") +
           " (audio samples must be finite numbers)");
}

// WAVE_FORMAT_EXTENSIBLE when the layout is not the conventional one for the channel count, because only
// it stores a channel map; plain WAV otherwise, which every reader understands.
struct SndfileFormat {
  int format = 0;
  std::optional<std::vector<int>> channel_map;
};

SndfileFormat sndfile_format_for(const std::vector<Speaker>& layout, const EncodeOptions& options) {
  SndfileFormat result;
  int encoding = SF_FORMAT_PCM_24;
  if (options.sample_format == SampleFormat::pcm16) encoding = SF_FORMAT_PCM_16;
  if (options.sample_format == SampleFormat::float32) encoding = SF_FORMAT_FLOAT;
  if (options.type == FileType::flac) {
    result.format = SF_FORMAT_FLAC | encoding;
    return result;
  }
  result.format = SF_FORMAT_WAV | encoding;
  if (layout != default_layout(layout.size())) {
    result.channel_map = io::sndfile_map_from_layout(layout);
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
    // Half away from zero, by truncating the value moved half a step away from zero: exact for every
    // undithered sample (a float times 2^(bits-1) has no more than 24 significant bits), independent of the
    // floating-point environment's rounding mode, and far cheaper than std::round's library call. Values
    // beyond the range clip anyway; limited first, they also convert to an integer safely.
    const double limited = std::clamp(scaled, -scale_ - 1.0, scale_);
    double rounded = static_cast<double>(static_cast<std::int64_t>(limited + (limited < 0.0 ? -0.5 : 0.5)));
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

EncodeReport write_audio(const std::filesystem::path& path, const AudioBuffer& audio,
                         const EncodeOptions& options) {
  if (audio.channels() == 0 || audio.frames() == 0) {
    fail(ErrorCode::invalid_argument, path, "nothing to write: the audio has no frames");
  }
  std::vector<const float*> planes;
  for (std::size_t c = 0; c < audio.channels(); ++c) planes.push_back(audio.channel(c).data());
  io::AudioFileWriter writer(path, audio.channels(), audio.sample_rate(), audio.layout(), options);
  // Counted over the whole buffer first, so that the message gives them all and nothing is written.
  if (const std::uint64_t bad = count_non_finite(planes, audio.frames()); bad > 0) fail_non_finite(path, bad);
  writer.write(planes, audio.frames());
  const std::unique_ptr<io::AtomicOutputFile> output = writer.finish();
  try {
    output->commit();
  } catch (const io::WriteStepFailed& failure) {
    fail(ErrorCode::write_failed, path, "cannot write: " + failure.reason);
  }
  return {writer.clipped_samples()};
}

}  // namespace auralis

namespace auralis::io {

struct AudioFileWriter::State {
  std::filesystem::path path;
  std::size_t channels = 0;
  EncodeOptions options;
  std::unique_ptr<AtomicOutputFile> output;
  SndfilePtr file;
  std::optional<Quantizer> quantize;  // integer encodings
  std::vector<int> integers;
  std::vector<float> floats;
  std::uint64_t frames = 0;
  std::uint64_t frames_at_writeback = 0;

  void check_written(sf_count_t written, std::size_t wanted) {
    if (written != static_cast<sf_count_t>(wanted)) {
      throw WriteStepFailed{std::string("libsndfile could not write the samples: ") +
                            sf_strerror(file.get())};
    }
  }
};

AudioFileWriter::AudioFileWriter(const std::filesystem::path& path, std::size_t channels,
                                 std::uint32_t sample_rate_hz, const std::vector<Speaker>& layout,
                                 const EncodeOptions& options)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.path = path;
  s.channels = channels;
  s.options = options;
  check_format_supported(path, channels, sample_rate_hz, options);
  for (const std::filesystem::path& protected_path : options.protected_paths) {
    if (same_file(path, protected_path)) {
      fail(ErrorCode::output_is_input, path,
           "refusing to overwrite an input file (it is the same file as " + protected_path.string() + ")");
    }
  }
  if (path.filename().empty()) fail(ErrorCode::write_failed, path, "cannot write: the path names a folder");

  const SndfileFormat format = sndfile_format_for(layout, options);
  SF_INFO info{};
  info.samplerate = static_cast<int>(sample_rate_hz);
  info.channels = static_cast<int>(channels);
  info.format = format.format;
  if (sf_format_check(&info) != SF_TRUE) {
    fail(ErrorCode::unsupported_format, path,
         std::string("libsndfile cannot write ") + type_name(options.type) + " with " +
             sample_format_name(options.sample_format) + " samples, " + std::to_string(channels) +
             " channels at " + std::to_string(sample_rate_hz) + " Hz");
  }
  try {
    s.output = std::make_unique<AtomicOutputFile>(path);
    s.file.reset(sf_open_fd(s.output->fd(), SFM_WRITE, &info, SF_FALSE));
    if (!s.file) {
      throw WriteStepFailed{std::string("libsndfile cannot start the file: ") + sf_strerror(nullptr)};
    }
  } catch (const WriteStepFailed& failure) {
    fail(ErrorCode::write_failed, path, "cannot write: " + failure.reason);
  }
  // The PEAK chunk carries a timestamp, which would make identical audio give different files.
  sf_command(s.file.get(), SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
  if (format.channel_map) {
    // Best effort: a layout WAVE_FORMAT_EXTENSIBLE cannot express (e.g. out of its canonical order) is
    // refused here and the file keeps libsndfile's default mask.
    std::vector<int> map = *format.channel_map;
    sf_command(s.file.get(), SFC_SET_CHANNEL_MAP_INFO, map.data(),
               static_cast<int>(map.size() * sizeof(int)));
  }
  if (options.sample_format == SampleFormat::float32) {
    s.floats.resize(kChunkFrames * channels);
  } else {
    s.quantize.emplace(bits_of(options.sample_format), options.dither, options.dither_seed, channels);
    s.integers.resize(kChunkFrames * channels);
  }
}

AudioFileWriter::~AudioFileWriter() = default;

void AudioFileWriter::write(std::span<const float* const> planes, std::size_t frames) {
  State& s = *state_;
  if (const std::uint64_t bad = count_non_finite(planes, frames); bad > 0) fail_non_finite(s.path, bad);
  try {
    for (std::size_t start = 0; start < frames; start += kChunkFrames) {
      const std::size_t count = std::min(kChunkFrames, frames - start);
      if (s.quantize) {
        for (std::size_t c = 0; c < s.channels; ++c) {
          const float* source = planes[c] + start;
          for (std::size_t i = 0; i < count; ++i)
            s.integers[i * s.channels + c] = (*s.quantize)(source[i], c);
        }
        s.check_written(sf_writef_int(s.file.get(), s.integers.data(), static_cast<sf_count_t>(count)),
                        count);
      } else {
        for (std::size_t c = 0; c < s.channels; ++c) {
          const float* source = planes[c] + start;
          for (std::size_t i = 0; i < count; ++i) s.floats[i * s.channels + c] = source[i];
        }
        s.check_written(sf_writef_float(s.file.get(), s.floats.data(), static_cast<sf_count_t>(count)),
                        count);
      }
    }
  } catch (const WriteStepFailed& failure) {
    fail(ErrorCode::write_failed, s.path, "cannot write: " + failure.reason);
  }
  s.frames += frames;
  // Start writing to disk what is written so far, without waiting for it: the flush at the end (fsync)
  // then has little left to wait for. Only a hint; where it is not supported nothing changes.
  if (s.frames - s.frames_at_writeback >= kWritebackFrames) {
    ::sync_file_range(s.output->fd(), 0, 0, SYNC_FILE_RANGE_WRITE);
    s.frames_at_writeback = s.frames;
  }
}

std::unique_ptr<AtomicOutputFile> AudioFileWriter::finish() {
  State& s = *state_;
  if (s.frames == 0) fail(ErrorCode::invalid_argument, s.path, "nothing to write: the audio has no frames");
  try {
    // Closed here, not by the handle, because closing writes the final header and can fail.
    if (const int error = sf_close(s.file.release()); error != SF_ERR_NO_ERROR) {
      throw WriteStepFailed{std::string("libsndfile could not finish the file: ") + sf_error_number(error)};
    }
    s.output->flush();
  } catch (const WriteStepFailed& failure) {
    fail(ErrorCode::write_failed, s.path, "cannot write: " + failure.reason);
  }
  return std::move(s.output);
}

std::uint64_t AudioFileWriter::clipped_samples() const noexcept {
  return state_->quantize ? state_->quantize->clipped() : 0;
}

}  // namespace auralis::io
