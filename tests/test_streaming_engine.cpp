// SPDX-License-Identifier: MIT
// The streaming engine's promises (issue 10): master() gives bit-identical audio and identical reports for
// any block size and any worker count, in every mode and for mono, stereo and 5.1; and the plan plan_master
// returns (printed by `auralis master --plan`) is exactly what renders: read back and rendered as a given
// plan, in the library or through --plan-file, it gives the same samples and the same file bytes.
#include <auralis/auralis.hpp>

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"
#include "support/corpus.hpp"
#include "support/music_like.hpp"
#include "support/signals.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace auralis;

constexpr std::uint32_t kRate = 44100;
// Loud enough that the limiter works on every chorus (the material sits near -20 LUFS before mastering).
constexpr double kLoudTarget = -9.0;

// `seconds` of real music (the rock corpus track from 30 s on) when the corpus is rendered, else the
// synthetic stand-in; both are loud and dynamic enough to drive the compressor and the limiter.
AudioBuffer music_excerpt(double seconds, std::size_t channels = 2) {
  const std::size_t frames = test::frames_for(seconds, kRate);
  if (channels == 2) {
    if (const auto path = test::corpus_track("default_rock.wav")) {
      static const AudioBuffer rock = read_audio(*path).audio;
      const std::size_t first = test::frames_for(30.0, rock.sample_rate());
      if (rock.channels() == 2 && rock.frames() >= first + frames)
        return test::slice(rock, first, test::frames_for(seconds, rock.sample_rate()));
    }
  }
  // From 8 s on: the excerpt opens in a loud section, so even 3 s of it drive the limiter at -9 LUFS.
  return test::music_like(channels, kRate, 8 * kRate, frames, 0x5eed);
}

// A reference with a different spectrum and width: the piano corpus track, else darker synthetic material
// (the stand-in with its stereo image narrowed and pink noise under it).
AudioBuffer reference_excerpt(double seconds) {
  if (const auto path = test::corpus_track("default_piano.wav")) {
    const AudioBuffer piano = read_audio(*path).audio;
    const std::size_t first = test::frames_for(20.0, piano.sample_rate());
    const std::size_t frames = test::frames_for(seconds, piano.sample_rate());
    if (piano.channels() == 2 && piano.frames() >= first + frames) return test::slice(piano, first, frames);
  }
  AudioBuffer audio = test::music_like(2, kRate, 12345, test::frames_for(seconds, kRate), 0xfeed);
  const AudioBuffer noise = test::pink_noise(2, kRate, seconds, -24.0, 0xfeed);
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const float mid = 0.5f * (audio.channel(0)[n] + audio.channel(1)[n]);
    for (std::size_t c = 0; c < 2; ++c)
      audio.channel(c)[n] = 0.8f * mid + 0.2f * audio.channel(c)[n] + noise.channel(c)[n];
  }
  return audio;
}

// Bit-for-bit equality of two renders; on failure names the first differing sample.
::testing::AssertionResult identical(const AudioBuffer& a, const AudioBuffer& b) {
  if (a.channels() != b.channels() || a.frames() != b.frames() || a.sample_rate() != b.sample_rate()) {
    return ::testing::AssertionFailure()
           << "shapes differ: " << a.channels() << "x" << a.frames() << " @ " << a.sample_rate() << " vs "
           << b.channels() << "x" << b.frames() << " @ " << b.sample_rate();
  }
  for (std::size_t c = 0; c < a.channels(); ++c) {
    const auto x = a.channel(c), y = b.channel(c);
    if (std::memcmp(x.data(), y.data(), x.size_bytes()) == 0) continue;
    std::size_t n = 0;
    while (std::memcmp(&x[n], &y[n], sizeof(float)) == 0) ++n;
    std::size_t count = 0;
    for (std::size_t m = n; m < x.size(); ++m) count += std::memcmp(&x[m], &y[m], sizeof(float)) != 0;
    char text[160];
    std::snprintf(text, sizeof text,
                  "channel %zu first differs at frame %zu of %zu: %.9g vs %.9g (%zu differ)", c, n, x.size(),
                  static_cast<double>(x[n]), static_cast<double>(y[n]), count);
    return ::testing::AssertionFailure() << text;
  }
  return ::testing::AssertionSuccess();
}

// Hexadecimal floats, so that "identical" means every bit of every value.
void put(std::ostringstream& out, const char* name, std::optional<double> value) {
  char text[64];
  if (value) {
    std::snprintf(text, sizeof text, "%a", *value);
  } else {
    std::snprintf(text, sizeof text, "none");
  }
  out << name << '=' << text << '\n';
}

std::string loudness_text(const LoudnessReport& r) {
  std::ostringstream out;
  put(out, "integrated", r.integrated_lufs);
  put(out, "lra", r.loudness_range_lu);
  put(out, "momentary", r.max_momentary_lufs);
  put(out, "short_term", r.max_short_term_lufs);
  put(out, "sample_peak", r.sample_peak);
  put(out, "true_peak", r.true_peak);
  for (const double v : r.channel_sample_peak) put(out, "channel_sample_peak", v);
  for (const double v : r.channel_true_peak) put(out, "channel_true_peak", v);
  for (const double v : r.short_term_history_lufs) put(out, "history", v);
  out << "frames=" << r.frames << '\n';
  return out.str();
}

// Everything in a report that must not depend on block size or workers: the timings and the backend's
// statistics (thread counts) are left out on purpose.
std::string report_text(const MasterReport& report) {
  std::string text = "profile " + profile_to_json(report.profile) + "\nplan " + plan_to_json(report.plan);
  if (report.reference_profile) text += "\nreference " + profile_to_json(*report.reference_profile);
  text += "\nbefore\n" + loudness_text(report.before) + "after\n" + loudness_text(report.after);
  for (const std::string& warning : report.warnings) text += "warning " + warning + "\n";
  return text;
}

struct Setting {
  std::size_t block_frames;
  unsigned workers;
};

MasterOptions options_for(MasteringMode mode, const Setting& setting) {
  MasterOptions options;
  options.mode = mode;
  options.overrides.target_lufs = kLoudTarget;
  options.backend = BackendOptions::cpu(setting.workers);
  options.block_frames = setting.block_frames;
  return options;
}

// Masters `audio` with every setting and expects the first setting's audio and report from all of them.
void expect_invariant(const AudioBuffer& audio, MasteringMode mode, const AudioBuffer* reference,
                      const std::vector<Setting>& settings) {
  ASSERT_FALSE(settings.empty());
  const MasterResult expected = master(audio, options_for(mode, settings[0]), reference);
  const std::string expected_report = report_text(expected.report);
  for (std::size_t i = 1; i < settings.size(); ++i) {
    SCOPED_TRACE(::testing::Message()
                 << "block_frames " << settings[i].block_frames << ", max_workers " << settings[i].workers
                 << " vs " << settings[0].block_frames << "/" << settings[0].workers);
    const MasterResult result = master(audio, options_for(mode, settings[i]), reference);
    EXPECT_TRUE(identical(result.audio, expected.audio));
    EXPECT_EQ(report_text(result.report), expected_report);
  }
}

// The limiter must have worked, or invariance of its streamed lookahead was not tested: at -9 LUFS the
// loud sections' peaks are pushed over the -1 dBTP ceiling (by more than 1 dB, so the limiter takes away
// more than float rounding could hide), which the output nevertheless respects.
void expect_limited(const AudioBuffer& audio, MasteringMode mode, const AudioBuffer* reference) {
  const MasterResult result = master(audio, options_for(mode, {8192, 2}), reference);
  ASSERT_TRUE(result.report.before.integrated_lufs && result.report.before.true_peak);
  const double gain_db = kLoudTarget - *result.report.before.integrated_lufs;
  const double raised_peak = *LoudnessReport::to_db(*result.report.before.true_peak) + gain_db;
  EXPECT_GT(raised_peak, result.report.plan.limiter.ceiling_dbtp + 1.0)
      << "the material is too quiet for the limiter to work at " << kLoudTarget << " LUFS";
  ASSERT_TRUE(result.report.after.true_peak);
  // 0.1 dB: the bound for the ceiling as the meter reads it.
  EXPECT_LE(*LoudnessReport::to_db(*result.report.after.true_peak),
            result.report.plan.limiter.ceiling_dbtp + 0.1);
}

// Blocks of 4096 to 65536 frames (up to 1.5 s) on the long excerpt; 1- and 37-frame blocks, which cross every
// internal boundary at odd offsets, on a 3 s excerpt to keep time down.
const std::vector<Setting> kLongSettings = {{8192, 1}, {8192, 2},  {8192, 3},  {4096, 1}, {4096, 2},
                                            {4096, 3}, {65536, 1}, {65536, 2}, {65536, 3}};
const std::vector<Setting> kShortSettings = {{8192, 1}, {1, 1}, {1, 2}, {1, 3}, {37, 1}, {37, 2}, {37, 3}};
// For the other modes and layouts: each block size and each worker count at least once. One-frame blocks
// on helper threads cost a queue hand-over per frame (seconds of futex time per pass), so they run in the
// adaptive stereo test only.
const std::vector<Setting> kMixedSettings = {{8192, 1}, {4096, 2}, {65536, 3}, {37, 1}, {37, 3}, {1, 1}};

TEST(StreamingEngine, AdaptiveStereoIsIdenticalForEveryBlockSizeAndWorkerCount) {
  const AudioBuffer audio = music_excerpt(20.0);
  expect_limited(audio, MasteringMode::adaptive, nullptr);
  expect_invariant(audio, MasteringMode::adaptive, nullptr, kLongSettings);
  expect_invariant(test::slice(audio, 0, test::frames_for(3.0, audio.sample_rate())), MasteringMode::adaptive,
                   nullptr, kShortSettings);
}

TEST(StreamingEngine, ReferenceModeIsIdenticalForEveryBlockSizeAndWorkerCount) {
  const AudioBuffer audio = music_excerpt(8.0);
  const AudioBuffer reference = reference_excerpt(4.0);
  expect_limited(audio, MasteringMode::reference, &reference);
  // Reference mode adds the reference's analysis and the trial render of plan_master's refinement.
  expect_invariant(test::slice(audio, 0, test::frames_for(3.0, audio.sample_rate())),
                   MasteringMode::reference, &reference, kMixedSettings);
  expect_invariant(audio, MasteringMode::reference, &reference, {{8192, 1}, {4096, 3}, {65536, 2}});
}

TEST(StreamingEngine, HybridModeIsIdenticalForEveryBlockSizeAndWorkerCount) {
  const AudioBuffer audio = music_excerpt(3.0);
  const AudioBuffer reference = reference_excerpt(6.0);
  expect_invariant(audio, MasteringMode::hybrid, &reference, {{8192, 1}, {37, 2}, {65536, 3}});
}

// 5.1: the width stage is skipped (it is defined for stereo only); everything else streams six planes.
TEST(StreamingEngine, SixChannelsAreIdenticalForEveryBlockSizeAndWorkerCount) {
  const AudioBuffer audio = music_excerpt(3.0, 6);
  expect_limited(audio, MasteringMode::adaptive, nullptr);
  expect_invariant(audio, MasteringMode::adaptive, nullptr, kMixedSettings);
}

TEST(StreamingEngine, MonoIsIdenticalForEveryBlockSizeAndWorkerCount) {
  const AudioBuffer audio = music_excerpt(3.0, 1);
  expect_limited(audio, MasteringMode::adaptive, nullptr);
  expect_invariant(audio, MasteringMode::adaptive, nullptr, kMixedSettings);
}

// ---------------------------------------------------------------------------------------------------------
// Plan round trip in the library

struct ModeName {
  std::string operator()(const ::testing::TestParamInfo<MasteringMode>& mode) const {
    return to_string(mode.param);
  }
};

class StreamingPlanRoundTrip : public ::testing::TestWithParam<MasteringMode> {};

TEST_P(StreamingPlanRoundTrip, PrintedPlanRendersBitIdentically) {
  const MasteringMode mode = GetParam();
  const AudioBuffer audio = music_excerpt(8.0);
  const AudioBuffer reference = reference_excerpt(6.0);
  const AudioBuffer* ref = mode == MasteringMode::adaptive ? nullptr : &reference;
  const MasterOptions decide = options_for(mode, {8192, 2});

  SpectralEngine engine(decide.backend);
  const MasterReport planned = plan_master(audio, ref, decide, engine);
  const std::string json = plan_to_json(planned.plan);
  const MasteringPlan parsed = plan_from_json(json);
  // The text form holds every bit: printing the parsed plan gives the same text.
  ASSERT_EQ(plan_to_json(parsed), json);

  const MasterResult decided = master(audio, decide, ref);
  // plan_master's plan is the one master() renders (reference mode: refinement included).
  EXPECT_EQ(plan_to_json(decided.report.plan), json);

  // Rendered as a given plan, with no overrides and no reference: the plan alone decides the output.
  MasterOptions given = options_for(mode, {8192, 2});
  given.overrides = {};
  given.plan = parsed;
  const MasterResult rendered = master(audio, given, nullptr);
  EXPECT_TRUE(identical(rendered.audio, decided.audio));
  EXPECT_EQ(loudness_text(rendered.report.after), loudness_text(decided.report.after));
}

INSTANTIATE_TEST_SUITE_P(StreamingModes, StreamingPlanRoundTrip,
                         ::testing::Values(MasteringMode::adaptive, MasteringMode::reference,
                                           MasteringMode::hybrid),
                         ModeName{});

// ---------------------------------------------------------------------------------------------------------
// Plan round trip through the CLI: --plan prints it, --plan-file renders it to the same bytes.

class StreamingCliPlanRoundTrip : public ::testing::TestWithParam<MasteringMode> {
 protected:
  void SetUp() override {
    scratch_ = fs::temp_directory_path() / ("auralis-streaming-plan-" + std::string(to_string(GetParam())) +
                                            "-" + std::to_string(::getpid()));
    fs::create_directories(scratch_);
  }
  void TearDown() override {
    std::error_code error;
    fs::remove_all(scratch_, error);
  }
  fs::path scratch_;
};

TEST_P(StreamingCliPlanRoundTrip, PlanFileGivesTheSameFileAsDecidingThePlan) {
  using test::quoted;
  const MasteringMode mode = GetParam();
  const fs::path in = scratch_ / "in.wav", ref = scratch_ / "ref.wav";
  write_audio(in, music_excerpt(8.0), {.sample_format = SampleFormat::pcm24});
  write_audio(ref, reference_excerpt(6.0), {.sample_format = SampleFormat::pcm24});
  // The default 24-bit output, dither included: the dither is seeded, so equal samples give equal bytes.
  const std::string common = " --backend cpu --threads 2 --quiet";
  std::string decide = " --target-lufs -9";
  if (mode != MasteringMode::adaptive) decide += " --reference " + quoted(ref);
  if (mode == MasteringMode::hybrid) decide += " --mode hybrid";

  const fs::path unused = scratch_ / "plan-only.wav";
  const test::CommandResult printed =
      test::run_cli("master " + quoted(in) + " " + quoted(unused) + decide + common + " --plan", scratch_);
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_FALSE(fs::exists(unused)) << "--plan rendered a file";
  // stdout is one JSON document, the library's plan form.
  const nlohmann::json document = nlohmann::json::parse(printed.out);
  EXPECT_EQ(document["mode"], to_string(mode));
  const MasteringPlan plan = plan_from_json(printed.out);
  EXPECT_EQ(plan.target_lufs, kLoudTarget);
  const fs::path plan_file = scratch_ / "plan.json";
  std::ofstream(plan_file) << printed.out;

  const fs::path from_file = scratch_ / "from-file.wav", decided = scratch_ / "decided.wav";
  const fs::path report = scratch_ / "report.json";
  const test::CommandResult a = test::run_cli(
      "master " + quoted(in) + " " + quoted(from_file) + " --plan-file " + quoted(plan_file) + common,
      scratch_);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const test::CommandResult b = test::run_cli(
      "master " + quoted(in) + " " + quoted(decided) + decide + common + " --json " + quoted(report),
      scratch_);
  ASSERT_EQ(b.exit_code, 0) << b.err;

  const std::string bytes_a = test::read_file(from_file), bytes_b = test::read_file(decided);
  ASSERT_GT(bytes_b.size(), 44u);
  EXPECT_TRUE(bytes_a == bytes_b) << "--plan-file output differs from the decided render (" << bytes_a.size()
                                  << " vs " << bytes_b.size() << " bytes)";
  // The render that decided its plan reports the plan --plan printed.
  const nlohmann::json written = nlohmann::json::parse(test::read_file(report));
  EXPECT_EQ(written["plan"], document);
}

INSTANTIATE_TEST_SUITE_P(StreamingModes, StreamingCliPlanRoundTrip,
                         ::testing::Values(MasteringMode::adaptive, MasteringMode::reference,
                                           MasteringMode::hybrid),
                         ModeName{});

}  // namespace
