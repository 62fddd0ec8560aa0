// SPDX-License-Identifier: MIT
// Audio file decoding and atomic encoding (libsndfile underneath; none of its types appear here).
#pragma once

#include <auralis/export.h>

#include <auralis/audio_buffer.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace auralis {

/// What the file was, as decoded.
struct AURALIS_API SourceFormat {
  std::string container;  ///< e.g. "WAV", "WAVEX", "FLAC", "OGG", "AIFF", "MPEG"
  std::string encoding;   ///< e.g. "PCM_16", "PCM_24", "FLOAT", "VORBIS", "OPUS", "MPEG_LAYER_III"
};

/// A track's metadata. An absent or empty field is not written. WAV carries the six fields in a RIFF
/// LIST/INFO chunk (INAM, IART, IPRD, ITRK, ICRD, ICMT), FLAC as Vorbis comments (TITLE, ARTIST, ALBUM,
/// TRACKNUMBER, DATE, COMMENT). Text goes to WAV byte for byte; FLAC holds UTF-8, so text that is not valid
/// UTF-8 (a WAV's INFO text is usually Latin-1) is written to FLAC converted from Latin-1.
struct AURALIS_API AudioTags {
  std::optional<std::string> title;
  std::optional<std::string> artist;
  std::optional<std::string> album;
  std::optional<std::string> track_number;
  std::optional<std::string> date;
  std::optional<std::string> comment;
  /// Further Vorbis comments, (NAME, value), such as REPLAYGAIN_TRACK_GAIN: FLAC only. Each replaces any
  /// comment of the same name (case-insensitive, as Vorbis comment names are), one of the fields above
  /// included. Names are printable ASCII without '='.
  std::vector<std::pair<std::string, std::string>> comments;
};

struct AURALIS_API DecodedAudio {
  AudioBuffer audio;
  SourceFormat format;
};

/// Decodes any file libsndfile reads (WAV incl. WAVE_FORMAT_EXTENSIBLE, FLAC, OGG/Vorbis, Opus, AIFF, MP3)
/// to planar float32. Integer PCM is scaled so that full scale is 1.0.
/// The layout comes from the file's channel map where it has one (WAVE_FORMAT_EXTENSIBLE, as libsndfile
/// reports it), the Vorbis channel order for Ogg, else default_layout(). libsndfile reads no FLAC map.
/// A pipe or other stream (/dev/stdin) is accepted when it starts like an audio file: it is first copied
/// to an unnamed temporary file (in $TMPDIR, else /tmp), since FLAC and Ogg decoding need to seek.
/// Throws Error naming the file: file_not_found, unreadable_file (corrupt or unknown format), truncated_file
/// (the header promises more frames than the data holds: WAV/RF64/AIFF data sizes, FLAC STREAMINFO, an Ogg
/// stream without its last page; the lengths Vorbis, Opus and MP3 headers give are estimates, so those are
/// decoded to their end and not held to them), empty_audio, too_many_channels (> max_channels),
/// unsupported_rate (outside 8 kHz-768 kHz), non_finite_samples (with the count of NaN/Inf samples),
/// out_of_memory.
/// Thread-safe: independent calls may run concurrently.
AURALIS_API DecodedAudio read_audio(const std::filesystem::path& path);

/// The six standard fields of any file libsndfile reads (as libsndfile reports them: WAV/AIFF INFO chunks,
/// FLAC and Ogg Vorbis comments, MP3 ID3 tags); never `comments`. Throws what AudioFileReader's
/// constructor throws: file_not_found, unreadable_file, ... naming the path.
AURALIS_API AudioTags read_audio_tags(const std::filesystem::path& path);

/// Decodes a file block by block in memory independent of its length: what read_audio does, without
/// holding the whole track. Not thread-safe; use one reader per thread.
class AURALIS_API AudioFileReader {
 public:
  /// Opens `path` and checks its header. Throws Error as read_audio does: file_not_found, unreadable_file,
  /// too_many_channels, unsupported_rate, truncated_file (an Ogg stream without its last page),
  /// out_of_memory.
  explicit AudioFileReader(const std::filesystem::path& path);
  ~AudioFileReader();
  AudioFileReader(AudioFileReader&&) noexcept;
  AudioFileReader& operator=(AudioFileReader&&) noexcept;

  std::size_t channels() const noexcept;
  std::uint32_t sample_rate() const noexcept;
  const std::vector<Speaker>& layout() const noexcept;
  const SourceFormat& format() const noexcept;
  /// The frame count the header gives, if any: exact for WAV, AIFF and FLAC, an estimate for Vorbis, Opus
  /// and MP3.
  std::optional<std::uint64_t> announced_frames() const noexcept;
  /// The file's standard tags, as read_audio_tags gives them.
  const AudioTags& tags() const noexcept;

  /// Decodes up to `max_frames` frames: planar into planes[c] for c < channels(), or interleaved into
  /// `interleaved` (max_frames * channels() floats). Returns the frames decoded; 0 once the file has ended.
  /// Blocks may hold NaN/Inf samples, which are counted. When the end is reached, throws Error naming the
  /// file for what read_audio refuses: truncated_file, unreadable_file (a read error), empty_audio,
  /// non_finite_samples (with the whole file's count).
  std::size_t read(std::span<float* const> planes, std::size_t max_frames);
  std::size_t read_interleaved(float* interleaved, std::size_t max_frames);

  std::uint64_t frames_read() const noexcept;
  /// NaN/Inf samples in the frames read so far.
  std::uint64_t non_finite_samples() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Output container and codec. wav, flac and aiff are lossless; ogg (Vorbis), opus (Ogg Opus, at 8, 12, 16,
/// 24 or 48 kHz only) and mp3 (MPEG layer III, through LAME) are lossy and written from float samples, so
/// sample_format and dither do not apply to them.
enum class FileType : std::uint8_t { wav, flac, aiff, ogg, opus, mp3 };
/// Sample encoding of an output file. Integer encodings are TPDF-dithered (see EncodeOptions::dither_seed).
enum class SampleFormat : std::uint8_t { pcm16, pcm24, float32 };

/// Whether the file type loses information in encoding (ogg, opus, mp3).
AURALIS_API bool is_lossy(FileType type) noexcept;

/// Spectrum of the dither noise of integer encodings. shaped: noise shaping by error feedback with a fixed
/// filter whose noise follows an inverted equal-loudness curve (designed for 44.1 and 48 kHz; at other
/// rates the same coefficients move the noise similarly in proportion to the rate).
enum class DitherShape : std::uint8_t { tpdf, shaped };

struct AURALIS_API EncodeOptions {
  FileType type = FileType::wav;
  SampleFormat sample_format = SampleFormat::pcm24;
  /// TPDF dither (two uniform variables, +-1 LSB peak) added before rounding to an integer encoding; the
  /// generator is seeded per channel from dither_seed, so the same audio and seed give the same file.
  bool dither = true;
  /// The dither's spectrum: flat TPDF, or TPDF with the rounding error fed back through a fixed filter that
  /// moves the noise from where hearing is most sensitive (1-5 kHz) to above 15 kHz (see DitherShape);
  /// without dither, no shaping either.
  DitherShape dither_shape = DitherShape::tpdf;
  std::uint64_t dither_seed = 0x6175726c6973ULL;
  /// Lossy types only: the encoder's variable-bit-rate quality, 0 (smallest file) to 1 (best), as
  /// libsndfile's SFC_SET_VBR_ENCODING_QUALITY takes it and maps it to each encoder's scale (Vorbis
  /// quality, Opus bit rate, MP3 bit rate); absent, libsndfile's default.
  std::optional<double> quality{};
  /// Files that must never be replaced (normally the inputs); compared by identity, not by spelling.
  std::vector<std::filesystem::path> protected_paths{};
  /// Written to the file (see AudioTags). With none, the file is exactly what it is without tags.
  AudioTags tags{};
};

/// What encoding did to the samples.
struct AURALIS_API EncodeReport {
  /// Samples clamped to the integer range after dither and rounding (integer encodings only). The largest
  /// code is one step below +1.0, so a sample of exactly +1.0 counts too.
  std::uint64_t clipped_samples = 0;
};

/// Encodes to `path` atomically: writes a temporary file in the same folder, flushes it to disk, then
/// renames it over `path` (a symlink at `path` is replaced, not followed). On any failure nothing is left
/// behind and `path` is unchanged. The new file gets the permissions of any new file (0666 minus umask).
/// A WAV whose layout differs from default_layout() is written as WAVE_FORMAT_EXTENSIBLE with its channel
/// map; FLAC files carry no map.
/// Tags: see AudioTags; libsndfile's WAV header leaves room for at most 32 KiB of them.
/// Throws Error: output_is_input (path is one of protected_paths), unsupported_format (FLAC float32, or
/// FLAC beyond 8 channels or 655350 Hz, Opus at a rate it does not take, tags.comments on anything but
/// FLAC, more tag text than a WAV header holds), invalid_argument (quality outside 0-1),
/// invalid_argument (a comment name Vorbis comments cannot hold), non_finite_samples (with the count),
/// write_failed (naming the path and the system's reason), invalid_argument (empty audio).
/// Thread-safe: independent calls may run concurrently (on different paths).
AURALIS_API EncodeReport write_audio(const std::filesystem::path& path, const AudioBuffer& audio,
                                     const EncodeOptions& options = {});

/// Adds Vorbis comments to the FLAC file at `path` (each replacing any of the same name, as
/// AudioTags::comments does), e.g. album gain tags once the whole album is known. Atomic as write_audio:
/// the file is rewritten to a temporary beside it, which replaces it. Throws Error naming the path:
/// file_not_found, unsupported_format (not a FLAC file), invalid_argument (a name Vorbis comments cannot
/// hold), write_failed.
AURALIS_API void add_flac_comments(const std::filesystem::path& path,
                                   const std::vector<std::pair<std::string, std::string>>& comments);

/// For programs that let SIGINT, SIGTERM, SIGHUP and SIGPIPE end them (the auralis command does): installs
/// handlers that remove the temporaries of unfinished outputs, then end the process by the same signal.
/// Signals the program ignores or handles itself are left alone. Only needed where the file system has no
/// unnamed files (O_TMPFILE): elsewhere no output ever has a visible temporary, even after SIGKILL, and a
/// named temporary left by a killed process is removed by the next output written to its folder.
/// Idempotent and thread-safe.
AURALIS_API void remove_temporaries_on_signals();

/// Picks the file type from the extension (".wav", ".flac", ".aif"/".aiff", ".ogg"/".oga", ".opus", ".mp3";
/// case-insensitive).
/// Throws Error(unsupported_format) for any other extension.
AURALIS_API FileType file_type_for(const std::filesystem::path& path);

}  // namespace auralis
