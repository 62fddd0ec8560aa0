// SPDX-License-Identifier: MIT
// `auralis analyze` and `auralis master` fed bad input, bad outputs, bad options and bad plan files, full
// disks and signals. Every case runs the built CLI (fork/exec, no shell unless a pipe is the point) and
// checks: the exit code (0 success, 1 a file failed, 2 usage error; a signal or timeout is always a test
// failure); that stderr names the offending file or option, or for a success that the output exists and is
// sane; and for a failure that the input and output folders hold exactly what they held before the run,
// hidden files included (no ".NAME.auralis-*" temporary, no partial output, no report).
#include <auralis/auralis.hpp>

#include <gtest/gtest.h>

#include "support/bad_inputs.hpp"
#include "support/cli_runner.hpp"
#include "support/signals.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sndfile.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

using auralis::test::Child;
using auralis::test::describe;
using auralis::test::EntryState;
using auralis::test::escaped;
using auralis::test::RunOptions;
using auralis::test::RunResult;
using auralis::test::snapshot;
using auralis::test::wav_bytes;
using auralis::test::write_bytes;

constexpr int kOk = 0;
constexpr int kFileFailed = 1;
constexpr int kUsage = 2;

constexpr const char* kNamedTemporaries = "AURALIS_TEST_NAMED_TEMPORARIES=1";

// The level of every test sine: a -20 dBFS 1 kHz sine in two channels reads -20 LUFS (EBU Tech 3341).
constexpr double kSineDbfs = -20.0;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The folder accepts unnamed temporary files (O_TMPFILE), which nothing can leave behind.
bool supports_unnamed_files(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

// ".NAME.auralis-PID-XXXXXX": a named temporary the process `pid` made for NAME.
bool is_temporary_of(const std::string& entry, const std::string& name, pid_t pid) {
  const std::string prefix = "." + name + ".auralis-" + std::to_string(pid) + "-";
  return entry.size() == prefix.size() + 6 && entry.rfind(prefix, 0) == 0;
}

std::vector<std::string> names_in(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    names.push_back(it->path().filename().native());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class CliBadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "." + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    root_ = fs::temp_directory_path() / ("auralis-bad-input-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    in_ = root_ / "in";
    out_ = root_ / "out";
    capture_ = root_ / "capture";
    fs::create_directories(in_);
    fs::create_directories(out_);
    fs::create_directories(capture_);
    // A hidden file the runs must leave alone; it also proves the listings include dot-files.
    write_bytes(out_ / ".keep", "left alone\n");
    watched_ = {in_, out_};
  }

  void TearDown() override {
    for (const fs::path& mount : mounts_) ::umount2(mount.c_str(), MNT_DETACH);
    std::error_code error;
    fs::permissions(out_, fs::perms::owner_all, fs::perm_options::add, error);
    fs::remove_all(root_, error);
  }

  std::vector<std::vector<EntryState>> snapshots() const {
    std::vector<std::vector<EntryState>> all;
    for (const fs::path& folder : watched_) all.push_back(snapshot(folder));
    return all;
  }

  // Runs `auralis ARGS`, listing the watched folders just before and after.
  RunResult run(const std::vector<std::string>& args, const RunOptions& options = {}) {
    before_ = snapshots();
    RunResult r = auralis::test::run_auralis(args, capture_, options);
    after_ = snapshots();
    return r;
  }

  void expect_folders_unchanged() const {
    ASSERT_EQ(before_.size(), after_.size());
    for (std::size_t i = 0; i < before_.size(); ++i) {
      EXPECT_TRUE(before_[i] == after_[i]) << watched_[i] << " changed.\nbefore:\n"
                                           << describe(before_[i]) << "after:\n"
                                           << describe(after_[i]);
    }
  }

  // A failure: the exit code, each of `named` on stderr, and nothing changed in the watched folders.
  void expect_failure(const RunResult& r, int code, const std::vector<std::string>& named) const {
    ASSERT_TRUE(r.exited()) << r.describe();
    EXPECT_EQ(r.exit_code, code) << r.describe();
    for (const std::string& part : named) {
      EXPECT_TRUE(contains(r.err, part)) << "stderr does not name '" << escaped(part) << "'\n"
                                         << r.describe();
      // Each layer that adds the file's name must see that it is already there.
      if (part.starts_with('/')) {
        EXPECT_FALSE(contains(r.err, part + ": " + part)) << "the message names the file twice\n"
                                                          << r.describe();
      }
    }
    expect_folders_unchanged();
  }

  // A success that added exactly `added` (names relative to the watched folders) and changed nothing else.
  void expect_success_adding(const RunResult& r, const std::vector<std::string>& added) const {
    ASSERT_TRUE(r.exited()) << r.describe();
    ASSERT_EQ(r.exit_code, kOk) << r.describe();
    for (std::size_t i = 0; i < watched_.size(); ++i) {
      std::vector<std::string> expected;
      for (const EntryState& e : before_[i]) expected.push_back(e.name);
      for (const std::string& name : added) {
        if (fs::exists(watched_[i] / name)) expected.push_back(name);
      }
      std::sort(expected.begin(), expected.end());
      std::vector<std::string> seen;
      for (const EntryState& e : after_[i]) seen.push_back(e.name);
      EXPECT_EQ(seen, expected) << watched_[i] << " after:\n" << describe(after_[i]);
      // What was there is untouched, byte for byte.
      for (const EntryState& e : before_[i]) {
        const auto now = std::find_if(after_[i].begin(), after_[i].end(),
                                      [&](const EntryState& a) { return a.name == e.name; });
        EXPECT_TRUE(now != after_[i].end() && *now == e) << escaped(e.name) << " changed in " << watched_[i];
      }
    }
  }

  // A mastered file that libsndfile decodes with the expected shape, finite and within full scale.
  void expect_sane_audio(const fs::path& path, int channels, int sample_rate, std::int64_t frames) const {
    const auto audio = auralis::test::read_with_sndfile(path);
    ASSERT_TRUE(audio.has_value()) << path << " is not readable audio";
    EXPECT_EQ(audio->channels, channels);
    EXPECT_EQ(audio->sample_rate, sample_rate);
    EXPECT_EQ(audio->frames, frames);
    std::size_t bad = 0;
    for (const float x : audio->samples) bad += std::isfinite(x) && std::abs(x) <= 1.0f ? 0u : 1u;
    EXPECT_EQ(bad, 0u) << "samples not finite or beyond full scale in " << path;
  }

  // A 1 kHz sine at kSineDbfs through libsndfile (float WAV unless told otherwise).
  fs::path write_sine(const fs::path& path, std::size_t channels = 2, std::uint32_t rate = 44100,
                      double seconds = 1.0, int format = SF_FORMAT_WAV | SF_FORMAT_FLOAT) const {
    auralis::test::write_with_sndfile(path, format,
                                      auralis::test::sine(channels, rate, 1000.0, kSineDbfs, seconds));
    return path;
  }

  fs::path write_silence(const fs::path& path, double seconds) const {
    auralis::test::write_with_sndfile(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT,
                                      auralis::test::silence(2, seconds, 44100));
    return path;
  }

  // Programme-like noise (pink, level moving) that compresses badly, for truncation tests.
  fs::path write_noise(const fs::path& path, int format, double seconds) const {
    auralis::AudioBuffer audio = auralis::test::pink_noise(2, 44100, seconds, -6.0, 0x6261642dULL);
    const double breakpoints[] = {-6.0, 0.0, -12.0, -3.0};
    auralis::test::apply_gain_ramp_db(audio, breakpoints, 0.5);
    auralis::test::write_with_sndfile(path, format, audio);
    return path;
  }

  // 1 s stereo float WAV of the sine with `count` samples replaced by `value`, then `second_count` by
  // `second_value` (every 997th interleaved sample from frame 1000).
  fs::path write_float_wav_with(const fs::path& path, float value, std::size_t count,
                                std::optional<float> second_value = std::nullopt,
                                std::size_t second_count = 0) const {
    std::string data = auralis::test::float_sine(2, 44100, 44100, std::pow(10.0, kSineDbfs / 20.0));
    std::size_t index = 2000;
    for (std::size_t i = 0; i < count; ++i, index += 997) auralis::test::poke_float(data, index, value);
    for (std::size_t i = 0; i < second_count; ++i, index += 997) {
      auralis::test::poke_float(data, index, *second_value);
    }
    write_bytes(path,
                wav_bytes({.format_tag = 3, .channels = 2, .sample_rate = 44100, .bits = 32, .data = data}));
    return path;
  }

  // 1 s stereo float WAV of the sine with finite samples of 3e38 (+769.5 dBFS): 40 lone ones of each sign,
  // and a run of 256 frames at +3e38 in both channels, where any float sum or interpolation overflows.
  fs::path write_huge_wav(const fs::path& path) const {
    std::string data = auralis::test::float_sine(2, 44100, 44100, std::pow(10.0, kSineDbfs / 20.0));
    std::size_t index = 2000;
    for (std::size_t i = 0; i < 80; ++i, index += 997) {
      auralis::test::poke_float(data, index, i < 40 ? 3e38f : -3e38f);
    }
    for (std::size_t i = 2 * 30000; i < 2 * (30000 + 256); ++i) auralis::test::poke_float(data, i, 3e38f);
    write_bytes(path,
                wav_bytes({.format_tag = 3, .channels = 2, .sample_rate = 44100, .bits = 32, .data = data}));
    return path;
  }

  // Mounts a tmpfs of `size` at `folder`; nothing (with the reason) when that is not allowed here.
  std::optional<std::string> mount_tmpfs(const fs::path& folder, const std::string& size) {
    fs::create_directories(folder);
    if (::geteuid() != 0) return "not root: cannot mount a tmpfs";
    const std::string options = "size=" + size + ",mode=0777";
    if (::mount("tmpfs", folder.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
      return std::string("mount -t tmpfs failed: ") + std::strerror(errno);
    }
    mounts_.push_back(folder);
    return std::nullopt;
  }

  fs::path root_, in_, out_, capture_;
  std::vector<fs::path> watched_, mounts_;
  std::vector<std::vector<EntryState>> before_, after_;
};

// ---------------------------------------------------------------------------------------------------------
// Inputs to analyze

TEST_F(CliBadInput, AnalyzeMissingFile) {
  const fs::path missing = in_ / "no-such-file.wav";
  expect_failure(run({"analyze", missing}), kFileFailed, {missing});
}

TEST_F(CliBadInput, AnalyzeEmptyFile) {
  const fs::path empty = in_ / "empty.wav";
  write_bytes(empty, "");
  expect_failure(run({"analyze", empty}), kFileFailed, {empty});
}

TEST_F(CliBadInput, AnalyzeGarbageBytes) {
  const fs::path garbage = in_ / "garbage.wav";
  std::string bytes(8192, '\0');
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  for (char& c : bytes) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    c = static_cast<char>(state >> 56);
  }
  write_bytes(garbage, bytes);
  expect_failure(run({"analyze", garbage}), kFileFailed, {garbage});
}

TEST_F(CliBadInput, AnalyzeWavHeaderWithNoData) {
  const fs::path header_only = in_ / "header-only.wav";
  write_bytes(header_only, wav_bytes({.data = ""}));
  expect_failure(run({"analyze", header_only}), kFileFailed, {header_only});
}

TEST_F(CliBadInput, AnalyzeWavHeaderPromisingDataThatIsNotThere) {
  const fs::path promise = in_ / "promise.wav";
  write_bytes(promise, wav_bytes({.data = "", .declared_data_bytes = 176400}));
  expect_failure(run({"analyze", promise}), kFileFailed, {promise, "truncated"});
}

TEST_F(CliBadInput, AnalyzeWavTruncatedMidData) {
  const fs::path cut = in_ / "cut.wav";
  std::string data = auralis::test::pcm16_sine(2, 44100, 44100, 0.1);
  const auto promised = static_cast<std::uint32_t>(data.size());
  data.resize(data.size() / 2);
  write_bytes(cut, wav_bytes({.data = data, .declared_data_bytes = promised}));
  expect_failure(run({"analyze", cut}), kFileFailed, {cut, "truncated"});
}

TEST_F(CliBadInput, AnalyzeFlacTruncated) {
  const fs::path cut = write_noise(in_ / "cut.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 2.0);
  auralis::test::truncate_to_fraction(cut, 0.6);
  expect_failure(run({"analyze", cut}), kFileFailed, {cut, "truncated"});
}

TEST_F(CliBadInput, AnalyzeOggTruncated) {
  const fs::path cut = write_noise(in_ / "cut.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 2.0);
  auralis::test::truncate_to_fraction(cut, 0.6);
  expect_failure(run({"analyze", cut}), kFileFailed, {cut, "truncated"});
}

TEST_F(CliBadInput, AnalyzeNanSamplesGivesTheCount) {
  const fs::path nan = write_float_wav_with(in_ / "nan.wav", std::numeric_limits<float>::quiet_NaN(), 17);
  expect_failure(run({"analyze", nan}), kFileFailed, {nan, "17 ", "NaN"});
}

TEST_F(CliBadInput, AnalyzeInfSamplesGivesTheCount) {
  const fs::path inf = write_float_wav_with(in_ / "inf.wav", std::numeric_limits<float>::infinity(), 5,
                                            -std::numeric_limits<float>::infinity(), 2);
  expect_failure(run({"analyze", inf}), kFileFailed, {inf, "7 ", "Inf"});
}

// Whether `word` stands in `text` on its own (not inside a longer word such as "info"). Not std::regex:
// GCC 12 warns falsely inside it under the sanitizers, and warnings are errors.
bool has_word(const std::string& text, const std::string& word) {
  const auto is_word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !is_word_char(text[at - 1]);
    const std::size_t end = at + word.size();
    if (starts && (end == text.size() || !is_word_char(text[end]))) return true;
  }
  return false;
}

// 3e38 is finite but +769.5 dBFS: measured and reported as numbers, or refused naming the file; never a
// crash, never "inf"/"nan" printed as a measurement, never a claim of NaN/Inf samples the file does not hold.
TEST_F(CliBadInput, AnalyzeHugeFiniteSamplesSucceedsOrFailsClearly) {
  const fs::path huge = write_huge_wav(in_ / "huge.wav");
  const RunResult text = run({"analyze", huge});
  ASSERT_TRUE(text.exited()) << text.describe();
  if (text.exit_code == kFileFailed) {
    expect_failure(text, kFileFailed, {huge});
    EXPECT_FALSE(contains(text.err, "NaN")) << "the file holds no NaN/Inf sample\n" << text.describe();
  } else {
    ASSERT_EQ(text.exit_code, kOk) << text.describe();
    expect_folders_unchanged();
    const std::string report = lower(text.out.substr(text.out.find('\n') + 1));  // without the path line
    EXPECT_FALSE(has_word(report, "inf") || has_word(report, "nan")) << text.out;
  }
  const RunResult json = run({"analyze", "--json", huge});
  ASSERT_TRUE(json.exited()) << json.describe();
  ASSERT_EQ(json.exit_code, text.exit_code) << json.describe();
  if (json.exit_code != kOk) return;
  const nlohmann::json doc = nlohmann::json::parse(json.out);
  ASSERT_EQ(doc["files"].size(), 1u);
  const auto& loudness = doc["files"][0]["loudness"];
  ASSERT_TRUE(loudness["sample_peak_dbfs"].is_number()) << doc.dump(2);
  EXPECT_NEAR(loudness["sample_peak_dbfs"].get<double>(), 20.0 * std::log10(3e38), 0.5) << doc.dump(2);
  if (!loudness["true_peak_dbtp"].is_null()) {
    EXPECT_GE(loudness["true_peak_dbtp"].get<double>(), 20.0 * std::log10(3e38) - 0.5) << doc.dump(2);
  }
}

TEST_F(CliBadInput, AnalyzeSilenceHasNoMeasurableLoudness) {
  const fs::path quiet = write_silence(in_ / "silence.wav", 1.0);
  const RunResult r = run({"analyze", quiet});
  ASSERT_TRUE(r.exited()) << r.describe();
  EXPECT_EQ(r.exit_code, kOk) << r.describe();
  EXPECT_TRUE(contains(r.out, "no measurable loudness")) << r.out;
  expect_folders_unchanged();
}

TEST_F(CliBadInput, AnalyzeTenthOfASecond) {
  const fs::path tiny = write_sine(in_ / "tiny.wav", 2, 44100, 0.1);
  const RunResult r = run({"analyze", "--json", tiny});
  ASSERT_TRUE(r.exited()) << r.describe();
  ASSERT_EQ(r.exit_code, kOk) << r.describe();
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  const auto& file = doc["files"][0];
  EXPECT_EQ(file["format"]["frames"], 4410);
  EXPECT_FALSE(file["loudness"]["measurable"].get<bool>()) << "shorter than one 400 ms block";
  EXPECT_NEAR(file["loudness"]["sample_peak_dbfs"].get<double>(), kSineDbfs, 0.05);
  expect_folders_unchanged();
}

TEST_F(CliBadInput, AnalyzeFolderGivenAsInput) {
  const fs::path folder = in_ / "folder.wav";
  fs::create_directory(folder);
  expect_failure(run({"analyze", folder}), kFileFailed, {folder});
}

// `cat FILE | auralis analyze /dev/stdin`; TMPDIR points into a watched folder, which must stay empty.
class CliBadInputPipe : public CliBadInput, public ::testing::WithParamInterface<int> {};

TEST_P(CliBadInputPipe, AnalyzeFromStdinPipe) {
  const bool flac = GetParam() == (SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
  const fs::path file = write_sine(in_ / (flac ? "in.flac" : "in.wav"), 2, 48000, 2.0, GetParam());
  const fs::path tmp = root_ / "tmp";
  fs::create_directories(tmp);
  watched_.push_back(tmp);
  RunOptions options;
  options.set_env = {"TMPDIR=" + tmp.string()};
  before_ = snapshots();
  const RunResult r = auralis::test::run_program(
      {"/bin/sh", "-c", "cat \"$1\" | \"$0\" analyze --json /dev/stdin", auralis::test::auralis_cli(), file},
      capture_, options);
  after_ = snapshots();
  ASSERT_TRUE(r.exited()) << r.describe();
  ASSERT_EQ(r.exit_code, kOk) << r.describe();
  expect_folders_unchanged();
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["files"].size(), 1u);
  const auto& entry = doc["files"][0];
  EXPECT_EQ(entry["format"]["container"], flac ? "FLAC" : "WAV");
  EXPECT_EQ(entry["format"]["frames"], 96000);
  ASSERT_TRUE(entry["loudness"]["integrated_lufs"].is_number()) << doc.dump(2);
  EXPECT_NEAR(entry["loudness"]["integrated_lufs"].get<double>(), kSineDbfs, 0.2);
}

INSTANTIATE_TEST_SUITE_P(CliBadInput, CliBadInputPipe,
                         ::testing::Values(SF_FORMAT_WAV | SF_FORMAT_PCM_16,
                                           SF_FORMAT_FLAC | SF_FORMAT_PCM_24),
                         [](const ::testing::TestParamInfo<int>& param_info) {
                           return (param_info.param & SF_FORMAT_TYPEMASK) == SF_FORMAT_FLAC
                                      ? std::string("Flac")
                                      : std::string("Wav");
                         });

TEST_F(CliBadInput, AnalyzeJsonWithANameThatIsNotUtf8) {
  const fs::path odd = in_ / std::string("\xff\xfe.wav");
  const fs::path good = write_sine(in_ / "good.wav");
  write_sine(odd);
  const RunResult r = run({"analyze", "--json", odd, good});
  ASSERT_TRUE(r.exited()) << r.describe();
  ASSERT_EQ(r.exit_code, kOk) << r.describe();
  expect_folders_unchanged();
  const nlohmann::json doc = nlohmann::json::parse(r.out);  // one valid (UTF-8) JSON document
  ASSERT_EQ(doc["files"].size(), 2u) << r.out;
  const auto& first = doc["files"][0];
  ASSERT_TRUE(first["path"].is_string());
  EXPECT_TRUE(contains(first["path"].get<std::string>(), ".wav")) << first["path"].dump();
  EXPECT_TRUE(first["error"].is_null()) << first.dump(2);
  EXPECT_EQ(doc["files"][1]["path"], good.string());
  for (const auto& file : doc["files"]) {
    ASSERT_TRUE(file["loudness"]["integrated_lufs"].is_number()) << file.dump(2);
    EXPECT_NEAR(file["loudness"]["integrated_lufs"].get<double>(), kSineDbfs, 0.2);
  }
}

TEST_F(CliBadInput, AnalyzeJsonMissingFileAmongGoodOnes) {
  const fs::path first = write_sine(in_ / "first.wav");
  const fs::path missing = in_ / "missing.wav";
  const fs::path last = write_sine(in_ / "last.flac", 2, 44100, 1.0, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
  const RunResult r = run({"analyze", "--json", first, missing, last});
  expect_failure(r, kFileFailed, {missing});
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["files"].size(), 3u) << r.out;
  EXPECT_EQ(doc["files"][1]["path"], missing.string());
  EXPECT_TRUE(doc["files"][1]["error"].is_object()) << doc.dump(2);
  EXPECT_EQ(doc["files"][1]["error"]["code"], "file_not_found");
  for (const int i : {0, 2}) {
    const auto& file = doc["files"][static_cast<std::size_t>(i)];
    EXPECT_TRUE(file["error"].is_null()) << file.dump(2);
    ASSERT_TRUE(file["loudness"]["integrated_lufs"].is_number()) << file.dump(2);
    EXPECT_NEAR(file["loudness"]["integrated_lufs"].get<double>(), kSineDbfs, 0.2);
  }
}

// Decoding streams: a long multichannel file is measured in bounded memory. (Peak RSS, never time.)
TEST_F(CliBadInput, AnalyzeLongEightChannel96kFlacInBoundedMemory) {
  const fs::path long_flac = in_ / "long-8ch-96k.flac";
  auralis::test::write_silence_with_sndfile(long_flac, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 8, 96000,
                                            std::uint64_t{96000} * 300);
  RunOptions options;
  options.timeout_ms = 120000;
  const RunResult r = run({"analyze", long_flac}, options);
  ASSERT_TRUE(r.exited()) << r.describe();
  EXPECT_EQ(r.exit_code, kOk) << r.describe();
  EXPECT_TRUE(contains(r.out, "no measurable loudness")) << r.out;
  expect_folders_unchanged();
  // The whole track as float would be 5 min * 96000 * 8 * 4 bytes = 922 MB.
  EXPECT_LT(r.max_rss_kib, 100 * 1024) << "peak RSS " << r.max_rss_kib / 1024 << " MiB";
}

// Stdout is a pipe whose reader has gone: the run ends (SIGPIPE or exit 1) without leaving anything.
TEST_F(CliBadInput, AnalyzeStdoutToAClosedPipe) {
  const fs::path a = write_sine(in_ / "a.wav");
  const fs::path b = write_sine(in_ / "b.flac", 2, 44100, 1.0, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
  const fs::path c = write_sine(in_ / "c.wav", 1, 48000);
  for (const bool json : {false, true}) {
    SCOPED_TRACE(json ? "--json" : "text");
    int fds[2];
    ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    ::close(fds[0]);
    RunOptions options;
    options.stdout_fd = fds[1];
    std::vector<std::string> args{"analyze"};
    if (json) args.emplace_back("--json");
    for (const fs::path& p : {a, b, c}) args.push_back(p);
    const RunResult r = run(args, options);
    ::close(fds[1]);
    EXPECT_FALSE(r.timed_out) << r.describe();
    EXPECT_TRUE(r.signal == SIGPIPE || r.exit_code == kFileFailed) << r.describe();
    expect_folders_unchanged();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Channel counts and sample rates, for both commands

enum class Command { analyze, master };

struct ShapeCase {
  const char* name;
  Command command;
  int channels;
  int sample_rate;
  bool valid;
  const char* complaint;  ///< What stderr says when refused.
};

void PrintTo(const ShapeCase& c, std::ostream* os) {
  *os << c.name;
}

class CliBadInputShapes : public CliBadInput, public ::testing::WithParamInterface<ShapeCase> {};

TEST_P(CliBadInputShapes, AcceptsOrRefuses) {
  const ShapeCase& c = GetParam();
  // Raw bytes, since neither write_audio nor AudioBuffer makes what is out of range: 16-bit PCM, 0.5 s.
  const auto frames = static_cast<std::size_t>(c.sample_rate / 2);
  const auto channels = static_cast<std::uint16_t>(c.channels);
  const auto rate = static_cast<std::uint32_t>(c.sample_rate);
  const fs::path in = in_ / "in.wav";
  write_bytes(in, wav_bytes({.format_tag = 1,
                             .channels = channels,
                             .sample_rate = rate,
                             .bits = 16,
                             .data = auralis::test::pcm16_sine(channels, rate, frames, 0.3)}));
  const fs::path out = out_ / "out.wav";
  if (c.command == Command::analyze) {
    const RunResult r = run({"analyze", "--json", in});
    if (!c.valid) {
      expect_failure(r, kFileFailed, {in, c.complaint});
      return;
    }
    ASSERT_TRUE(r.exited()) << r.describe();
    ASSERT_EQ(r.exit_code, kOk) << r.describe();
    expect_folders_unchanged();
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["files"][0]["format"]["channels"], c.channels);
    EXPECT_EQ(doc["files"][0]["format"]["sample_rate_hz"], c.sample_rate);
    EXPECT_EQ(doc["files"][0]["format"]["frames"], frames);
    return;
  }
  const RunResult r = run({"master", in, out, "--quiet"});
  if (!c.valid) {
    expect_failure(r, kFileFailed, {in, c.complaint});
    return;
  }
  expect_success_adding(r, {"out.wav"});
  expect_sane_audio(out, c.channels, c.sample_rate, static_cast<std::int64_t>(frames));
}

INSTANTIATE_TEST_SUITE_P(
    CliBadInput, CliBadInputShapes,
    ::testing::Values(ShapeCase{"AnalyzeMono", Command::analyze, 1, 44100, true, ""},
                      ShapeCase{"AnalyzeStereo", Command::analyze, 2, 44100, true, ""},
                      ShapeCase{"AnalyzeEightChannels", Command::analyze, 8, 44100, true, ""},
                      ShapeCase{"Analyze33Channels", Command::analyze, 33, 44100, false, "channel"},
                      ShapeCase{"Analyze7999Hz", Command::analyze, 2, 7999, false, "7999"},
                      ShapeCase{"Analyze8000Hz", Command::analyze, 2, 8000, true, ""},
                      ShapeCase{"Analyze768000Hz", Command::analyze, 2, 768000, true, ""},
                      ShapeCase{"Analyze800000Hz", Command::analyze, 2, 800000, false, "800000"},
                      ShapeCase{"MasterMono", Command::master, 1, 44100, true, ""},
                      ShapeCase{"MasterStereo", Command::master, 2, 44100, true, ""},
                      ShapeCase{"MasterEightChannels", Command::master, 8, 44100, true, ""},
                      ShapeCase{"Master33Channels", Command::master, 33, 44100, false, "channel"},
                      ShapeCase{"Master7999Hz", Command::master, 2, 7999, false, "7999"},
                      ShapeCase{"Master8000Hz", Command::master, 2, 8000, true, ""},
                      ShapeCase{"Master768000Hz", Command::master, 2, 768000, true, ""},
                      ShapeCase{"Master800000Hz", Command::master, 2, 800000, false, "800000"}),
    [](const ::testing::TestParamInfo<ShapeCase>& param_info) { return std::string(param_info.param.name); });

// ---------------------------------------------------------------------------------------------------------
// Every encoding libsndfile writes that auralis reads, for both commands

struct EncodingCase {
  const char* name;
  int format;
  const char* extension;
  const char* container;
  const char* encoding;
};

void PrintTo(const EncodingCase& c, std::ostream* os) {
  *os << c.name;
}

class CliBadInputEncodings : public CliBadInput, public ::testing::WithParamInterface<EncodingCase> {
 protected:
  fs::path write_input() const {
    const EncodingCase& c = GetParam();
    return write_sine(in_ / (std::string("in.") + c.extension), 2, 44100, 1.0, c.format);
  }
};

TEST_P(CliBadInputEncodings, Analyze) {
  const EncodingCase& c = GetParam();
  const fs::path in = write_input();
  const RunResult r = run({"analyze", "--json", in});
  ASSERT_TRUE(r.exited()) << r.describe();
  ASSERT_EQ(r.exit_code, kOk) << r.describe();
  expect_folders_unchanged();
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  const auto& file = doc["files"][0];
  EXPECT_EQ(file["format"]["container"], c.container);
  EXPECT_EQ(file["format"]["encoding"], c.encoding);
  EXPECT_EQ(file["format"]["channels"], 2);
  EXPECT_EQ(file["format"]["sample_rate_hz"], 44100);
  ASSERT_TRUE(file["loudness"]["integrated_lufs"].is_number()) << file.dump(2);
  EXPECT_NEAR(file["loudness"]["integrated_lufs"].get<double>(), kSineDbfs, 0.5);
}

TEST_P(CliBadInputEncodings, Master) {
  const fs::path in = write_input();
  const auto decoded = auralis::test::read_with_sndfile(in);
  ASSERT_TRUE(decoded.has_value());
  const fs::path out = out_ / "out.wav";
  const RunResult r = run({"master", in, out, "--quiet"});
  expect_success_adding(r, {"out.wav"});
  expect_sane_audio(out, 2, 44100, decoded->frames);
}

INSTANTIATE_TEST_SUITE_P(
    CliBadInput, CliBadInputEncodings,
    ::testing::Values(EncodingCase{"WavPcmU8", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, "wav", "WAV", "PCM_U8"},
                      EncodingCase{"WavPcm16", SF_FORMAT_WAV | SF_FORMAT_PCM_16, "wav", "WAV", "PCM_16"},
                      EncodingCase{"WavPcm24", SF_FORMAT_WAV | SF_FORMAT_PCM_24, "wav", "WAV", "PCM_24"},
                      EncodingCase{"WavPcm32", SF_FORMAT_WAV | SF_FORMAT_PCM_32, "wav", "WAV", "PCM_32"},
                      EncodingCase{"WavFloat", SF_FORMAT_WAV | SF_FORMAT_FLOAT, "wav", "WAV", "FLOAT"},
                      EncodingCase{"WavDouble", SF_FORMAT_WAV | SF_FORMAT_DOUBLE, "wav", "WAV", "DOUBLE"},
                      EncodingCase{"WavUlaw", SF_FORMAT_WAV | SF_FORMAT_ULAW, "wav", "WAV", "ULAW"},
                      EncodingCase{"WavAlaw", SF_FORMAT_WAV | SF_FORMAT_ALAW, "wav", "WAV", "ALAW"},
                      EncodingCase{"AiffPcm16", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, "aiff", "AIFF", "PCM_16"},
                      EncodingCase{"Flac16", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, "flac", "FLAC", "PCM_16"},
                      EncodingCase{"Flac24", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, "flac", "FLAC", "PCM_24"},
                      EncodingCase{"OggVorbis", SF_FORMAT_OGG | SF_FORMAT_VORBIS, "ogg", "OGG", "VORBIS"}),
    [](const ::testing::TestParamInfo<EncodingCase>& param_info) {
      return std::string(param_info.param.name);
    });

// ---------------------------------------------------------------------------------------------------------
// Inputs to master

TEST_F(CliBadInput, MasterMissingInput) {
  const fs::path missing = in_ / "no-such-input.wav";
  expect_failure(run({"master", missing, out_ / "out.wav"}), kFileFailed, {missing});
}

TEST_F(CliBadInput, MasterEmptyInput) {
  const fs::path empty = in_ / "empty.wav";
  write_bytes(empty, "");
  expect_failure(run({"master", empty, out_ / "out.wav"}), kFileFailed, {empty});
}

TEST_F(CliBadInput, MasterGarbageInput) {
  const fs::path garbage = in_ / "garbage.flac";
  write_bytes(garbage, std::string("fLaC") + std::string(4000, '\x5a'));
  expect_failure(run({"master", garbage, out_ / "out.wav"}), kFileFailed, {garbage});
}

TEST_F(CliBadInput, MasterWavHeaderWithNoData) {
  const fs::path header_only = in_ / "header-only.wav";
  write_bytes(header_only, wav_bytes({.data = ""}));
  expect_failure(run({"master", header_only, out_ / "out.wav"}), kFileFailed, {header_only});
}

TEST_F(CliBadInput, MasterWavTruncatedMidData) {
  const fs::path cut = in_ / "cut.wav";
  std::string data = auralis::test::pcm16_sine(2, 44100, 88200, 0.1);
  const auto promised = static_cast<std::uint32_t>(data.size());
  data.resize(data.size() / 3);
  write_bytes(cut, wav_bytes({.data = data, .declared_data_bytes = promised}));
  expect_failure(run({"master", cut, out_ / "out.wav"}), kFileFailed, {cut, "truncated"});
}

TEST_F(CliBadInput, MasterFlacTruncated) {
  const fs::path cut = write_noise(in_ / "cut.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 2.0);
  auralis::test::truncate_to_fraction(cut, 0.5);
  expect_failure(run({"master", cut, out_ / "out.flac"}), kFileFailed, {cut, "truncated"});
}

TEST_F(CliBadInput, MasterOggTruncated) {
  const fs::path cut = write_noise(in_ / "cut.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 2.0);
  auralis::test::truncate_to_fraction(cut, 0.5);
  expect_failure(run({"master", cut, out_ / "out.wav"}), kFileFailed, {cut, "truncated"});
}

TEST_F(CliBadInput, MasterNanSamplesGivesTheCount) {
  const fs::path nan = write_float_wav_with(in_ / "nan.wav", std::numeric_limits<float>::quiet_NaN(), 3);
  expect_failure(run({"master", nan, out_ / "out.wav"}), kFileFailed, {nan, "3 ", "NaN"});
}

TEST_F(CliBadInput, MasterInfSamplesGivesTheCount) {
  const fs::path inf = write_float_wav_with(in_ / "inf.wav", -std::numeric_limits<float>::infinity(), 11);
  expect_failure(run({"master", inf, out_ / "out.wav"}), kFileFailed, {inf, "11 ", "Inf"});
}

// 3e38 is finite but +769.5 dBFS: mastered with a warning about clamping, or refused naming the input;
// never a crash. (Not --quiet: that silences warnings.)
TEST_F(CliBadInput, MasterHugeFiniteSamplesWarnsOrFailsClearly) {
  const fs::path huge = write_huge_wav(in_ / "huge.wav");
  const fs::path out = out_ / "out.wav";
  const RunResult r = run({"master", huge, out});
  ASSERT_TRUE(r.exited()) << r.describe();
  if (r.exit_code == kFileFailed) {
    expect_failure(r, kFileFailed, {huge});
    EXPECT_FALSE(contains(r.err, "NaN")) << "the file holds no NaN/Inf sample\n" << r.describe();
    return;
  }
  expect_success_adding(r, {"out.wav"});
  EXPECT_TRUE(contains(lower(r.err + r.out), "warning")) << "no warning about clamping\n" << r.describe();
  expect_sane_audio(out, 2, 44100, 44100);
}

// The report's warnings name the input, whose name may be any bytes: the report is still valid JSON (the
// invalid bytes replaced), and written with the audio rather than failing after it.
TEST_F(CliBadInput, MasterJsonReportWithAnInputNameThatIsNotUtf8) {
  const fs::path odd = write_huge_wav(in_ / std::string("\xff\xfe-huge.wav"));
  const RunResult r = run({"master", odd, out_ / "out.wav", "--json", out_ / "report.json", "--quiet"});
  expect_success_adding(r, {"out.wav", "report.json"});
  const nlohmann::json doc = nlohmann::json::parse(auralis::test::read_file(out_ / "report.json"));
  ASSERT_TRUE(doc["warnings"].is_array()) << doc.dump(2);
  bool names_the_input = false;
  for (const auto& w : doc["warnings"])
    names_the_input |= contains(w.get<std::string>(), "\xef\xbf\xbd\xef\xbf\xbd-huge.wav");
  EXPECT_TRUE(names_the_input) << doc["warnings"].dump(2);
}

TEST_F(CliBadInput, MasterSilenceStaysSilent) {
  const fs::path quiet = write_silence(in_ / "silence.wav", 2.0);
  const fs::path out = out_ / "out.wav";
  const RunResult r = run({"master", quiet, out, "--quiet"});
  expect_success_adding(r, {"out.wav"});
  expect_sane_audio(out, 2, 44100, 88200);
  const auto audio = auralis::test::read_with_sndfile(out);
  ASSERT_TRUE(audio.has_value());
  float peak = 0.0f;
  for (const float x : audio->samples) peak = std::max(peak, std::abs(x));
  EXPECT_LE(peak, 1e-5f) << "silence came out at " << 20.0 * std::log10(peak) << " dBFS";
}

TEST_F(CliBadInput, MasterTenthOfASecond) {
  const fs::path tiny = write_sine(in_ / "tiny.wav", 2, 44100, 0.1);
  const fs::path out = out_ / "out.wav";
  const RunResult r = run({"master", tiny, out, "--quiet"});
  expect_success_adding(r, {"out.wav"});
  expect_sane_audio(out, 2, 44100, 4410);
}

TEST_F(CliBadInput, MasterFolderGivenAsInput) {
  const fs::path folder = in_ / "folder.wav";
  fs::create_directory(folder);
  expect_failure(run({"master", folder, out_ / "out.wav"}), kFileFailed, {folder});
}

// ---------------------------------------------------------------------------------------------------------
// Outputs of master

TEST_F(CliBadInput, OutIsTheInput) {
  const fs::path in = write_sine(in_ / "in.wav");
  expect_failure(run({"master", in, in}), kFileFailed, {in});
}

TEST_F(CliBadInput, OutIsTheInputSpelledDifferently) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path spelled = root_ / "out" / ".." / "in" / "." / "in.wav";
  expect_failure(run({"master", in, spelled}), kFileFailed, {spelled});
}

TEST_F(CliBadInput, OutIsAHardLinkToTheInput) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path link = out_ / "link.wav";
  fs::create_hard_link(in, link);
  expect_failure(run({"master", in, link}), kFileFailed, {link});
}

TEST_F(CliBadInput, OutIsASymlinkToTheInput) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path link = out_ / "link.wav";
  fs::create_symlink(in, link);
  expect_failure(run({"master", in, link}), kFileFailed, {link});
}

TEST_F(CliBadInput, OutIsAFolder) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path folder = out_ / "out.wav";
  fs::create_directory(folder);
  expect_failure(run({"master", in, folder}), kFileFailed, {folder});
}

TEST_F(CliBadInput, OutInAFolderThatDoesNotExist) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path out = out_ / "no-such-folder" / "out.wav";
  expect_failure(run({"master", in, out}), kFileFailed, {out_ / "no-such-folder"});
}

TEST_F(CliBadInput, OutInAReadOnlyFolder) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root, which writes into read-only folders anyway";
  const fs::path in = write_sine(in_ / "in.wav");
  fs::permissions(out_, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                  fs::perm_options::remove);
  const fs::path out = out_ / "out.wav";
  expect_failure(run({"master", in, out}), kFileFailed, {out_});
}

TEST_F(CliBadInput, OutIsAFifo) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path fifo = out_ / "out.wav";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0) << std::strerror(errno);
  RunOptions options;
  options.timeout_ms = 20000;  // opening a FIFO for writing would block: that is a failure, not a hang
  expect_failure(run({"master", in, fifo}, options), kFileFailed, {fifo});
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
}

TEST_F(CliBadInput, OutIsACharacterDevice) {
  if (::geteuid() != 0) GTEST_SKIP() << "making a device node (mknod) needs root";
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path device = out_ / "null.wav";
  if (::mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod c 1 3 refused here: " << std::strerror(errno);
  }
  expect_failure(run({"master", in, device}), kFileFailed, {device});
  EXPECT_TRUE(fs::is_character_file(fs::symlink_status(device)));
}

TEST_F(CliBadInput, OutWithTheM4aExtension) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path out = out_ / "out.m4a";
  expect_failure(run({"master", in, out}), kFileFailed, {out});
}

TEST_F(CliBadInput, OutWithTheTxtExtension) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path out = out_ / "out.txt";
  expect_failure(run({"master", in, out}), kFileFailed, {out});
}

TEST_F(CliBadInput, JsonReportIsTheInput) {
  const fs::path in = write_sine(in_ / "in.wav");
  expect_failure(run({"master", in, out_ / "out.wav", "--json", in}), kFileFailed, {in});
}

TEST_F(CliBadInput, JsonReportIsTheReference) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path ref = write_sine(in_ / "ref.wav", 2, 48000, 2.0);
  expect_failure(run({"master", in, out_ / "out.wav", "--reference", ref, "--json", ref}), kFileFailed,
                 {ref});
}

TEST_F(CliBadInput, JsonReportIsTheOutput) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path out = out_ / "out.wav";
  expect_failure(run({"master", in, out, "--json", out}), kFileFailed, {out});
}

TEST_F(CliBadInput, JsonReportIsAFolder) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path folder = out_ / "report.json";
  fs::create_directory(folder);
  expect_failure(run({"master", in, out_ / "out.wav", "--json", folder}), kFileFailed, {folder});
}

TEST_F(CliBadInput, JsonReportIsAFifo) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path fifo = out_ / "report.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0) << std::strerror(errno);
  RunOptions options;
  options.timeout_ms = 20000;
  expect_failure(run({"master", in, out_ / "out.wav", "--json", fifo}, options), kFileFailed, {fifo});
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
}

TEST_F(CliBadInput, ReferenceIsTheOutput) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path ref = write_sine(out_ / "ref.wav", 2, 48000, 2.0);
  expect_failure(run({"master", in, ref, "--reference", ref}), kFileFailed, {ref});
}

TEST_F(CliBadInput, SilentReference) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path ref = write_silence(in_ / "silence.wav", 2.0);
  expect_failure(run({"master", in, out_ / "out.wav", "--reference", ref}), kFileFailed,
                 {ref, "no measurable loudness"});
}

TEST_F(CliBadInput, ReferenceShorterThan400ms) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path ref = write_sine(in_ / "short.wav", 2, 44100, 0.3);
  expect_failure(run({"master", in, out_ / "out.wav", "--reference", ref}), kFileFailed,
                 {ref, "no measurable loudness"});
}

// ---------------------------------------------------------------------------------------------------------
// A full disk

TEST_F(CliBadInput, FullDiskOutputLeavesNothing) {
  const fs::path full = root_ / "full";
  if (const auto why = mount_tmpfs(full, "1m")) GTEST_SKIP() << *why;
  watched_.push_back(full);
  // 10 s of stereo noise: 2.6 MB as 24-bit WAV, which a 1 MiB file system cannot hold.
  const fs::path in = write_noise(in_ / "in.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 10.0);
  const fs::path out = full / "out.wav";
  const RunResult r = run({"master", in, out, "--quiet"});
  expect_failure(r, kFileFailed, {out});
  EXPECT_TRUE(contains(lower(r.err), "no space")) << r.describe();
  EXPECT_TRUE(fs::is_empty(full)) << describe(snapshot(full));
}

TEST_F(CliBadInput, FullDiskReportLeavesNeitherOutputNorReport) {
  const fs::path full = root_ / "full";
  if (const auto why = mount_tmpfs(full, "1m")) GTEST_SKIP() << *why;
  // Fill it: the report's folder has room for a name, none for bytes.
  {
    const int fd = ::open((full / "filler").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    const std::string block(65536, 'x');
    while (::write(fd, block.data(), block.size()) > 0) {
    }
    ::close(fd);
  }
  watched_.push_back(full);
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path report = full / "report.json";
  const RunResult r = run({"master", in, out_ / "out.wav", "--json", report, "--quiet"});
  expect_failure(r, kFileFailed, {report});
  EXPECT_TRUE(contains(lower(r.err), "no space")) << r.describe();
  EXPECT_FALSE(fs::exists(out_ / "out.wav"));
  EXPECT_FALSE(fs::exists(report));
}

// ---------------------------------------------------------------------------------------------------------
// Plan files

class CliBadInputPlanFile : public CliBadInput {
 protected:
  // Runs `master IN OUT --plan-file F` on a valid 1 s input.
  RunResult master_with_plan(const fs::path& plan, const RunOptions& options = {}) {
    const fs::path in = write_sine(in_ / "in.wav");
    return run({"master", in, out_ / "out.wav", "--plan-file", plan, "--quiet"}, options);
  }
  fs::path write_plan(const std::string& text) {
    const fs::path plan = in_ / "plan.json";
    write_bytes(plan, text);
    return plan;
  }
};

TEST_F(CliBadInputPlanFile, Missing) {
  const fs::path plan = in_ / "no-such-plan.json";
  expect_failure(master_with_plan(plan), kFileFailed, {plan});
}

TEST_F(CliBadInputPlanFile, IsAFolder) {
  const fs::path plan = in_ / "plan.json";
  fs::create_directory(plan);
  expect_failure(master_with_plan(plan), kFileFailed, {plan});
}

TEST_F(CliBadInputPlanFile, IsDevZero) {
  RunOptions options;
  options.timeout_ms = 30000;
  options.address_space_limit = std::uint64_t{4} << 30;  // reading without a bound must not eat the machine
  expect_failure(master_with_plan("/dev/zero", options), kFileFailed, {"/dev/zero", "larger than"});
}

TEST_F(CliBadInputPlanFile, Empty) {
  const fs::path plan = write_plan("");
  expect_failure(master_with_plan(plan), kFileFailed, {plan});
}

TEST_F(CliBadInputPlanFile, NotJson) {
  const fs::path plan = write_plan("target_lufs = -14\n[limiter]\nceiling = -1\n");
  expect_failure(master_with_plan(plan), kFileFailed, {plan});
}

TEST_F(CliBadInputPlanFile, UnknownKeySuggestsTheRightOne) {
  const fs::path plan = write_plan(R"({"limiter": {"enabled": true, "ceilng_dbtp": -1.5}})");
  expect_failure(master_with_plan(plan), kFileFailed, {plan, "ceilng_dbtp", "ceiling_dbtp"});
}

TEST_F(CliBadInputPlanFile, DuplicateKey) {
  const fs::path plan = write_plan(R"({"target_lufs": -14.0, "target_lufs": -16.0})");
  expect_failure(master_with_plan(plan), kFileFailed, {plan, "target_lufs"});
}

TEST_F(CliBadInputPlanFile, ValueOutOfRange) {
  const fs::path plan = write_plan(R"({"limiter": {"enabled": true, "ceiling_dbtp": 3.0}})");
  expect_failure(master_with_plan(plan), kFileFailed, {plan, "ceiling_dbtp"});
}

TEST_F(CliBadInputPlanFile, Valid) {
  const fs::path plan = write_plan(
      R"({"target_lufs": -18.0, "limiter": {"enabled": true, "ceiling_dbtp": -2.0}, "amounts": {"loudness": 1.0}})");
  const RunResult r = master_with_plan(plan);
  expect_success_adding(r, {"out.wav"});
  expect_sane_audio(out_ / "out.wav", 2, 44100, 44100);
}

TEST_F(CliBadInputPlanFile, WithPresetIsAUsageError) {
  const fs::path plan = write_plan(R"({"target_lufs": -18.0})");
  const fs::path in = write_sine(in_ / "in.wav");
  expect_failure(run({"master", in, out_ / "out.wav", "--plan-file", plan, "--preset", "warm"}), kUsage,
                 {"--plan-file", "--preset"});
}

// ---------------------------------------------------------------------------------------------------------
// Options: usage errors (exit 2) that name the option and touch nothing

struct OptionCase {
  const char* name;
  std::vector<std::string> args;  ///< {IN}, {OUT} and {REF} stand for the files.
  std::vector<std::string> named;
};

void PrintTo(const OptionCase& c, std::ostream* os) {
  *os << c.name;
}

class CliBadInputOptions : public CliBadInput, public ::testing::WithParamInterface<OptionCase> {};

TEST_P(CliBadInputOptions, UsageError) {
  const fs::path in = write_sine(in_ / "in.wav");
  const fs::path ref = write_sine(in_ / "ref.wav", 2, 48000, 2.0);
  std::vector<std::string> args;
  for (const std::string& arg : GetParam().args) {
    if (arg == "{IN}") {
      args.push_back(in);
    } else if (arg == "{OUT}") {
      args.push_back(out_ / "out.wav");
    } else if (arg == "{REF}") {
      args.push_back(ref);
    } else {
      args.push_back(arg);
    }
  }
  expect_failure(run(args), kUsage, GetParam().named);
}

INSTANTIATE_TEST_SUITE_P(
    CliBadInput, CliBadInputOptions,
    ::testing::Values(
        OptionCase{"MasterUnknownOption", {"master", "{IN}", "{OUT}", "--bogus"}, {"--bogus"}},
        OptionCase{"MasterMissingValue", {"master", "{IN}", "{OUT}", "--target-lufs"}, {"--target-lufs"}},
        OptionCase{"MasterTargetNotANumber",
                   {"master", "{IN}", "{OUT}", "--target-lufs", "loud"},
                   {"--target-lufs"}},
        OptionCase{"MasterTargetNaN", {"master", "{IN}", "{OUT}", "--target-lufs", "nan"}, {"--target-lufs"}},
        OptionCase{
            "MasterTargetAboveZero", {"master", "{IN}", "{OUT}", "--target-lufs", "5"}, {"--target-lufs"}},
        OptionCase{
            "MasterTargetTooLow", {"master", "{IN}", "{OUT}", "--target-lufs", "-200"}, {"--target-lufs"}},
        OptionCase{
            "MasterCeilingNotANumber", {"master", "{IN}", "{OUT}", "--ceiling", "-1dB"}, {"--ceiling"}},
        OptionCase{"MasterCeilingAboveZero", {"master", "{IN}", "{OUT}", "--ceiling", "3"}, {"--ceiling"}},
        OptionCase{"MasterCeilingInfinite", {"master", "{IN}", "{OUT}", "--ceiling", "-inf"}, {"--ceiling"}},
        OptionCase{
            "MasterThreadsNotANumber", {"master", "{IN}", "{OUT}", "--threads", "many"}, {"--threads"}},
        OptionCase{"MasterThreadsZero", {"master", "{IN}", "{OUT}", "--threads", "0"}, {"--threads"}},
        OptionCase{"MasterThreadsFraction", {"master", "{IN}", "{OUT}", "--threads", "1.5"}, {"--threads"}},
        OptionCase{
            "MasterThreadsHuge", {"master", "{IN}", "{OUT}", "--threads", "99999999999"}, {"--threads"}},
        OptionCase{"MasterEqNotANumber", {"master", "{IN}", "{OUT}", "--eq", "lots"}, {"--eq"}},
        OptionCase{"MasterEqAbove100", {"master", "{IN}", "{OUT}", "--eq", "150"}, {"--eq"}},
        OptionCase{"MasterEqNegative", {"master", "{IN}", "{OUT}", "--eq", "-5"}, {"--eq"}},
        OptionCase{"MasterMatchAmountAbove100",
                   {"master", "{IN}", "{OUT}", "--reference", "{REF}", "--match-amount", "150"},
                   {"--match-amount"}},
        OptionCase{"MasterPresetWithReference",
                   {"master", "{IN}", "{OUT}", "--preset", "warm", "--reference", "{REF}"},
                   {"--preset", "--reference"}},
        OptionCase{
            "MasterHybridWithoutReference", {"master", "{IN}", "{OUT}", "--mode", "hybrid"}, {"--mode"}},
        OptionCase{"AnalyzeUnknownOption", {"analyze", "--bogus", "{IN}"}, {"--bogus"}},
        OptionCase{"AnalyzeThreadsZero", {"analyze", "--threads", "0", "{IN}"}, {"--threads"}},
        OptionCase{"AnalyzeThreadsMissingValue", {"analyze", "{IN}", "--threads"}, {"--threads"}}),
    [](const ::testing::TestParamInfo<OptionCase>& param_info) {
      return std::string(param_info.param.name);
    });

// ---------------------------------------------------------------------------------------------------------
// Signals: an interrupted master leaves its output folder as it was

struct SignalCase {
  const char* name;
  int signal;
  bool named_temporaries;  ///< AURALIS_TEST_NAMED_TEMPORARIES=1: ".OUT.auralis-PID-XXXXXX" instead of
                           ///< O_TMPFILE.
};

// Long enough that the encode stage lasts a while (a few hundred ms here) after its temporary appears, and
// that the fixed delays usually fall before it.
constexpr double kLongInputSeconds = 120.0;

void PrintTo(const SignalCase& c, std::ostream* os) {
  *os << c.name;
}

class CliBadInputSignals : public CliBadInput, public ::testing::WithParamInterface<SignalCase> {
 protected:
  static void SetUpTestSuite() {
    shared_ = fs::temp_directory_path() / ("auralis-bad-input-long-" + std::to_string(::getpid()));
    fs::create_directories(shared_);
    long_input_ = shared_ / "long.wav";
    small_input_ = shared_ / "small.wav";
    auralis::AudioBuffer audio = auralis::test::pink_noise(2, 48000, kLongInputSeconds, -8.0, 0x6c6f6e67ULL);
    const double breakpoints[] = {-6.0, 0.0, -12.0, -3.0, -9.0, 0.0};
    auralis::test::apply_gain_ramp_db(audio, breakpoints, 0.5);
    auralis::test::write_with_sndfile(long_input_, SF_FORMAT_WAV | SF_FORMAT_FLOAT, audio);
    auralis::test::write_with_sndfile(small_input_, SF_FORMAT_WAV | SF_FORMAT_FLOAT,
                                      auralis::test::sine(2, 44100, 1000.0, kSineDbfs, 1.0));
  }
  static void TearDownTestSuite() {
    std::error_code error;
    fs::remove_all(shared_, error);
  }

  // Entries appearing in a folder (inotify), seen within microseconds: a named temporary is caught at the
  // moment it is created, the most likely moment for a signal to find it not yet registered for removal.
  class FolderWatch {
   public:
    explicit FolderWatch(const fs::path& folder) : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
      if (fd_ >= 0) ::inotify_add_watch(fd_, folder.c_str(), IN_CREATE | IN_MOVED_TO);
    }
    FolderWatch(const FolderWatch&) = delete;
    FolderWatch& operator=(const FolderWatch&) = delete;
    ~FolderWatch() {
      if (fd_ >= 0) ::close(fd_);
    }
    // True when an entry appeared (since the watch began) within `microseconds`.
    bool wait(long microseconds) const {
      if (fd_ < 0) {
        std::this_thread::sleep_for(std::chrono::microseconds(microseconds));
        return false;
      }
      pollfd p{fd_, POLLIN, 0};
      const timespec timeout{0, microseconds * 1000};
      return ::ppoll(&p, 1, &timeout, nullptr) > 0;
    }

   private:
    int fd_;
  };

  // Waits until an entry appears in out_ or the child holds a file there (an O_TMPFILE output shows only in
  // /proc/PID/fd), or the child ends. Returns whether that activity was seen.
  bool wait_for_output_activity(const Child& child, const FolderWatch& watch) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (watch.wait(200)) return true;
      if (auralis::test::holds_file_in(child.pid, out_)) return true;
      if (auralis::test::has_ended(child.pid)) return false;
    }
    return false;
  }

  static fs::path shared_, long_input_, small_input_;
};

fs::path CliBadInputSignals::shared_;
fs::path CliBadInputSignals::long_input_;
fs::path CliBadInputSignals::small_input_;

// When the signal is sent: after a fixed delay (decode, analysis, render), once the output's temporary
// exists (the encode stage), or once a name appears in the folder (an unnamed temporary being named just
// before its rename).
struct SignalMoment {
  const char* what;
  int delay_ms;  ///< < 0: not a delay.
  bool at_temporary, at_name;
};

TEST_P(CliBadInputSignals, LeaveNothingBehind) {
  const SignalCase& c = GetParam();
  RunOptions options;
  if (c.named_temporaries) options.set_env = {kNamedTemporaries};
  options.timeout_ms = 120000;
  const bool unnamed = !c.named_temporaries && supports_unnamed_files(out_);
  // Only SIGKILL can leave a named temporary (no handler runs); a later run removes it.
  const bool stale_allowed = c.signal == SIGKILL && !unnamed;
  const fs::path out = out_ / "out.wav";
  const std::vector<EntryState> initial = snapshot(out_);
  const auto full_length = static_cast<std::int64_t>(48000 * kLongInputSeconds);

  std::vector<SignalMoment> moments = {{"after 20 ms", 20, false, false},
                                       {"after 150 ms", 150, false, false},
                                       {"after 600 ms", 600, false, false},
                                       {"once the output's temporary exists", -1, true, false}};
  // The unnamed file gets a name just before the rename; a handler must remove it. (SIGKILL there could
  // leave that name for the next run to remove, which is not what this asks of it.)
  if (unnamed && c.signal != SIGKILL) moments.push_back({"once a name appears", -1, false, true});
  // A named temporary must be registered for removal the moment it exists; a gap there is a race the
  // signal wins only sometimes, so the moment is tried more than once.
  if (!unnamed && c.signal != SIGKILL) {
    moments.push_back({"once the output's temporary exists (2nd try)", -1, true, false});
    moments.push_back({"once the output's temporary exists (3rd try)", -1, true, false});
  }
  pid_t last_killed = 0;
  std::size_t stale_left = 0;
  for (const SignalMoment& moment : moments) {
    SCOPED_TRACE(std::string("signal ") + moment.what);
    std::vector<EntryState> before = snapshot(out_);
    const FolderWatch watch(out_);
    const Child child = auralis::test::spawn_program(
        {auralis::test::auralis_cli(), "master", long_input_, out, "--quiet"}, capture_, options);
    if (moment.delay_ms >= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(moment.delay_ms));
    } else if (moment.at_temporary) {
      EXPECT_TRUE(wait_for_output_activity(child, watch)) << "master ended before its output appeared";
    } else {
      while (!watch.wait(200) && !auralis::test::has_ended(child.pid)) {
      }
    }
    ::kill(child.pid, c.signal);
    last_killed = child.pid;
    const RunResult r = auralis::test::wait_program(child);
    ASSERT_FALSE(r.timed_out) << r.describe();
    std::vector<EntryState> after = snapshot(out_);
    if (r.exit_code == kOk) {
      // Finished before the signal landed: allowed after a fixed delay (a fast machine) or at the final name
      // (the rename is microseconds away), never at the temporary's appearance. Then OUT must be whole.
      EXPECT_FALSE(moment.at_temporary) << "master finished before the signal reached it (input too short?)\n"
                                        << r.describe();
      std::cout << "[   NOTE   ] master finished before the signal " << moment.what << "\n";
      expect_sane_audio(out, 2, 48000, full_length);
      std::erase_if(after, [](const EntryState& e) { return e.name == "out.wav"; });
      fs::remove(out);
    } else {
      // Ended by the signal itself, or by an exit with the shell's code for it (128 + N).
      EXPECT_TRUE(r.signal == c.signal || r.exit_code == 128 + c.signal)
          << "expected an end by signal " << c.signal << ": " << r.describe();
      if (fs::exists(out)) {
        // The signal came after the rename (the name appearing, or a slow machine reaching the commit before
        // a fixed delay ran out): OUT was committed, and must be whole.
        EXPECT_FALSE(moment.at_temporary)
            << "the output was committed after the signal reached its temporary";
        std::cout << "[   NOTE   ] the signal " << moment.what << " came after the rename\n";
        expect_sane_audio(out, 2, 48000, full_length);
        std::erase_if(after, [](const EntryState& e) { return e.name == "out.wav"; });
        fs::remove(out);
      }
    }
    if (stale_allowed) {
      stale_left += static_cast<std::size_t>(std::erase_if(
          after, [&](const EntryState& e) { return is_temporary_of(e.name, "out.wav", child.pid); }));
      // This run may already have removed what an earlier killed run left (the stale cleanup at work).
      std::erase_if(before, [](const EntryState& e) { return e.name.rfind(".out.wav.auralis-", 0) == 0; });
      std::erase_if(after, [](const EntryState& e) { return e.name.rfind(".out.wav.auralis-", 0) == 0; });
    }
    EXPECT_TRUE(before == after) << "before:\n" << describe(before) << "after:\n" << describe(snapshot(out_));
  }

  if (!stale_allowed) return;
  // The next master writing into the folder removes what killed runs left: their own temporaries and, so
  // that the removal is exercised even if none was left, one planted in the name of the last killed run.
  // The temporary of a process that still runs (this test's own PID) is not touched.
  std::cout << "[   NOTE   ] " << stale_left << " stale temporaries left by SIGKILL\n";
  write_bytes(out_ / (".out.wav.auralis-" + std::to_string(last_killed) + "-Ab3dEf"), "stale");
  const std::string live = ".out.wav.auralis-" + std::to_string(::getpid()) + "-Zz9yX8";
  write_bytes(out_ / live, "in use");
  const RunResult second =
      auralis::test::run_auralis({"master", small_input_, out_ / "second.wav", "--quiet"}, capture_, options);
  ASSERT_TRUE(second.exited()) << second.describe();
  ASSERT_EQ(second.exit_code, kOk) << second.describe();
  std::vector<std::string> expected;
  for (const EntryState& e : initial) expected.push_back(e.name);
  expected.emplace_back("second.wav");
  expected.push_back(live);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(names_in(out_), expected) << describe(snapshot(out_));
}

INSTANTIATE_TEST_SUITE_P(
    CliBadInput, CliBadInputSignals,
    ::testing::Values(SignalCase{"Sigint", SIGINT, false}, SignalCase{"Sigterm", SIGTERM, false},
                      SignalCase{"Sighup", SIGHUP, false}, SignalCase{"Sigkill", SIGKILL, false},
                      SignalCase{"SigintNamed", SIGINT, true}, SignalCase{"SigtermNamed", SIGTERM, true},
                      SignalCase{"SighupNamed", SIGHUP, true}, SignalCase{"SigkillNamed", SIGKILL, true}),
    [](const ::testing::TestParamInfo<SignalCase>& param_info) {
      return std::string(param_info.param.name);
    });

}  // namespace
