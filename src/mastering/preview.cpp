// SPDX-License-Identifier: MIT
// write_master_previews: the master's loudest stretch and the original's same stretch at equal loudness.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>
#include <auralis/preview.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <system_error>
#include <vector>

namespace auralis {
namespace {

constexpr double kStepSeconds = 0.1;    // the momentary loudness's hop
constexpr double kWindowSeconds = 0.4;  // its window
constexpr double kFadeSeconds = 0.010;  // long enough not to click, short enough not to be heard as a fade
constexpr std::size_t kReadFrames = 4096;

// Decodes `frames` frames (fewer at the end of the file) into planar scratch and hands each block on.
template <typename Block>
void read_blocks(AudioFileReader& reader, std::uint64_t frames, Block&& block) {
  const std::size_t channels = reader.channels();
  std::vector<float> scratch(channels * kReadFrames);
  std::vector<float*> planes(channels);
  for (std::size_t c = 0; c < channels; ++c) planes[c] = scratch.data() + c * kReadFrames;
  while (frames > 0) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(frames, kReadFrames));
    const std::size_t got = reader.read(planes, want);
    if (got == 0) return;
    block(std::span<float* const>(planes), got);
    frames -= got;
  }
}

// The momentary loudness every 100 ms as power (0 where it is empty: under -70 LUFS or before 400 ms),
// value k for the window ending at (k + 1) * 100 ms; and the track's length in seconds.
struct MomentarySeries {
  std::vector<double> power;
  double seconds = 0.0;
};

MomentarySeries momentary_series(const std::filesystem::path& path) {
  AudioFileReader reader(path);
  LoudnessOptions options;
  options.layout = reader.layout();
  options.true_peak = false;
  LoudnessMeter meter(reader.channels(), reader.sample_rate(), options);
  MomentarySeries series;
  const double rate = reader.sample_rate();
  std::uint64_t frames = 0;
  std::uint64_t next_step = static_cast<std::uint64_t>(std::llround(kStepSeconds * rate));
  std::size_t steps = 0;
  std::vector<const float*> at(reader.channels());
  read_blocks(reader, UINT64_MAX, [&](std::span<float* const> planes, std::size_t count) {
    std::size_t done = 0;
    while (done < count) {
      // Feed up to the next 100 ms boundary, then read the meter there.
      const std::size_t take =
          static_cast<std::size_t>(std::min<std::uint64_t>(count - done, next_step - frames));
      for (std::size_t c = 0; c < planes.size(); ++c) at[c] = planes[c] + done;
      meter.add(at, take);
      frames += take;
      done += take;
      if (frames == next_step) {
        const std::optional<double> lufs = meter.momentary_lufs();
        series.power.push_back(lufs ? std::pow(10.0, (*lufs + 0.691) / 10.0) : 0.0);
        ++steps;
        next_step =
            static_cast<std::uint64_t>(std::llround(static_cast<double>(steps + 1) * kStepSeconds * rate));
      }
    }
  });
  series.seconds = static_cast<double>(frames) / rate;
  return series;
}

// Start (in whole 100 ms steps) of the `window_steps` long stretch whose momentary windows lying wholly
// inside it have the highest mean power.
std::size_t loudest_start(const std::vector<double>& power, std::size_t window_steps,
                          std::size_t last_start) {
  const std::size_t lag = static_cast<std::size_t>(std::lround(kWindowSeconds / kStepSeconds)) - 1;
  std::vector<double> prefix(power.size() + 1, 0.0);
  for (std::size_t k = 0; k < power.size(); ++k) prefix[k + 1] = prefix[k] + power[k];
  const auto sum = [&](std::size_t first, std::size_t end) {
    end = std::min(end, power.size());
    return first < end ? prefix[end] - prefix[first] : 0.0;
  };
  std::size_t best = 0;
  double best_sum = -1.0;
  for (std::size_t start = 0; start <= last_start; ++start) {
    // Window k covers ((k + 1) - 4, k + 1] steps: inside [start, start + window_steps) for k in
    // [start + 3, start + window_steps - 1].
    const double s = sum(start + lag, start + window_steps);
    if (s > best_sum) {
      best_sum = s;
      best = start;
    }
  }
  return best;
}

// `seconds` of `path` from `start_seconds`, decoded.
AudioBuffer excerpt(const std::filesystem::path& path, double start_seconds, double seconds) {
  AudioFileReader reader(path);
  const double rate = reader.sample_rate();
  const auto skip = static_cast<std::uint64_t>(std::llround(start_seconds * rate));
  read_blocks(reader, skip, [](std::span<float* const>, std::size_t) {});
  const auto frames = static_cast<std::size_t>(std::llround(seconds * rate));
  AudioBuffer audio(reader.channels(), frames, reader.sample_rate());
  audio.set_layout(reader.layout());
  std::size_t at = 0;
  read_blocks(reader, frames, [&](std::span<float* const> planes, std::size_t count) {
    for (std::size_t c = 0; c < audio.channels(); ++c)
      std::copy_n(planes[c], count, audio.channel(c).begin() + static_cast<std::ptrdiff_t>(at));
    at += count;
  });
  if (at < frames) {
    AudioBuffer shorter(audio.channels(), at, audio.sample_rate());
    shorter.set_layout(audio.layout());
    for (std::size_t c = 0; c < audio.channels(); ++c)
      std::copy_n(audio.channel(c).begin(), at, shorter.channel(c).begin());
    return shorter;
  }
  return audio;
}

double integrated_lufs(const AudioBuffer& audio, const std::filesystem::path& path) {
  LoudnessOptions options;
  options.true_peak = false;
  const std::optional<double> lufs = measure_loudness(audio, options).integrated_lufs;
  if (!lufs) {
    throw Error(
        ErrorCode::invalid_argument,
        path.string() + ": the preview's stretch has no measurable loudness (silent or under -70 LUFS)");
  }
  return *lufs;
}

// Scales by `gain_db` and fades both ends.
void finish(AudioBuffer& audio, double gain_db) {
  const float gain = static_cast<float>(std::pow(10.0, gain_db / 20.0));
  const std::size_t fade = std::min(
      audio.frames() / 2, static_cast<std::size_t>(std::llround(kFadeSeconds * audio.sample_rate())));
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    std::span<float> samples = audio.channel(c);
    for (float& sample : samples) sample *= gain;
    for (std::size_t i = 0; i < fade; ++i) {
      const float ramp =
          static_cast<float>(0.5 - 0.5 * std::cos(std::numbers::pi * (static_cast<double>(i) + 0.5) /
                                                  static_cast<double>(fade)));
      samples[i] *= ramp;
      samples[samples.size() - 1 - i] *= ramp;
    }
  }
}

}  // namespace

MasterPreviews write_master_previews(const std::filesystem::path& original,
                                     const std::filesystem::path& mastered, double seconds,
                                     const std::filesystem::path& before_path,
                                     const std::filesystem::path& after_path) {
  if (!(seconds >= min_preview_seconds && seconds <= max_preview_seconds)) {
    throw Error(ErrorCode::invalid_argument, "preview length " + std::to_string(seconds) + " s is outside " +
                                                 std::to_string(min_preview_seconds) + "-" +
                                                 std::to_string(max_preview_seconds) + " s");
  }
  const MomentarySeries series = momentary_series(mastered);
  MasterPreviews previews;
  previews.seconds = std::min(seconds, series.seconds);
  const auto window_steps = static_cast<std::size_t>(std::floor(previews.seconds / kStepSeconds));
  const auto track_steps = static_cast<std::size_t>(std::floor(series.seconds / kStepSeconds));
  const std::size_t start = loudest_start(series.power, window_steps, track_steps - window_steps);
  previews.start_seconds = static_cast<double>(start) * kStepSeconds;

  AudioBuffer before = excerpt(original, previews.start_seconds, previews.seconds);
  AudioBuffer after = excerpt(mastered, previews.start_seconds, previews.seconds);
  if (before.channels() != after.channels()) {
    throw Error(ErrorCode::invalid_argument, original.string() + " has " + std::to_string(before.channels()) +
                                                 " channels and " + mastered.string() + " " +
                                                 std::to_string(after.channels()) +
                                                 ": not one track before and after");
  }
  previews.before = {before_path, integrated_lufs(before, original), 0.0};
  previews.after = {after_path, integrated_lufs(after, mastered), 0.0};
  const double matched = std::min(previews.before.loudness_lufs, previews.after.loudness_lufs);
  previews.before.gain_db = matched - previews.before.loudness_lufs;
  previews.after.gain_db = matched - previews.after.loudness_lufs;
  finish(before, previews.before.gain_db);
  finish(after, previews.after.gain_db);

  EncodeOptions encode;
  encode.protected_paths = {original, mastered};
  write_audio(before_path, before, encode);
  encode.protected_paths.push_back(before_path);
  try {
    write_audio(after_path, after, encode);
  } catch (const Error&) {
    // One excerpt alone is no comparison, and may be a stale one's partner.
    std::error_code ignored;
    std::filesystem::remove(before_path, ignored);
    throw;
  }
  return previews;
}

}  // namespace auralis
