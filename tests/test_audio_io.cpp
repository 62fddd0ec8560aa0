// SPDX-License-Identifier: MIT
// read_audio/write_audio round trips: exactness per encoding, TPDF dither statistics and determinism,
// clipping, channel counts and layouts, and decoding of the other formats libsndfile reads.
#include "test_audio_io_support.hpp"

#include "io/channel_map.hpp"
#include "support/seeds.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>

namespace {

using auralis::AudioBuffer;
using auralis::EncodeOptions;
using auralis::ErrorCode;
using auralis::FileType;
using auralis::SampleFormat;
using auralis::Speaker;
using auralis::test::fresh_seed;
using auralis::test::io::AudioIoScratch;
using auralis::test::io::expect_error;
using auralis::test::io::file_bytes;
using auralis::test::io::interleaved_sine;
using auralis::test::io::noise;
using auralis::test::io::write_with_sndfile;

double full_scale_of(SampleFormat format) {
  return format == SampleFormat::pcm16 ? 32768.0 : 8388608.0;
}

const char* encoding_of(SampleFormat format) {
  switch (format) {
    case SampleFormat::pcm16:
      return "PCM_16";
    case SampleFormat::pcm24:
      return "PCM_24";
    case SampleFormat::float32:
      return "FLOAT";
  }
  return "";
}

void expect_same_shape(const AudioBuffer& decoded, const AudioBuffer& original) {
  EXPECT_EQ(decoded.channels(), original.channels());
  EXPECT_EQ(decoded.frames(), original.frames());
  EXPECT_EQ(decoded.sample_rate(), original.sample_rate());
}

class AudioIoRoundTrip : public AudioIoScratch {};

TEST_F(AudioIoRoundTrip, FloatWavIsBitExact) {
  AudioBuffer audio = noise(2, 48000, 48000, 1.5, fresh_seed());
  // Edge values a float file must keep: full scale, beyond it, the smallest normal and a denormal.
  audio.channel(0)[0] = 1.0f;
  audio.channel(0)[1] = -1.0f;
  audio.channel(1)[2] = 1.0e-38f;
  audio.channel(1)[3] = -1.0e-44f;
  const auto path = file("float.wav");
  const auto report = auralis::write_audio(path, audio, {.sample_format = SampleFormat::float32});
  EXPECT_EQ(report.clipped_samples, 0u);

  const auralis::DecodedAudio decoded = auralis::read_audio(path);
  EXPECT_EQ(decoded.format.container, "WAV");
  EXPECT_EQ(decoded.format.encoding, "FLOAT");
  expect_same_shape(decoded.audio, audio);
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    EXPECT_EQ(
        std::memcmp(decoded.audio.channel(c).data(), audio.channel(c).data(), audio.frames() * sizeof(float)),
        0)
        << "channel " << c;
  }
}

TEST_F(AudioIoRoundTrip, FloatFlacIsUnsupported) {
  const auto path = file("float.flac");
  expect_error(
      [&] {
        auralis::write_audio(path, noise(2, 100, 48000, 0.5, 1),
                             {.type = FileType::flac, .sample_format = SampleFormat::float32});
      },
      ErrorCode::unsupported_format, path);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(leftover_temporaries().empty());
}

class AudioIoPcmRoundTrip : public AudioIoScratch,
                            public ::testing::WithParamInterface<std::tuple<FileType, SampleFormat>> {};

// With dither off every sample is the nearest quantisation step: read back, it is exactly round(x*s)/s.
TEST_P(AudioIoPcmRoundTrip, WithoutDitherEachSampleIsItsNearestStep) {
  const auto [type, sample_format] = GetParam();
  const AudioBuffer audio = noise(2, 44100, 44100, 0.99, fresh_seed());
  const auto path = file(type == FileType::flac ? "pcm.flac" : "pcm.wav");
  const auto report =
      auralis::write_audio(path, audio, {.type = type, .sample_format = sample_format, .dither = false});
  EXPECT_EQ(report.clipped_samples, 0u);

  const auralis::DecodedAudio decoded = auralis::read_audio(path);
  EXPECT_EQ(decoded.format.container, type == FileType::flac ? "FLAC" : "WAV");
  EXPECT_EQ(decoded.format.encoding, encoding_of(sample_format));
  expect_same_shape(decoded.audio, audio);
  const double scale = full_scale_of(sample_format);
  std::size_t mismatches = 0;
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (std::size_t i = 0; i < audio.frames(); ++i) {
      const double x = audio.channel(c)[i];
      const double expected = std::round(x * scale) / scale;
      const double got = decoded.audio.channel(c)[i];
      if (got != expected) ++mismatches;
      if (mismatches == 1 && got != expected) {
        ADD_FAILURE() << "channel " << c << " frame " << i << ": " << x << " -> " << got << ", expected "
                      << expected;
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

// TPDF dither: total error (dither plus rounding) has power LSB^2/4 whatever the signal, zero mean, and
// never exceeds 1.5 LSB.
TEST_P(AudioIoPcmRoundTrip, DitherErrorIsTpdf) {
  const auto [type, sample_format] = GetParam();
  const AudioBuffer audio = noise(2, 100000, 48000, 0.5, fresh_seed());
  const auto path = file(type == FileType::flac ? "dither.flac" : "dither.wav");
  auralis::write_audio(
      path, audio,
      {.type = type, .sample_format = sample_format, .dither = true, .dither_seed = fresh_seed()});

  const AudioBuffer decoded = auralis::read_audio(path).audio;
  expect_same_shape(decoded, audio);
  const double scale = full_scale_of(sample_format);
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    double sum = 0.0;
    double sum_squares = 0.0;
    double peak = 0.0;
    for (std::size_t i = 0; i < audio.frames(); ++i) {
      const double error_lsb = (static_cast<double>(decoded.channel(c)[i]) - audio.channel(c)[i]) * scale;
      sum += error_lsb;
      sum_squares += error_lsb * error_lsb;
      peak = std::max(peak, std::abs(error_lsb));
    }
    const double n = static_cast<double>(audio.frames());
    const double mean = sum / n;
    const double power = sum_squares / n;
    EXPECT_NEAR(power, 0.25, 0.25 * 0.15) << "channel " << c << ": error power in LSB^2";
    EXPECT_NEAR(mean, 0.0, 0.01) << "channel " << c << ": mean error in LSB";
    EXPECT_LE(peak, 1.5) << "channel " << c << ": peak error in LSB";
  }
}

INSTANTIATE_TEST_SUITE_P(AudioIo, AudioIoPcmRoundTrip,
                         ::testing::Combine(::testing::Values(FileType::wav, FileType::flac),
                                            ::testing::Values(SampleFormat::pcm16, SampleFormat::pcm24)),
                         [](const auto& param_info) {
                           return std::string(std::get<0>(param_info.param) == FileType::wav ? "Wav"
                                                                                             : "Flac") +
                                  (std::get<1>(param_info.param) == SampleFormat::pcm16 ? "Pcm16" : "Pcm24");
                         });

class AudioIoDither : public AudioIoScratch {};

TEST_F(AudioIoDither, SameSeedSameFileOtherSeedOtherFile) {
  const AudioBuffer audio = noise(2, 20000, 48000, 0.3, fresh_seed());
  for (const FileType type : {FileType::wav, FileType::flac}) {
    for (const SampleFormat sample_format : {SampleFormat::pcm16, SampleFormat::pcm24}) {
      SCOPED_TRACE(std::string(type == FileType::wav ? "WAV " : "FLAC ") + encoding_of(sample_format));
      const std::string extension = type == FileType::wav ? ".wav" : ".flac";
      const EncodeOptions first{.type = type, .sample_format = sample_format, .dither_seed = 7};
      EncodeOptions other = first;
      other.dither_seed = 8;
      auralis::write_audio(file("a" + extension), audio, first);
      auralis::write_audio(file("b" + extension), audio, first);
      auralis::write_audio(file("c" + extension), audio, other);
      EXPECT_EQ(file_bytes(file("a" + extension)), file_bytes(file("b" + extension)));
      EXPECT_NE(file_bytes(file("a" + extension)), file_bytes(file("c" + extension)));
    }
  }
  // Float files have no dither, and no timestamped PEAK chunk: identical audio, identical bytes.
  auralis::write_audio(file("f1.wav"), audio, {.sample_format = SampleFormat::float32});
  auralis::write_audio(file("f2.wav"), audio, {.sample_format = SampleFormat::float32});
  EXPECT_EQ(file_bytes(file("f1.wav")), file_bytes(file("f2.wav")));
}

// Integer WAV is packed by auralis, FLAC by libsndfile: the same audio and seed must decode to the same
// samples from both, across chunk boundaries and with a partial last chunk.
TEST_F(AudioIoDither, WavAndFlacHoldTheSameSamples) {
  const AudioBuffer audio = noise(3, 10007, 48000, 0.9, fresh_seed());
  for (const SampleFormat sample_format : {SampleFormat::pcm16, SampleFormat::pcm24}) {
    SCOPED_TRACE(encoding_of(sample_format));
    for (const bool dither : {false, true}) {
      const EncodeOptions wav{.sample_format = sample_format, .dither = dither, .dither_seed = 5};
      EncodeOptions flac = wav;
      flac.type = FileType::flac;
      auralis::write_audio(file("same.wav"), audio, wav);
      auralis::write_audio(file("same.flac"), audio, flac);
      const AudioBuffer from_wav = auralis::read_audio(file("same.wav")).audio;
      const AudioBuffer from_flac = auralis::read_audio(file("same.flac")).audio;
      expect_same_shape(from_wav, audio);
      expect_same_shape(from_flac, audio);
      for (std::size_t c = 0; c < audio.channels(); ++c) {
        EXPECT_TRUE(
            std::equal(from_wav.channel(c).begin(), from_wav.channel(c).end(), from_flac.channel(c).begin()))
            << "channel " << c << (dither ? " with" : " without") << " dither";
      }
    }
  }
}

TEST_F(AudioIoDither, ChannelsGetIndependentStreams) {
  // Identical silent channels: with dither, each channel's noise must differ from the others'.
  const AudioBuffer audio(3, 10000, 48000);
  auralis::write_audio(file("silence.wav"), audio, {.sample_format = SampleFormat::pcm16});
  const AudioBuffer decoded = auralis::read_audio(file("silence.wav")).audio;
  for (std::size_t c = 1; c < 3; ++c) {
    EXPECT_FALSE(std::equal(decoded.channel(0).begin(), decoded.channel(0).end(), decoded.channel(c).begin()))
        << "channel " << c << " repeats channel 0's dither";
  }
  const auto nonzero = std::count_if(decoded.channel(0).begin(), decoded.channel(0).end(),
                                     [](float sample) { return sample != 0.0f; });
  EXPECT_GT(nonzero, 1000) << "dither should reach silent input";
}

class AudioIoClipping : public AudioIoScratch {};

TEST_F(AudioIoClipping, ClampedSamplesAreCounted) {
  AudioBuffer audio = noise(2, 1000, 48000, 0.5, fresh_seed());
  audio.channel(0)[10] = 1.25f;
  audio.channel(0)[20] = 3.0f;
  audio.channel(1)[30] = -1.5f;
  for (const SampleFormat sample_format : {SampleFormat::pcm16, SampleFormat::pcm24}) {
    SCOPED_TRACE(encoding_of(sample_format));
    for (const bool dither : {false, true}) {
      const auto report =
          auralis::write_audio(file("clip.wav"), audio, {.sample_format = sample_format, .dither = dither});
      EXPECT_EQ(report.clipped_samples, 3u) << "dither " << dither;
    }
    const AudioBuffer decoded = auralis::read_audio(file("clip.wav")).audio;
    const double scale = full_scale_of(sample_format);
    const auto largest = static_cast<float>((scale - 1.0) / scale);
    EXPECT_EQ(decoded.channel(0)[10], largest);
    EXPECT_EQ(decoded.channel(0)[20], largest);
    EXPECT_EQ(decoded.channel(1)[30], -1.0f);
  }
  // Float keeps samples beyond full scale as they are.
  const auto report =
      auralis::write_audio(file("clip-float.wav"), audio, {.sample_format = SampleFormat::float32});
  EXPECT_EQ(report.clipped_samples, 0u);
  EXPECT_EQ(auralis::read_audio(file("clip-float.wav")).audio.channel(0)[20], 3.0f);
}

// Integer codes run from -2^(bits-1) to 2^(bits-1) - 1, so -1.0 fits and +1.0 is one step too far.
TEST_F(AudioIoClipping, PositiveFullScaleClampsNegativeDoesNot) {
  AudioBuffer audio(1, 4, 48000);
  audio.channel(0)[0] = 1.0f;
  audio.channel(0)[1] = -1.0f;
  const auto report =
      auralis::write_audio(file("edges.wav"), audio, {.sample_format = SampleFormat::pcm16, .dither = false});
  EXPECT_EQ(report.clipped_samples, 1u);
  const AudioBuffer decoded = auralis::read_audio(file("edges.wav")).audio;
  EXPECT_EQ(decoded.channel(0)[0], 32767.0f / 32768.0f);
  EXPECT_EQ(decoded.channel(0)[1], -1.0f);
}

class AudioIoChannels : public AudioIoScratch, public ::testing::WithParamInterface<std::size_t> {};

// Each channel carries a distinct level, so a swapped or dropped channel shows.
TEST_P(AudioIoChannels, RoundTripKeepsEveryChannelInPlace) {
  const std::size_t channels = GetParam();
  AudioBuffer audio(channels, 4800, 96000);
  for (std::size_t c = 0; c < channels; ++c) {
    const float level = static_cast<float>(c + 1) / 64.0f;
    for (std::size_t i = 0; i < audio.frames(); ++i) audio.channel(c)[i] = (i % 2 == 0) ? level : -level;
  }
  std::vector<FileType> types{FileType::wav};
  if (channels <= 8) types.push_back(FileType::flac);
  for (const FileType type : types) {
    const auto path = file(type == FileType::wav ? "multi.wav" : "multi.flac");
    auralis::write_audio(path, audio, {.type = type, .sample_format = SampleFormat::pcm24, .dither = false});
    const auralis::DecodedAudio decoded = auralis::read_audio(path);
    expect_same_shape(decoded.audio, audio);
    EXPECT_EQ(decoded.audio.layout(), auralis::default_layout(channels));
    for (std::size_t c = 0; c < channels; ++c) {
      EXPECT_TRUE(
          std::equal(audio.channel(c).begin(), audio.channel(c).end(), decoded.audio.channel(c).begin()))
          << path << " channel " << c;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AudioIo, AudioIoChannels, ::testing::Values(1u, 2u, 6u, 32u));

class AudioIoLayout : public AudioIoScratch {};

TEST_F(AudioIoLayout, NonDefaultLayoutIsWrittenAsWavexAndReadBack) {
  AudioBuffer audio = noise(6, 1000, 48000, 0.5, 3);
  const std::vector<Speaker> layout{Speaker::left, Speaker::right,     Speaker::centre,
                                    Speaker::lfe,  Speaker::side_left, Speaker::side_right};
  audio.set_layout(layout);
  auralis::write_audio(file("side.wav"), audio, {.sample_format = SampleFormat::pcm16});
  const auralis::DecodedAudio decoded = auralis::read_audio(file("side.wav"));
  EXPECT_EQ(decoded.format.container, "WAVEX");
  EXPECT_EQ(decoded.audio.layout(), layout);
}

TEST_F(AudioIoLayout, DefaultLayoutIsWrittenAsPlainWav) {
  auralis::write_audio(file("default.wav"), noise(6, 1000, 48000, 0.5, 3), {});
  const auralis::DecodedAudio decoded = auralis::read_audio(file("default.wav"));
  EXPECT_EQ(decoded.format.container, "WAV");
  EXPECT_EQ(decoded.audio.layout(), auralis::default_layout(6));
}

TEST_F(AudioIoLayout, WavexChannelMapFromLibsndfileIsCarried) {
  const std::vector<float> samples = interleaved_sine(6, 48000, 4800, 440.0, 0.5);
  // WAVE_FORMAT_EXTENSIBLE takes libsndfile's plain LEFT/RIGHT/CENTER, not the FRONT_* aliases.
  const std::vector<int> map{SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT,       SF_CHANNEL_MAP_CENTER,
                             SF_CHANNEL_MAP_LFE,  SF_CHANNEL_MAP_REAR_CENTER, SF_CHANNEL_MAP_SIDE_LEFT};
  ASSERT_TRUE(
      write_with_sndfile(file("mapped.wav"), SF_FORMAT_WAVEX | SF_FORMAT_PCM_24, 6, 48000, samples, map));
  const auralis::DecodedAudio decoded = auralis::read_audio(file("mapped.wav"));
  EXPECT_EQ(decoded.format.container, "WAVEX");
  EXPECT_EQ(decoded.format.encoding, "PCM_24");
  const std::vector<Speaker> expected{Speaker::left, Speaker::right,       Speaker::centre,
                                      Speaker::lfe,  Speaker::rear_centre, Speaker::side_left};
  EXPECT_EQ(decoded.audio.layout(), expected);
}

TEST(AudioIoChannelMap, SndfilePositionsTranslateToSpeakers) {
  using auralis::io::speaker_from_sndfile;
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_MONO), Speaker::mono);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_LEFT), Speaker::left);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_FRONT_LEFT), Speaker::left);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_RIGHT), Speaker::right);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_FRONT_RIGHT), Speaker::right);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_CENTER), Speaker::centre);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_FRONT_CENTER), Speaker::centre);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_LFE), Speaker::lfe);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_REAR_LEFT), Speaker::rear_left);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_REAR_RIGHT), Speaker::rear_right);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_REAR_CENTER), Speaker::rear_centre);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_SIDE_LEFT), Speaker::side_left);
  EXPECT_EQ(speaker_from_sndfile(SF_CHANNEL_MAP_SIDE_RIGHT), Speaker::side_right);
  for (const int other :
       {static_cast<int>(SF_CHANNEL_MAP_INVALID), static_cast<int>(SF_CHANNEL_MAP_FRONT_LEFT_OF_CENTER),
        static_cast<int>(SF_CHANNEL_MAP_TOP_CENTER), static_cast<int>(SF_CHANNEL_MAP_AMBISONIC_B_W),
        static_cast<int>(SF_CHANNEL_MAP_MAX), -1}) {
    EXPECT_EQ(speaker_from_sndfile(other), Speaker::other) << other;
  }
  // Every speaker but `other` has a libsndfile position, and translates back to itself.
  for (int s = 0; s <= static_cast<int>(Speaker::other); ++s) {
    const auto speaker = static_cast<Speaker>(s);
    const auto map = auralis::io::sndfile_map_from_layout(std::vector<Speaker>{speaker});
    if (speaker == Speaker::other) {
      EXPECT_FALSE(map.has_value());
    } else {
      ASSERT_TRUE(map.has_value()) << s;
      EXPECT_EQ(speaker_from_sndfile(map->at(0)), speaker);
    }
  }
}

// Ogg streams order surround channels as Vorbis I section 4.3.9 says (Opus mapping family 1 too), which
// is not the WAV order. (Not 6-channel Vorbis: libvorbisenc 1.3.7 leaks in its 5.1 setup, failing ASan runs.)
TEST_F(AudioIoLayout, OggSurroundUsesVorbisChannelOrder) {
  using S = Speaker;
  const std::vector<float> eight = interleaved_sine(8, 48000, 9600, 440.0, 0.5);
  if (!write_with_sndfile(file("surround.ogg"), SF_FORMAT_OGG | SF_FORMAT_VORBIS, 8, 48000, eight)) {
    GTEST_SKIP() << "this libsndfile cannot write Ogg Vorbis";
  }
  const std::vector<Speaker> vorbis_71{S::left,       S::centre,    S::right,      S::side_left,
                                       S::side_right, S::rear_left, S::rear_right, S::lfe};
  EXPECT_EQ(auralis::read_audio(file("surround.ogg")).audio.layout(), vorbis_71);

  const std::vector<float> six = interleaved_sine(6, 48000, 9600, 440.0, 0.5);
  if (!write_with_sndfile(file("surround.opus"), SF_FORMAT_OGG | SF_FORMAT_OPUS, 6, 48000, six)) {
    GTEST_SKIP() << "this libsndfile cannot write Opus";
  }
  const std::vector<Speaker> vorbis_51{S::left, S::centre, S::right, S::rear_left, S::rear_right, S::lfe};
  EXPECT_EQ(auralis::read_audio(file("surround.opus")).audio.layout(), vorbis_51);
}

// Other formats libsndfile decodes, where this build can also encode them for the test.
struct ForeignFormat {
  const char* name;
  const char* file_name;
  int sf_format;
  int rate;
  const char* container;
  const char* encoding;
  double frame_tolerance;  // Fraction of the length codec padding may add or remove.
};

class AudioIoForeignFormat : public AudioIoScratch, public ::testing::WithParamInterface<ForeignFormat> {};

TEST_P(AudioIoForeignFormat, DecodesLengthRateAndLevel) {
  const ForeignFormat& format = GetParam();
  constexpr std::size_t kSeconds = 2;
  const std::size_t frames = kSeconds * static_cast<std::size_t>(format.rate);
  constexpr double kPeak = 0.5;
  const std::vector<float> samples = interleaved_sine(2, format.rate, frames, 997.0, kPeak);
  const auto path = file(format.file_name);
  if (!write_with_sndfile(path, format.sf_format, 2, format.rate, samples)) {
    GTEST_SKIP() << "this libsndfile cannot write " << format.name;
  }
  const auralis::DecodedAudio decoded = auralis::read_audio(path);
  EXPECT_EQ(decoded.format.container, format.container);
  EXPECT_EQ(decoded.format.encoding, format.encoding);
  EXPECT_EQ(decoded.audio.channels(), 2u);
  EXPECT_EQ(decoded.audio.sample_rate(), static_cast<std::uint32_t>(format.rate));
  EXPECT_NEAR(static_cast<double>(decoded.audio.frames()), static_cast<double>(frames),
              format.frame_tolerance * static_cast<double>(frames));
  // A lossy codec keeps a sine's level: RMS within 0.5 dB of peak/sqrt(2).
  double sum_squares = 0.0;
  for (const float sample : decoded.audio.channel(0)) sum_squares += static_cast<double>(sample) * sample;
  const double rms = std::sqrt(sum_squares / static_cast<double>(decoded.audio.frames()));
  EXPECT_NEAR(20.0 * std::log10(rms / (kPeak / std::sqrt(2.0))), 0.0, 0.5);
}

INSTANTIATE_TEST_SUITE_P(
    AudioIo, AudioIoForeignFormat,
    ::testing::Values(
        ForeignFormat{"AIFF", "tone.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24, 44100, "AIFF", "PCM_24", 0.0},
        ForeignFormat{"Ogg Vorbis", "tone.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, "OGG", "VORBIS",
                      0.0},
        ForeignFormat{"Opus", "tone.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000, "OGG", "OPUS", 0.0},
        ForeignFormat{"MP3", "tone.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 44100, "MPEG",
                      "MPEG_LAYER_III", 0.05}),
    [](const auto& param_info) {
      std::string name = param_info.param.file_name;
      return name.substr(name.find('.') + 1);
    });

}  // namespace
