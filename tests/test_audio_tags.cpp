// SPDX-License-Identifier: MIT
// Metadata tags in outputs: the six standard fields in WAV (RIFF LIST/INFO) and FLAC (Vorbis comments), the
// further FLAC comments through libFLAC, master_file copying its input's tags, and the refusals.
#include "test_audio_io_support.hpp"

#include <auralis/mastering.hpp>

#include <FLAC/metadata.h>
#include <strings.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/flac_tags.hpp"

namespace {

using auralis::AudioBuffer;
using auralis::AudioTags;
using auralis::EncodeOptions;
using auralis::ErrorCode;
using auralis::FileType;
using auralis::SampleFormat;
using auralis::Speaker;
using auralis::test::flac_comments;
using auralis::test::io::AudioIoScratch;
using auralis::test::io::expect_error;
using auralis::test::io::file_bytes;
using auralis::test::io::noise;
using auralis::test::io::put_file_bytes;
namespace fs = std::filesystem;

AudioTags full_tags() {
  AudioTags tags;
  tags.title = "Título de prueba";  // UTF-8, and an odd byte count
  tags.artist = "The Artist";
  tags.album = "An Album";
  tags.track_number = "3/12";
  tags.date = "2024-05-01";
  tags.comment = "mastered";
  return tags;
}

// The six fields as libsndfile reads them back, by its own string types.
std::map<int, std::string> sndfile_strings(const fs::path& path) {
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  EXPECT_NE(file, nullptr) << sf_strerror(nullptr);
  std::map<int, std::string> strings;
  if (file == nullptr) return strings;
  for (const int type :
       {SF_STR_TITLE, SF_STR_ARTIST, SF_STR_ALBUM, SF_STR_TRACKNUMBER, SF_STR_DATE, SF_STR_COMMENT}) {
    if (const char* text = sf_get_string(file, type)) strings[type] = text;
  }
  sf_close(file);
  return strings;
}

std::map<int, std::string> expected_strings(const AudioTags& tags) {
  return {{SF_STR_TITLE, *tags.title}, {SF_STR_ARTIST, *tags.artist},
          {SF_STR_ALBUM, *tags.album}, {SF_STR_TRACKNUMBER, *tags.track_number},
          {SF_STR_DATE, *tags.date},   {SF_STR_COMMENT, *tags.comment}};
}

std::size_t count_named(const std::vector<std::string>& comments, const std::string& name) {
  return static_cast<std::size_t>(std::count_if(comments.begin(), comments.end(), [&](const std::string& c) {
    return c.size() > name.size() && c[name.size()] == '=' &&
           strncasecmp(c.c_str(), name.c_str(), name.size()) == 0;
  }));
}

struct RiffChunk {
  std::string id;
  std::uint32_t size = 0;
  std::string body;
};

std::uint32_t le32(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t b = 0; b < 4; ++b)
    value |= std::uint32_t{static_cast<unsigned char>(bytes[at + b])} << (8 * b);
  return value;
}

// The top-level chunks of a RIFF/WAVE file, checking that their sizes (with pad bytes) add up to the file's
// and to the RIFF size.
std::vector<RiffChunk> riff_chunks(const std::string& bytes) {
  std::vector<RiffChunk> chunks;
  EXPECT_EQ(bytes.substr(0, 4), "RIFF");
  EXPECT_EQ(bytes.substr(8, 4), "WAVE");
  EXPECT_EQ(le32(bytes, 4), bytes.size() - 8) << "RIFF size";
  std::size_t at = 12;
  while (at + 8 <= bytes.size()) {
    RiffChunk chunk{bytes.substr(at, 4), le32(bytes, at + 4), {}};
    EXPECT_LE(at + 8 + chunk.size, bytes.size()) << chunk.id;
    chunk.body = bytes.substr(at + 8, chunk.size);
    chunks.push_back(chunk);
    at += 8 + chunk.size + (chunk.size & 1);
  }
  EXPECT_EQ(at, bytes.size()) << "chunks do not end at the end of the file";
  return chunks;
}

const RiffChunk* find_chunk(const std::vector<RiffChunk>& chunks, const std::string& id) {
  for (const RiffChunk& chunk : chunks) {
    if (chunk.id == id) return &chunk;
  }
  return nullptr;
}

void expect_same_samples(const fs::path& a, const fs::path& b) {
  const AudioBuffer left = auralis::read_audio(a).audio;
  const AudioBuffer right = auralis::read_audio(b).audio;
  ASSERT_EQ(left.channels(), right.channels());
  ASSERT_EQ(left.frames(), right.frames());
  for (std::size_t c = 0; c < left.channels(); ++c) {
    EXPECT_TRUE(std::equal(left.channel(c).begin(), left.channel(c).end(), right.channel(c).begin()))
        << a << " and " << b << " differ in channel " << c;
  }
}

class AudioTagsOutput : public AudioIoScratch {};

TEST_F(AudioTagsOutput, WavCarriesTheFieldsInListInfo) {
  const AudioBuffer audio = noise(2, 4410, 44100, 0.5, 11);
  EncodeOptions options;
  options.tags = full_tags();
  auralis::write_audio(file("tagged.wav"), audio, options);
  auralis::write_audio(file("plain.wav"), audio, {});

  EXPECT_EQ(sndfile_strings(file("tagged.wav")), expected_strings(options.tags));
  const AudioTags read = auralis::read_audio_tags(file("tagged.wav"));
  EXPECT_EQ(read.title, options.tags.title);
  EXPECT_EQ(read.track_number, options.tags.track_number);
  EXPECT_TRUE(read.comments.empty());

  const std::vector<RiffChunk> chunks = riff_chunks(file_bytes(file("tagged.wav")));
  const RiffChunk* list = find_chunk(chunks, "LIST");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->body.substr(0, 4), "INFO");
  for (const char* id : {"INAM", "IART", "IPRD", "ITRK", "ICRD", "ICMT"}) {
    EXPECT_NE(list->body.find(id), std::string::npos) << id;
  }
  const RiffChunk* data = find_chunk(chunks, "data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->size, 4410u * 2 * 3);
  expect_same_samples(file("tagged.wav"), file("plain.wav"));
}

TEST_F(AudioTagsOutput, ExtensibleWavKeepsItsChannelMapWithTags) {
  AudioBuffer audio = noise(6, 2000, 48000, 0.5, 12);
  const std::vector<Speaker> layout{Speaker::left, Speaker::right,     Speaker::centre,
                                    Speaker::lfe,  Speaker::side_left, Speaker::side_right};
  audio.set_layout(layout);
  EncodeOptions options{.sample_format = SampleFormat::pcm16};
  options.tags = full_tags();
  auralis::write_audio(file("tagged.wav"), audio, options);
  options.tags = {};
  auralis::write_audio(file("plain.wav"), audio, options);

  const auralis::DecodedAudio decoded = auralis::read_audio(file("tagged.wav"));
  EXPECT_EQ(decoded.format.container, "WAVEX");
  EXPECT_EQ(decoded.audio.layout(), layout);
  EXPECT_EQ(sndfile_strings(file("tagged.wav")), expected_strings(full_tags()));
  const std::vector<RiffChunk> chunks = riff_chunks(file_bytes(file("tagged.wav")));
  ASSERT_NE(find_chunk(chunks, "data"), nullptr);
  EXPECT_EQ(find_chunk(chunks, "data")->size, 2000u * 6 * 2);
  expect_same_samples(file("tagged.wav"), file("plain.wav"));
}

TEST_F(AudioTagsOutput, FlacCarriesFieldsAndComments) {
  const AudioBuffer audio = noise(2, 4410, 44100, 0.5, 13);
  EncodeOptions options{.type = FileType::flac};
  options.tags = full_tags();
  options.tags.comments = {{"REPLAYGAIN_TRACK_GAIN", "-4.00 dB"}, {"REPLAYGAIN_TRACK_PEAK", "0.891251"}};
  auralis::write_audio(file("tagged.flac"), audio, options);
  auralis::write_audio(file("plain.flac"), audio, {.type = FileType::flac});

  EXPECT_EQ(sndfile_strings(file("tagged.flac")), expected_strings(options.tags));
  const std::vector<std::string> comments = flac_comments(file("tagged.flac"));
  EXPECT_EQ(count_named(comments, "REPLAYGAIN_TRACK_GAIN"), 1u);
  EXPECT_NE(std::find(comments.begin(), comments.end(), "REPLAYGAIN_TRACK_GAIN=-4.00 dB"), comments.end());
  EXPECT_NE(std::find(comments.begin(), comments.end(), "REPLAYGAIN_TRACK_PEAK=0.891251"), comments.end());
  EXPECT_NE(std::find(comments.begin(), comments.end(), "title=Título de prueba"), comments.end());
  expect_same_samples(file("tagged.flac"), file("plain.flac"));
  EXPECT_TRUE(leftover_temporaries().empty());
}

TEST_F(AudioTagsOutput, ACommentReplacesTheFieldOfItsName) {
  EncodeOptions options{.type = FileType::flac};
  options.tags.title = "from the field";
  options.tags.comments = {{"TITLE", "from the comment"}};
  auralis::write_audio(file("out.flac"), noise(1, 2000, 44100, 0.5, 14), options);
  const std::vector<std::string> comments = flac_comments(file("out.flac"));
  EXPECT_EQ(count_named(comments, "TITLE"), 1u);
  EXPECT_EQ(auralis::read_audio_tags(file("out.flac")).title, "from the comment");
}

TEST_F(AudioTagsOutput, Latin1TextBecomesUtf8InFlac) {
  EncodeOptions options{.type = FileType::flac};
  options.tags.artist = "Caf\xe9";  // Latin-1, as WAV INFO text usually is
  auralis::write_audio(file("out.flac"), noise(1, 2000, 44100, 0.5, 15), options);
  EXPECT_EQ(auralis::read_audio_tags(file("out.flac")).artist, "Caf\xc3\xa9");
}

TEST_F(AudioTagsOutput, NoTagsLeaveNoTrace) {
  const AudioBuffer audio = noise(2, 3000, 44100, 0.5, 16);
  for (const FileType type : {FileType::wav, FileType::flac}) {
    const std::string extension = type == FileType::wav ? ".wav" : ".flac";
    EncodeOptions empty_fields{.type = type};
    empty_fields.tags.title = "";
    empty_fields.tags.comment = "";
    auralis::write_audio(file("default" + extension), audio, {.type = type});
    auralis::write_audio(file("empty" + extension), audio, empty_fields);
    EXPECT_EQ(file_bytes(file("default" + extension)), file_bytes(file("empty" + extension))) << extension;
  }
  EXPECT_EQ(find_chunk(riff_chunks(file_bytes(file("default.wav"))), "LIST"), nullptr);
  EXPECT_TRUE(flac_comments(file("default.flac")).empty());
}

TEST_F(AudioTagsOutput, CommentsOnWavAreRefused) {
  EncodeOptions options;
  options.tags.comments = {{"REPLAYGAIN_TRACK_GAIN", "-4.00 dB"}};
  const std::string message =
      expect_error([&] { auralis::write_audio(file("out.wav"), noise(1, 100, 44100, 0.5, 17), options); },
                   ErrorCode::unsupported_format, file("out.wav"));
  EXPECT_NE(message.find("FLAC"), std::string::npos) << message;
  EXPECT_TRUE(fs::is_empty(scratch_));
}

TEST_F(AudioTagsOutput, MoreTagTextThanAWavHeaderHoldsIsRefused) {
  EncodeOptions options;
  options.tags.comment = std::string(40000, 'x');
  expect_error([&] { auralis::write_audio(file("out.wav"), noise(1, 100, 44100, 0.5, 18), options); },
               ErrorCode::unsupported_format, file("out.wav"));
  EXPECT_TRUE(fs::is_empty(scratch_));
  // FLAC's Vorbis comments hold it.
  options.type = FileType::flac;
  auralis::write_audio(file("out.flac"), noise(1, 100, 44100, 0.5, 18), options);
  EXPECT_EQ(auralis::read_audio_tags(file("out.flac")).comment, options.tags.comment);
}

TEST_F(AudioTagsOutput, IllegalCommentNamesAreRefused) {
  for (const char* name : {"", "A=B", "TAB\tNAME"}) {
    EncodeOptions options{.type = FileType::flac};
    options.tags.comments = {{name, "value"}};
    expect_error([&] { auralis::write_audio(file("out.flac"), noise(1, 100, 44100, 0.5, 19), options); },
                 ErrorCode::invalid_argument, file("out.flac"));
  }
  EXPECT_TRUE(fs::is_empty(scratch_));
}

TEST_F(AudioTagsOutput, TagsOfUnreadableFilesAreErrors) {
  expect_error([&] { auralis::read_audio_tags(file("missing.wav")); }, ErrorCode::file_not_found,
               file("missing.wav"));
  put_file_bytes(file("garbage.wav"), std::string(1000, 'g'));
  expect_error([&] { auralis::read_audio_tags(file("garbage.wav")); }, ErrorCode::unreadable_file,
               file("garbage.wav"));
}

TEST_F(AudioTagsOutput, CommentsAreAddedToAFinishedFlac) {
  EncodeOptions options{.type = FileType::flac};
  options.tags = full_tags();
  options.tags.comments = {{"REPLAYGAIN_TRACK_GAIN", "-4.00 dB"}};
  const AudioBuffer audio = noise(2, 4410, 44100, 0.5, 20);
  auralis::write_audio(file("out.flac"), audio, options);
  auralis::write_audio(file("before.flac"), audio, options);
  auralis::add_flac_comments(file("out.flac"),
                             {{"REPLAYGAIN_TRACK_GAIN", "-3.50 dB"}, {"REPLAYGAIN_ALBUM_GAIN", "-5.00 dB"}});
  const std::vector<std::string> comments = flac_comments(file("out.flac"));
  EXPECT_EQ(count_named(comments, "REPLAYGAIN_TRACK_GAIN"), 1u);
  EXPECT_NE(std::find(comments.begin(), comments.end(), "REPLAYGAIN_TRACK_GAIN=-3.50 dB"), comments.end());
  EXPECT_NE(std::find(comments.begin(), comments.end(), "REPLAYGAIN_ALBUM_GAIN=-5.00 dB"), comments.end());
  EXPECT_EQ(sndfile_strings(file("out.flac")), expected_strings(full_tags()));
  expect_same_samples(file("out.flac"), file("before.flac"));
  EXPECT_TRUE(leftover_temporaries().empty());

  auralis::write_audio(file("out.wav"), audio, {});
  expect_error(
      [&] {
        auralis::add_flac_comments(file("out.wav"), {{"A", "b"}});
      },
      ErrorCode::unsupported_format, file("out.wav"));
  expect_error(
      [&] {
        auralis::add_flac_comments(file("missing.flac"), {{"A", "b"}});
      },
      ErrorCode::file_not_found, file("missing.flac"));
}

class AudioTagsMaster : public AudioIoScratch {
 protected:
  // A neutral plan renders the input unchanged, so these runs cost little more than decoding and encoding.
  static auralis::MasterOptions neutral_options() {
    auralis::MasterOptions options;
    options.plan = auralis::neutral_plan();
    options.backend = auralis::BackendOptions::cpu(1);
    return options;
  }
};

TEST_F(AudioTagsMaster, TheInputsTagsAreCopiedAndCanBeOverridden) {
  const AudioBuffer audio = noise(2, 22050, 44100, 0.25, 21);
  EncodeOptions tagged;
  tagged.tags = full_tags();
  auralis::write_audio(file("in.wav"), audio, tagged);

  auralis::master_file(file("in.wav"), file("copied.flac"), neutral_options(), {.type = FileType::flac});
  EXPECT_EQ(sndfile_strings(file("copied.flac")), expected_strings(full_tags()));

  EncodeOptions overriding{.type = FileType::flac};
  overriding.tags.title = "New title";
  overriding.tags.artist = "";  // dropped
  overriding.tags.comments = {{"REPLAYGAIN_TRACK_GAIN", "+1.00 dB"}};
  auralis::master_file(file("in.wav"), file("overridden.flac"), neutral_options(), overriding);
  const AudioTags read = auralis::read_audio_tags(file("overridden.flac"));
  EXPECT_EQ(read.title, "New title");
  EXPECT_EQ(read.artist, std::nullopt);
  EXPECT_EQ(read.album, full_tags().album);
  EXPECT_EQ(count_named(flac_comments(file("overridden.flac")), "REPLAYGAIN_TRACK_GAIN"), 1u);

  auralis::master_file(file("in.wav"), file("copied.wav"), neutral_options(), {});
  EXPECT_EQ(sndfile_strings(file("copied.wav")), expected_strings(full_tags()));
  EXPECT_TRUE(leftover_temporaries().empty());
}

TEST_F(AudioTagsMaster, AnUntaggedMasterIsTheSameFileAsOneWithEveryTagDropped) {
  const AudioBuffer audio = noise(2, 22050, 44100, 0.25, 22);
  auralis::write_audio(file("plain.wav"), audio, {});
  EncodeOptions tagged;
  tagged.tags = full_tags();
  auralis::write_audio(file("tagged.wav"), audio, tagged);

  auralis::master_file(file("plain.wav"), file("from-plain.wav"), neutral_options(), {});
  EncodeOptions dropping;
  dropping.tags = {"", "", "", "", "", "", {}};
  auralis::master_file(file("tagged.wav"), file("from-tagged.wav"), neutral_options(), dropping);
  EXPECT_EQ(file_bytes(file("from-plain.wav")), file_bytes(file("from-tagged.wav")));
  EXPECT_EQ(find_chunk(riff_chunks(file_bytes(file("from-plain.wav"))), "LIST"), nullptr);
}

}  // namespace
