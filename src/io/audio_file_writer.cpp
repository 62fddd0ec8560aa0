// SPDX-License-Identifier: MIT
// AudioFileWriter, write_audio and file_type_for: WAV, FLAC, AIFF (TPDF-dithered) or Ogg Vorbis, Opus, MP3,
// block by block, atomically.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>

#include "core/finite_samples.hpp"
#include "io/atomic_output_file.hpp"
#include "io/audio_file_writer.hpp"
#include "io/audio_tags.hpp"
#include "io/channel_map.hpp"
#include "io/flac_comments.hpp"
#include "io/output_targets.hpp"
#include "io/quantize_kernel.hpp"
#include "io/shaped_quantizer.hpp"
#include "io/sndfile_open.hpp"
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

// Opus's own rates: libsndfile refuses the others.
constexpr std::uint32_t kOpusRatesHz[] = {8000, 12000, 16000, 24000, 48000};

const char* type_name(FileType type) {
  switch (type) {
    case FileType::wav:
      return "WAV";
    case FileType::flac:
      return "FLAC";
    case FileType::aiff:
      return "AIFF";
    case FileType::ogg:
      return "Ogg Vorbis";
    case FileType::opus:
      return "Ogg Opus";
    case FileType::mp3:
      return "MP3";
  }
  return "unknown file type";
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
  io::check_encoding_quality(path, options);
  if (options.type == FileType::opus &&
      std::find(std::begin(kOpusRatesHz), std::end(kOpusRatesHz), rate) == std::end(kOpusRatesHz)) {
    fail(ErrorCode::unsupported_format, path,
         "Opus takes 8000, 12000, 16000, 24000 or 48000 Hz, the audio is at " + std::to_string(rate) +
             " Hz (resample it, e.g. --rate 48000)");
  }
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
  for (const float* plane : planes) count += core::count_non_finite(plane, frames);
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

SndfileFormat sndfile_format_for(const std::vector<Speaker>& layout, const EncodeOptions& options,
                                 bool rf64) {
  SndfileFormat result;
  int encoding = SF_FORMAT_PCM_24;
  if (options.sample_format == SampleFormat::pcm16) encoding = SF_FORMAT_PCM_16;
  if (options.sample_format == SampleFormat::float32) encoding = SF_FORMAT_FLOAT;
  switch (options.type) {
    case FileType::flac:
      result.format = SF_FORMAT_FLAC | encoding;
      return result;
    case FileType::aiff:
      result.format = SF_FORMAT_AIFF | encoding;
      return result;
    case FileType::ogg:
      result.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS;
      return result;
    case FileType::opus:
      result.format = SF_FORMAT_OGG | SF_FORMAT_OPUS;
      return result;
    case FileType::mp3:
      result.format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
      return result;
    case FileType::wav:
      break;
  }
  result.format = (rf64 ? SF_FORMAT_RF64 : SF_FORMAT_WAV) | encoding;
  if (layout != default_layout(layout.size())) {
    result.channel_map = io::sndfile_map_from_layout(layout);
    if (result.channel_map && !rf64) result.format = SF_FORMAT_WAVEX | encoding;
  }
  return result;
}

// Interleaves one chunk of planar integers (channel c at quantized + c * stride) as little-endian
// integers of kBytes bytes, the layout of integer PCM in a WAV file.
template <std::size_t kBytes>
void pack_little_endian(const std::int32_t* quantized, std::size_t stride, std::size_t channels,
                        std::size_t frames, unsigned char* out) {
  for (std::size_t i = 0; i < frames; ++i) {
    for (std::size_t c = 0; c < channels; ++c) {
      const auto value = static_cast<std::uint32_t>(quantized[c * stride + i]);
      for (std::size_t b = 0; b < kBytes; ++b) *out++ = static_cast<unsigned char>(value >> (8 * b));
    }
  }
}

// The lossy encoders' settings, which libsndfile takes only before the first samples.
void set_lossy_quality(SNDFILE* file, const EncodeOptions& options) {
  if (!options.quality) return;
  double quality = *options.quality;
  if (sf_command(file, SFC_SET_VBR_ENCODING_QUALITY, &quality, sizeof(quality)) != SF_TRUE) {
    throw io::WriteStepFailed{"libsndfile cannot set the encoding quality"};
  }
}

}  // namespace

bool is_lossy(FileType type) noexcept {
  return type == FileType::ogg || type == FileType::opus || type == FileType::mp3;
}

FileType file_type_for(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".wav") return FileType::wav;
  if (extension == ".flac") return FileType::flac;
  if (extension == ".aif" || extension == ".aiff") return FileType::aiff;
  if (extension == ".ogg" || extension == ".oga") return FileType::ogg;
  if (extension == ".opus") return FileType::opus;
  if (extension == ".mp3") return FileType::mp3;
  fail(ErrorCode::unsupported_format, path,
       (extension.empty() ? std::string("no file extension") : "unsupported extension '" + extension + "'") +
           "; output files must end in .wav, .flac, .aif(f), .ogg, .opus or .mp3");
}

EncodeReport write_audio(const std::filesystem::path& path, const AudioBuffer& audio,
                         const EncodeOptions& options) {
  if (audio.channels() == 0 || audio.frames() == 0) {
    fail(ErrorCode::invalid_argument, path, "nothing to write: the audio has no frames");
  }
  std::vector<const float*> planes;
  for (std::size_t c = 0; c < audio.channels(); ++c) planes.push_back(audio.channel(c).data());
  io::AudioFileWriter writer(path, audio.channels(), audio.sample_rate(), audio.layout(), options,
                             audio.frames());
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

void check_encoding_quality(const std::filesystem::path& path, const EncodeOptions& options) {
  if (!options.quality) return;
  if (!(*options.quality >= 0.0 && *options.quality <= 1.0)) {
    fail(ErrorCode::invalid_argument, path, "the encoding quality must be between 0 and 1");
  }
  if (!is_lossy(options.type)) {
    fail(ErrorCode::invalid_argument, path,
         std::string("an encoding quality is for ogg, opus and mp3 outputs, not ") + type_name(options.type));
  }
}

struct AudioFileWriter::State {
  std::filesystem::path path;
  std::size_t channels = 0;
  EncodeOptions options;
  std::unique_ptr<AtomicOutputFile> output;
  SndfilePtr file;
  int bits = 0;          // of the integer encodings; 0 for float samples
  bool raw_pcm = false;  // integer WAV: packed here and written as raw bytes, past libsndfile's conversion
  std::vector<TpdfDither> dither;        // one stream per channel; none without dither
  std::vector<ShapedQuantizer> shapers;  // one per channel with shaped dither
  std::vector<std::uint64_t> draws;      // one channel's draws for a chunk
  std::vector<std::int32_t> quantized;   // one chunk, planar, kChunkFrames per channel
  std::vector<unsigned char> bytes;      // one chunk packed (raw_pcm)
  std::vector<int> integers;             // one chunk interleaved, left-aligned (FLAC)
  std::vector<float> floats;             // one chunk interleaved (float samples)
  std::uint64_t clipped = 0;
  std::uint64_t frames = 0;
  std::uint64_t frames_at_writeback = 0;

  // Writes the first `count` frames of `quantized`.
  void write_quantized(std::size_t count) {
    if (raw_pcm) {
      if (bits == 16) {
        pack_little_endian<2>(quantized.data(), kChunkFrames, channels, count, bytes.data());
      } else {
        pack_little_endian<3>(quantized.data(), kChunkFrames, channels, count, bytes.data());
      }
      const std::size_t size = count * channels * static_cast<std::size_t>(bits / 8);
      check_written(sf_write_raw(file.get(), bytes.data(), static_cast<sf_count_t>(size)), size);
      return;
    }
    // libsndfile keeps the top `bits` bits of an int sample, so left-aligned the file holds exactly q.
    const std::int32_t left_align = std::int32_t{1} << (32 - bits);
    for (std::size_t c = 0; c < channels; ++c) {
      for (std::size_t i = 0; i < count; ++i)
        integers[i * channels + c] = quantized[c * kChunkFrames + i] * left_align;
    }
    check_written(sf_writef_int(file.get(), integers.data(), static_cast<sf_count_t>(count)), count);
  }

  void check_written(sf_count_t written, std::size_t wanted) {
    if (written != static_cast<sf_count_t>(wanted)) {
      throw WriteStepFailed{std::string("libsndfile could not write the samples: ") +
                            sf_strerror(file.get())};
    }
  }
};

bool wav_needs_rf64(std::uint64_t frames, std::size_t channels, SampleFormat sample_format) noexcept {
  constexpr std::uint64_t kRf64FromBytes = std::uint64_t{3} << 30;
  const std::uint64_t bytes_per_sample = sample_format == SampleFormat::pcm16   ? 2
                                         : sample_format == SampleFormat::pcm24 ? 3
                                                                                : 4;
  return frames >= kRf64FromBytes / (bytes_per_sample * channels);
}

AudioFileWriter::AudioFileWriter(const std::filesystem::path& path, std::size_t channels,
                                 std::uint32_t sample_rate_hz, const std::vector<Speaker>& layout,
                                 const EncodeOptions& options, std::uint64_t expected_frames)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.path = path;
  s.channels = channels;
  s.options = options;
  check_format_supported(path, channels, sample_rate_hz, options);
  check_tags_writable(path, options.tags, options.type);
  for (const std::filesystem::path& protected_path : options.protected_paths) {
    if (same_file(path, protected_path)) {
      fail(ErrorCode::output_is_input, path,
           "refusing to overwrite an input file (it is the same file as " + protected_path.string() + ")");
    }
  }
  if (path.filename().empty()) fail(ErrorCode::write_failed, path, "cannot write: the path names a folder");

  const bool rf64 =
      options.type == FileType::wav && wav_needs_rf64(expected_frames, channels, options.sample_format);
  const SndfileFormat format = sndfile_format_for(layout, options, rf64);
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
    io::SndfileOpening opening = io::open_sndfile(s.output->fd(), SFM_WRITE, info);
    if (!opening.file) throw WriteStepFailed{"libsndfile cannot start the file: " + opening.error};
    s.file = std::move(opening.file);
    set_sndfile_tags(s.file.get(), options.tags, options.type);
    set_lossy_quality(s.file.get(), options);
  } catch (const WriteStepFailed& failure) {
    fail(ErrorCode::write_failed, path, "cannot write: " + failure.reason);
  }
  // The PEAK chunk carries a timestamp, which would make identical audio give different files.
  sf_command(s.file.get(), SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
  if (rf64) sf_command(s.file.get(), SFC_RF64_AUTO_DOWNGRADE, nullptr, SF_TRUE);
  if (format.channel_map) {
    // Best effort: a layout WAVE_FORMAT_EXTENSIBLE cannot express (e.g. out of its canonical order) is
    // refused here and the file keeps libsndfile's default mask.
    std::vector<int> map = *format.channel_map;
    sf_command(s.file.get(), SFC_SET_CHANNEL_MAP_INFO, map.data(),
               static_cast<int>(map.size() * sizeof(int)));
  }
  if (options.sample_format == SampleFormat::float32 || is_lossy(options.type)) {
    s.floats.resize(kChunkFrames * channels);
    return;
  }
  s.bits = bits_of(options.sample_format);
  s.raw_pcm = options.type == FileType::wav;
  if (options.dither) {
    for (std::size_t c = 0; c < channels; ++c) s.dither.emplace_back(options.dither_seed, c);
    s.draws.resize(kChunkFrames);
    if (options.dither_shape == DitherShape::shaped) s.shapers.resize(channels);
  }
  s.quantized.resize(kChunkFrames * channels);
  if (s.raw_pcm) {
    s.bytes.resize(kChunkFrames * channels * static_cast<std::size_t>(s.bits / 8));
  } else {
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
      if (s.bits == 0) {
        for (std::size_t c = 0; c < s.channels; ++c) {
          const float* source = planes[c] + start;
          for (std::size_t i = 0; i < count; ++i) s.floats[i * s.channels + c] = source[i];
        }
        s.check_written(sf_writef_float(s.file.get(), s.floats.data(), static_cast<sf_count_t>(count)),
                        count);
        continue;
      }
      for (std::size_t c = 0; c < s.channels; ++c) {
        const std::uint64_t* draws = nullptr;
        if (!s.dither.empty()) {
          s.dither[c].draw(s.draws.data(), count);
          draws = s.draws.data();
        }
        std::int32_t* quantized = s.quantized.data() + c * kChunkFrames;
        s.clipped += s.shapers.empty()
                         ? quantize_samples(planes[c] + start, draws, count, s.bits, quantized)
                         : s.shapers[c].quantize(planes[c] + start, draws, count, s.bits, quantized);
      }
      s.write_quantized(count);
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
    // libsndfile writes only its fixed fields; the other comments need libFLAC, on the finished stream.
    if (!s.options.tags.comments.empty()) {
      s.output = copy_with_comments(s.output->fd(), s.path, s.options.tags.comments);
    }
    s.output->flush();
  } catch (const WriteStepFailed& failure) {
    fail(ErrorCode::write_failed, s.path, "cannot write: " + failure.reason);
  }
  return std::move(s.output);
}

std::uint64_t AudioFileWriter::clipped_samples() const noexcept {
  return state_->clipped;
}

}  // namespace auralis::io
