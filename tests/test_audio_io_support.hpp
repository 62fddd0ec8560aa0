// SPDX-License-Identifier: MIT
// Shared helpers for the AudioIo* suites: a scratch folder per test, seeded test audio, direct libsndfile
// writes (for files write_audio refuses to make) and error expectations.
#pragma once

#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>

#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

namespace auralis::test::io {

namespace fs = std::filesystem;

/// A fresh, empty folder under the system temp folder for each test, removed afterwards.
class AudioIoScratch : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "-" + info->name();
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    scratch_ = fs::temp_directory_path() /
               ("auralis-io-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(scratch_);
    fs::create_directories(scratch_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(scratch_, ignored);
  }

  fs::path file(const std::string& name) const { return scratch_ / name; }

  /// Names in the scratch folder that look like write_audio's temporaries.
  std::vector<std::string> leftover_temporaries() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(scratch_)) {
      const std::string name = entry.path().filename().string();
      if (name.find(".auralis-") != std::string::npos) found.push_back(name);
    }
    return found;
  }

  fs::path scratch_;
};

/// Uniform noise in [-peak, peak), a different stream per channel; deterministic for a seed.
inline AudioBuffer noise(std::size_t channels, std::size_t frames, std::uint32_t rate, double peak,
                         std::uint64_t seed) {
  AudioBuffer audio(channels, frames, rate);
  std::uint64_t state = seed;
  const auto next = [&state] {
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  for (std::size_t c = 0; c < channels; ++c) {
    for (float& sample : audio.channel(c)) {
      const double unit = static_cast<double>(next() >> 11) * 0x1.0p-53;  // [0, 1)
      sample = static_cast<float>(peak * (2.0 * unit - 1.0));
    }
  }
  return audio;
}

/// Writes interleaved float samples with libsndfile directly. Returns false when libsndfile cannot make
/// the format (for example an encoder missing from this build).
inline bool write_with_sndfile(const fs::path& path, int format, int channels, int rate,
                               const std::vector<float>& interleaved,
                               const std::vector<int>& channel_map = {}) {
  SF_INFO info{};
  info.channels = channels;
  info.samplerate = rate;
  info.format = format;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) return false;
  if (!channel_map.empty()) {
    std::vector<int> map = channel_map;
    sf_command(file, SFC_SET_CHANNEL_MAP_INFO, map.data(), static_cast<int>(map.size() * sizeof(int)));
  }
  const auto frames = static_cast<sf_count_t>(interleaved.size() / static_cast<std::size_t>(channels));
  const sf_count_t written = frames > 0 ? sf_writef_float(file, interleaved.data(), frames) : 0;
  sf_close(file);
  return written == frames;
}

/// Sine of `frequency_hz` at `peak`, the same in every channel, interleaved.
inline std::vector<float> interleaved_sine(int channels, int rate, std::size_t frames, double frequency_hz,
                                           double peak) {
  std::vector<float> samples(frames * static_cast<std::size_t>(channels));
  for (std::size_t i = 0; i < frames; ++i) {
    const double phase = 2.0 * 3.14159265358979323846 * frequency_hz * static_cast<double>(i) / rate;
    for (int c = 0; c < channels; ++c) {
      samples[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] =
          static_cast<float>(peak * std::sin(phase));
    }
  }
  return samples;
}

inline std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void put_file_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Runs `action`, expects Error with `code` whose message names `path`; returns the message ("" if none).
inline std::string expect_error(const std::function<void()>& action, ErrorCode code, const fs::path& path) {
  try {
    action();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), code) << "got " << to_string(error.code()) << ": " << error.what();
    const std::string message = error.what();
    EXPECT_NE(message.find(path.string()), std::string::npos)
        << "message does not name " << path << ": " << message;
    return message;
  }
  ADD_FAILURE() << "expected Error(" << to_string(code) << ") for " << path;
  return "";
}

}  // namespace auralis::test::io
