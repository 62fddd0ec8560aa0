// SPDX-License-Identifier: MIT
// make_fuzz_corpus OUT_DIR: writes the fuzzers' seed corpus into OUT_DIR/<harness>/:
//   fuzz_decode     small valid audio files (WAV, WAVEX, RF64, W64, AIFF/AIFC, FLAC, Ogg Vorbis and Opus,
//                   CAF, AU, MP3 where libsndfile can write it) of 8-32 bit integer, float and compressed
//                   encodings, 1-8 channels, 8-192 kHz, at most 0.2 s (two 0.5 s ones at 8 kHz so that the
//                   loudness meter has whole 400 ms blocks), each behind fuzz_decode's 3 control bytes;
//   fuzz_plan_json  plans as plan_to_json writes them (default, neutral, each preset's adaptive plan,
//                   reference and hybrid plans with mid/side curves) and a few partial ones;
//   fuzz_cli_args   argument lists for auralis master and auralis analyze.
// Deterministic: the same files every run.
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/mastering.hpp>

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "make_fuzz_corpus: cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Interleaved test audio: a tone per channel, a decaying click, deterministic noise; peak about 0.8.
std::vector<float> interleaved_signal(int channels, int rate, sf_count_t frames) {
  std::vector<float> samples(static_cast<std::size_t>(frames) * static_cast<std::size_t>(channels));
  std::uint32_t noise = 0x2545F491u;
  for (sf_count_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / rate;
    const double click = std::exp(-std::fmod(t, 0.1) * 60.0);
    for (int c = 0; c < channels; ++c) {
      noise = noise * 1664525u + 1013904223u;
      const double n = static_cast<double>(noise >> 8) / 16777216.0 - 0.5;
      const double tone = std::sin(2.0 * std::numbers::pi * (110.0 * (c + 1) + 7.0 * c) * t);
      samples[static_cast<std::size_t>(i * channels + c)] =
          static_cast<float>(0.5 * tone + 0.2 * click * n + 0.1 * n);
    }
  }
  return samples;
}

struct AudioSeed {
  const char* name;
  int format;  // SF_FORMAT_* container | encoding
  int channels;
  int rate;
  double seconds = 0.2;
};

// Encodes one seed with libsndfile; empty when this libsndfile cannot write the format.
std::string encode(const AudioSeed& seed, const fs::path& scratch) {
  SF_INFO info{};
  info.channels = seed.channels;
  info.samplerate = seed.rate;
  info.format = seed.format;
  if (!sf_format_check(&info)) return {};
  SNDFILE* file = sf_open(scratch.c_str(), SFM_WRITE, &info);
  if (file == nullptr) return {};
  if ((seed.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAVEX && seed.channels == 6) {
    int map[6] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT,     SF_CHANNEL_MAP_CENTER,
                  SF_CHANNEL_MAP_LFE,  SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_REAR_RIGHT};
    sf_command(file, SFC_SET_CHANNEL_MAP_INFO, map, sizeof map);
  }
  // Small files: at most 0.2 s (or the seed's length), and about 3000 samples over all channels.
  const auto by_time = static_cast<sf_count_t>(seed.seconds * seed.rate);
  const sf_count_t frames =
      seed.seconds > 0.2 ? by_time : std::min<sf_count_t>(by_time, std::max(64, 3000 / seed.channels));
  const std::vector<float> samples = interleaved_signal(seed.channels, seed.rate, frames);
  const sf_count_t written = sf_writef_float(file, samples.data(), frames);
  sf_close(file);
  if (written != frames) return {};
  return read_file(scratch);
}

void audio_seeds(const fs::path& dir, const fs::path& scratch_dir) {
  const AudioSeed seeds[] = {
      {"wav-u8-1ch-8000", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 1, 8000},
      {"wav-pcm16-2ch-44100", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 2, 44100},
      {"wav-pcm16-1ch-8000-0.5s", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 8000, 0.5},
      {"wav-pcm24-1ch-48000", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 1, 48000},
      {"wav-pcm32-2ch-96000", SF_FORMAT_WAV | SF_FORMAT_PCM_32, 2, 96000},
      {"wav-float-2ch-22050", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2, 22050},
      {"wav-double-1ch-16000", SF_FORMAT_WAV | SF_FORMAT_DOUBLE, 1, 16000},
      {"wav-ulaw-1ch-8000", SF_FORMAT_WAV | SF_FORMAT_ULAW, 1, 8000},
      {"wav-alaw-2ch-8000", SF_FORMAT_WAV | SF_FORMAT_ALAW, 2, 8000},
      {"wav-ima-adpcm-2ch-22050", SF_FORMAT_WAV | SF_FORMAT_IMA_ADPCM, 2, 22050},
      {"wav-ms-adpcm-1ch-11025", SF_FORMAT_WAV | SF_FORMAT_MS_ADPCM, 1, 11025},
      {"wav-gsm610-1ch-8000", SF_FORMAT_WAV | SF_FORMAT_GSM610, 1, 8000},
      {"wav-pcm16-3ch-32000", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 3, 32000},
      {"wav-pcm16-4ch-44100", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 4, 44100},
      {"wav-pcm24-5ch-48000", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 5, 48000},
      {"wav-pcm24-6ch-48000", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 6, 48000},
      {"wav-float-7ch-88200", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 7, 88200},
      {"wav-pcm16-8ch-192000", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8, 192000},
      {"wavex-pcm24-6ch-48000", SF_FORMAT_WAVEX | SF_FORMAT_PCM_24, 6, 48000},
      {"wavex-float-4ch-96000", SF_FORMAT_WAVEX | SF_FORMAT_FLOAT, 4, 96000},
      {"wavex-pcm16-2ch-44100", SF_FORMAT_WAVEX | SF_FORMAT_PCM_16, 2, 44100},
      {"rf64-pcm16-2ch-44100", SF_FORMAT_RF64 | SF_FORMAT_PCM_16, 2, 44100},
      {"w64-pcm24-2ch-48000", SF_FORMAT_W64 | SF_FORMAT_PCM_24, 2, 48000},
      {"aiff-s8-1ch-8000", SF_FORMAT_AIFF | SF_FORMAT_PCM_S8, 1, 8000},
      {"aiff-pcm16-2ch-44100", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 2, 44100},
      {"aiff-pcm24-2ch-88200", SF_FORMAT_AIFF | SF_FORMAT_PCM_24, 2, 88200},
      {"aiff-pcm32-1ch-176400", SF_FORMAT_AIFF | SF_FORMAT_PCM_32, 1, 176400},
      {"aifc-float-2ch-48000", SF_FORMAT_AIFF | SF_FORMAT_FLOAT, 2, 48000},
      {"aifc-ulaw-1ch-8000", SF_FORMAT_AIFF | SF_FORMAT_ULAW, 1, 8000},
      {"flac-s8-1ch-8000", SF_FORMAT_FLAC | SF_FORMAT_PCM_S8, 1, 8000},
      {"flac-pcm16-2ch-44100", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 2, 44100},
      {"flac-pcm16-2ch-8000-0.5s", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 2, 8000, 0.5},
      {"flac-pcm24-6ch-48000", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 6, 48000},
      {"flac-pcm16-8ch-192000", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 8, 192000},
      {"ogg-vorbis-1ch-8000", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 1, 8000},
      {"ogg-vorbis-2ch-44100", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 2, 44100},
      {"ogg-vorbis-6ch-48000", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 6, 48000},
      {"ogg-opus-2ch-48000", SF_FORMAT_OGG | SF_FORMAT_OPUS, 2, 48000},
      {"ogg-opus-1ch-8000", SF_FORMAT_OGG | SF_FORMAT_OPUS, 1, 8000},
      {"mp3-2ch-44100", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 2, 44100},
      {"caf-alac16-2ch-44100", SF_FORMAT_CAF | SF_FORMAT_ALAC_16, 2, 44100},
      {"caf-pcm16-1ch-22050", SF_FORMAT_CAF | SF_FORMAT_PCM_16, 1, 22050},
      {"au-pcm16-1ch-8000", SF_FORMAT_AU | SF_FORMAT_PCM_16, 1, 8000},
  };
  // fuzz_decode's control bytes: flags (preset, reference/hybrid mode, no limiter, decode only), then
  // which call's allocation fails (top 2 bits) and after how many (low 14 bits). Most seeds fail none;
  // every fourth fails one, in read_audio, measure_loudness, master or counted over all three.
  const std::uint16_t countdowns[] = {0, 0, 0, 0x0003,       0, 0, 0, 0x4000 | 20,
                                      0, 0, 0, 0x8000 | 300, 0, 0, 0, 0xc000 | 1000};
  const std::uint8_t flags[] = {0x00, 0x01, 0x02, 0x40, 0x03, 0x04, 0x05, 0x08, 0x10, 0x20, 0x11};
  const fs::path scratch = scratch_dir / "make_fuzz_corpus.tmp";
  std::size_t index = 0, written = 0;
  for (const AudioSeed& seed : seeds) {
    const std::string bytes = encode(seed, scratch);
    ++index;
    if (bytes.empty()) {
      std::fprintf(stderr, "make_fuzz_corpus: this libsndfile cannot write %s; left out\n", seed.name);
      continue;
    }
    const std::uint16_t countdown = countdowns[index % std::size(countdowns)];
    const std::string control{static_cast<char>(flags[index % std::size(flags)]),
                              static_cast<char>(countdown >> 8), static_cast<char>(countdown & 0xff)};
    write_file(dir / seed.name, control + bytes);
    ++written;
  }
  fs::remove(scratch);
  std::printf("make_fuzz_corpus: %zu audio seeds in %s\n", written, dir.c_str());
}

auralis::AudioBuffer planar_signal(std::size_t channels, std::uint32_t rate, double seconds,
                                   double brightness) {
  const auto frames = static_cast<std::size_t>(seconds * rate);
  auralis::AudioBuffer audio(channels, frames, rate);
  std::uint32_t noise = 99;
  for (std::size_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / rate;
    const double beat = std::exp(-std::fmod(t, 0.5) * 12.0);
    for (std::size_t c = 0; c < channels; ++c) {
      noise = noise * 1664525u + 1013904223u;
      const double n = static_cast<double>(noise >> 8) / 16777216.0 - 0.5;
      const double tone = std::sin(2.0 * std::numbers::pi * (82.0 + 30.0 * static_cast<double>(c)) * t) +
                          0.5 * std::sin(2.0 * std::numbers::pi * 440.0 * t);
      audio.channel(c)[i] = static_cast<float>(0.25 * tone * beat + brightness * n);
    }
  }
  return audio;
}

void plan_seeds(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> seeds;
  seeds.emplace_back("default", auralis::plan_to_json(auralis::MasteringPlan{}));
  seeds.emplace_back("neutral", auralis::plan_to_json(auralis::neutral_plan()));

  auralis::SpectralEngine engine(auralis::BackendOptions::cpu(1));
  const auralis::AudioBuffer target = planar_signal(2, 22050, 3.5, 0.05);
  const auralis::AudioBuffer reference = planar_signal(2, 22050, 3.5, 0.3);
  const auralis::ContentProfile target_profile = auralis::analyze_content(target, engine);
  const auralis::ContentProfile reference_profile = auralis::analyze_content(reference, engine);
  for (int p = 0; p < 6; ++p) {
    const auto preset = static_cast<auralis::Preset>(p);
    seeds.emplace_back(std::string("adaptive-") + auralis::to_string(preset),
                       auralis::plan_to_json(auralis::plan_adaptive(target_profile, preset)));
  }
  auralis::PlanOverrides overrides;
  overrides.target_lufs = -9.0;
  overrides.ceiling_dbtp = -0.3;
  overrides.width_amount = 0.5;
  const auralis::MasteringPlan matched =
      auralis::plan_reference(target_profile, reference_profile, overrides);
  seeds.emplace_back("reference", auralis::plan_to_json(matched));
  const auralis::MasteringPlan adaptive = auralis::plan_adaptive(target_profile, auralis::Preset::punchy);
  seeds.emplace_back("hybrid", auralis::plan_to_json(auralis::blend_plans(adaptive, matched, 0.3)));

  // Partial plans: every field left out takes MasteringPlan{}'s value.
  seeds.emplace_back("empty-object", "{}");
  seeds.emplace_back("no-target", R"({"mode": "adaptive", "preset": "warm", "target_lufs": null})");
  seeds.emplace_back("curves", R"({"mode": "reference", "mid_eq": {"frequencies_hz": [40, 250, 2000, 9000],)"
                               R"( "gains_db": [3.5, -1, 2, -6]}, "side_eq": {"frequencies_hz": [120],)"
                               R"( "gains_db": [-4]}})");
  seeds.emplace_back("stages", R"({"compressor": {"enabled": true, "detector": "peak", "ratio": 8,)"
                               R"( "attack_ms": 0.5, "release_ms": 40, "knee_db": 0}, "limiter": {"enabled":)"
                               R"( false}, "width": {"side_gain": 1.8, "bass_mono_hz": 0},)"
                               R"( "amounts": {"eq": 0.5, "dynamics": 1, "width": 0.25, "loudness": 0}})");
  for (const auto& [name, text] : seeds) write_file(dir / (name + ".json"), text);
  std::printf("make_fuzz_corpus: %zu plan seeds in %s\n", seeds.size(), dir.c_str());
}

// fuzz_cli_args input: the selector byte (even: master, odd: analyze), then NUL-separated arguments.
std::string cli_seed(bool analyze, std::initializer_list<std::string_view> args) {
  std::string bytes(1, analyze ? '\x01' : '\x00');
  bool first = true;
  for (const std::string_view arg : args) {
    if (!first) bytes += '\0';
    bytes += arg;
    first = false;
  }
  return bytes;
}

void cli_seeds(const fs::path& dir) {
  const std::vector<std::pair<const char*, std::string>> seeds = {
      {"master-plain", cli_seed(false, {"in.wav", "out.wav"})},
      {"master-preset",
       cli_seed(false, {"in.wav", "out.flac", "--preset", "warm", "--bits", "16", "--quiet"})},
      {"master-reference", cli_seed(false, {"--reference", "ref.wav", "--mode", "hybrid", "--weight", "0.25",
                                            "in.wav", "out.wav"})},
      {"master-targets",
       cli_seed(false, {"in.wav", "out.wav", "--target-lufs", "-9.5", "--ceiling", "-0.3", "--eq", "50",
                        "--dynamics", "0", "--width", "100", "--loudness", "75.5", "--no-limiter"})},
      {"master-output", cli_seed(false, {"in.wav", "out", "--format", "flac", "--bits", "32f", "--json",
                                         "report.json", "--profile", "--plan"})},
      {"master-compute",
       cli_seed(false, {"--backend", "cpu", "--device", "0", "--threads", "4", "--", "-in.wav", "-out.wav"})},
      {"master-plan-file", cli_seed(false, {"in.wav", "out.wav", "--plan-file", "plan.json"})},
      {"master-help", cli_seed(false, {"--help"})},
      {"analyze-plain", cli_seed(true, {"a.wav", "b.flac"})},
      {"analyze-json", cli_seed(true, {"--json", "--content", "a.wav"})},
      {"analyze-compute", cli_seed(true, {"--backend", "vulkan", "--device", "llvmpipe", "--threads", "2",
                                          "--", "--odd.wav", "-"})},
      {"analyze-help", cli_seed(true, {"-h"})},
  };
  for (const auto& [name, bytes] : seeds) write_file(dir / name, bytes);
  std::printf("make_fuzz_corpus: %zu argument seeds in %s\n", seeds.size(), dir.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_fuzz_corpus OUT_DIR\n");
    return 2;
  }
  const fs::path out = argv[1];
  for (const char* harness : {"fuzz_decode", "fuzz_plan_json", "fuzz_cli_args"})
    fs::create_directories(out / harness);
  audio_seeds(out / "fuzz_decode", out);
  plan_seeds(out / "fuzz_plan_json");
  cli_seeds(out / "fuzz_cli_args");
  return 0;
}
