// SPDX-License-Identifier: MIT
// The standard tags through libsndfile, and read_audio_tags.
#include "io/audio_tags.hpp"

#include <auralis/error.hpp>

#include "io/atomic_output_file.hpp"

#include <FLAC/format.h>

#include <array>
#include <cstddef>
#include <string>
#include <utility>

namespace auralis::io {
namespace {

// libsndfile's string type of each field, in the order the fields are written.
constexpr std::array<std::pair<int, std::optional<std::string> AudioTags::*>, 6> kFields{{
    {SF_STR_TITLE, &AudioTags::title},
    {SF_STR_ARTIST, &AudioTags::artist},
    {SF_STR_ALBUM, &AudioTags::album},
    {SF_STR_TRACKNUMBER, &AudioTags::track_number},
    {SF_STR_DATE, &AudioTags::date},
    {SF_STR_COMMENT, &AudioTags::comment},
}};

// libsndfile builds a WAV header in a buffer it lets grow to 64 KiB and silently stops writing beyond it;
// tags up to this size leave room for everything else the header holds.
constexpr std::size_t kMaxWavTagBytes = 32768;

const std::string* written_text(const AudioTags& tags, std::optional<std::string> AudioTags::*field) {
  const std::optional<std::string>& value = tags.*field;
  return value && !value->empty() ? &*value : nullptr;
}

// The LIST/INFO chunk libsndfile writes: its header, then per field an id, a size and the text with its
// terminating NUL, padded to an even length.
std::size_t wav_info_bytes(const AudioTags& tags) {
  std::size_t bytes = 12;
  for (const auto& [type, field] : kFields) {
    if (const std::string* text = written_text(tags, field)) {
      const std::size_t stored = text->size() + 1;
      bytes += 8 + stored + (stored & 1);
    }
  }
  return bytes;
}

[[noreturn]] void fail(ErrorCode code, const std::filesystem::path& path, const std::string& what) {
  throw Error(code, path.string() + ": " + what);
}

}  // namespace

AudioTags tags_from_sndfile(SNDFILE* file) {
  AudioTags tags;
  for (const auto& [type, field] : kFields) {
    const char* text = sf_get_string(file, type);
    if (text != nullptr && *text != '\0') tags.*field = std::string(text);
  }
  return tags;
}

void check_tags_writable(const std::filesystem::path& path, const AudioTags& tags, FileType type) {
  if (type != FileType::flac && !tags.comments.empty()) {
    fail(ErrorCode::unsupported_format, path,
         "only FLAC takes the comment " + tags.comments.front().first + " (gain tags and other comments)");
  }
  if (type == FileType::wav) {
    if (const std::size_t bytes = wav_info_bytes(tags); bytes > kMaxWavTagBytes) {
      fail(ErrorCode::unsupported_format, path,
           "the tags take " + std::to_string(bytes) + " bytes; a WAV header holds at most " +
               std::to_string(kMaxWavTagBytes));
    }
    return;
  }
  for (const auto& [name, value] : tags.comments) {
    if (name.empty() || FLAC__format_vorbiscomment_entry_name_is_legal(name.c_str()) == 0) {
      fail(ErrorCode::invalid_argument, path,
           "'" + name + "' cannot be a Vorbis comment name (printable ASCII without '=', not empty)");
    }
  }
}

void set_sndfile_tags(SNDFILE* file, const AudioTags& tags, FileType type) {
  for (const auto& [sf_type, field] : kFields) {
    const std::string* text = written_text(tags, field);
    if (text == nullptr) continue;
    // libsndfile hands FLAC text to libFLAC unchecked, and libFLAC refuses what is not UTF-8; Vorbis
    // comments and ID3v2 text are UTF-8 too. WAV and AIFF keep the bytes.
    const bool utf8 = type != FileType::wav && type != FileType::aiff;
    const std::string stored = utf8 ? as_utf8(*text) : *text;
    if (const int error = sf_set_string(file, sf_type, stored.c_str()); error != SF_ERR_NO_ERROR) {
      throw WriteStepFailed{std::string("libsndfile cannot store a tag: ") + sf_error_number(error)};
    }
  }
}

std::string as_utf8(const std::string& text) {
  const auto* bytes = reinterpret_cast<const FLAC__byte*>(text.data());
  if (FLAC__format_vorbiscomment_entry_value_is_legal(bytes, static_cast<uint32_t>(text.size())) != 0) {
    return text;
  }
  std::string converted;
  converted.reserve(text.size() * 2);
  for (const char c : text) {
    const auto code = static_cast<unsigned char>(c);
    if (code < 0x80) {
      converted.push_back(c);
    } else {
      converted.push_back(static_cast<char>(0xC0 | (code >> 6)));
      converted.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }
  return converted;
}

}  // namespace auralis::io

namespace auralis {

AudioTags read_audio_tags(const std::filesystem::path& path) {
  return AudioFileReader(path).tags();
}

}  // namespace auralis
