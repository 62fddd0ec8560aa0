// SPDX-License-Identifier: MIT
// ITU-R BS.1770-4 / EBU R128 loudness, loudness range (EBU Tech 3342), sample peak and true peak.
#pragma once

#include <auralis/export.h>

#include <auralis/audio_buffer.hpp>
#include <auralis/audio_io.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace auralis {

/// How often the short-term loudness feeding the loudness range is sampled.
enum class LraSampling : std::uint8_t {
  every_100ms,  ///< EBU Tech 3342: at least 10 Hz. The default.
  every_1s,     ///< One 3 s window per second, as libebur128 does; only for comparing with it.
};

struct AURALIS_API LoudnessOptions {
  /// Speaker of each channel for BS.1770 weights; empty means default_layout(channels).
  std::vector<Speaker> layout;
  LraSampling lra_sampling = LraSampling::every_100ms;
  /// True peak costs most of the meter's time; turn it off when only loudness is wanted.
  bool true_peak = true;
  /// measure_loudness only: with more than one, the true peak of the channels is scanned on other threads
  /// while this one K-weights and gates. The report is the same for any value.
  unsigned threads = 1;
};

/// A finished or running measurement. Every loudness value is empty ("no measurable loudness") when the
/// programme is silent, too short for one window, or entirely below the -70 LUFS absolute gate; it is never
/// NaN or -inf. Peaks are linear full-scale amplitudes (1.0 = 0 dBFS); the *_db helpers convert.
struct AURALIS_API LoudnessReport {
  std::optional<double> integrated_lufs;      ///< Gated (-70 LUFS absolute, -10 LU relative), 400 ms blocks.
  std::optional<double> loudness_range_lu;    ///< EBU Tech 3342 (needs >= 3 s of programme).
  std::optional<double> max_momentary_lufs;   ///< Highest 400 ms loudness, evaluated every 10 ms.
  std::optional<double> max_short_term_lufs;  ///< Highest 3 s loudness, evaluated every 10 ms.
  double sample_peak = 0.0;                   ///< Max |sample| over all channels.
  std::optional<double> true_peak;            ///< Max 4x-oversampled |sample| (>= sample_peak); if enabled.
  std::vector<double> channel_sample_peak;
  std::vector<double> channel_true_peak;  ///< Empty when true peak is disabled.
  /// Short-term loudness at the LRA sampling rate (every 100 ms or 1 s), only values above the -70 LUFS
  /// absolute gate: the distribution the loudness range and dynamics analysis are taken from.
  std::vector<double> short_term_history_lufs;
  /// Channel-weighted mean squares of the 400 ms gating blocks (one every 100 ms) above the -70 LUFS absolute
  /// gate, in order: what integrated_lufs is gated from, and what album_loudness pools.
  std::vector<double> gating_block_energies;
  std::uint64_t frames = 0;  ///< Frames measured.

  /// 20*log10(peak), or empty for a zero peak.
  static std::optional<double> to_db(double linear_peak);
};

/// Incremental meter: feed blocks of any size, query at any time. Results do not depend on how the audio is
/// split into blocks. Not thread-safe; use one meter per thread.
class AURALIS_API LoudnessMeter {
 public:
  /// Throws Error(invalid_argument) for channels outside [1, max_channels], a rate outside
  /// [min_sample_rate, max_sample_rate], or a layout whose size differs from `channels`.
  LoudnessMeter(std::size_t channels, std::uint32_t sample_rate_hz, const LoudnessOptions& options = {});
  ~LoudnessMeter();
  LoudnessMeter(LoudnessMeter&&) noexcept;
  LoudnessMeter& operator=(LoudnessMeter&&) noexcept;

  /// Adds `frames` frames of planar audio: planes[c][i] for c < channels(). Non-finite samples throw
  /// Error(non_finite_samples) and leave the meter unchanged.
  void add(std::span<const float* const> planes, std::size_t frames);
  /// Adds the whole buffer (its channel count and rate must match the meter's).
  void add(const AudioBuffer& audio);
  /// Forgets everything measured (the same as a new meter).
  void reset();

  /// Loudness of the last 400 ms / 3 s, empty until that much audio has been added or when below -70 LUFS.
  std::optional<double> momentary_lufs() const;
  std::optional<double> short_term_lufs() const;
  /// Everything measured so far.
  LoudnessReport report() const;

  std::size_t channels() const noexcept;
  std::uint32_t sample_rate() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// One call over a whole buffer; the buffer's own layout is used unless options.layout is set.
AURALIS_API LoudnessReport measure_loudness(const AudioBuffer& audio, const LoudnessOptions& options = {});

/// Measures a file decoded block by block (memory does not grow with its length); the file's own layout
/// is used unless options.layout is set. With options.threads of 2 or more, decoding runs ahead of the
/// meter on a helper thread. Throws what read_audio throws (a file with NaN/Inf samples is refused with
/// their count), Error(out_of_memory).
AURALIS_API LoudnessReport measure_loudness(const std::filesystem::path& path,
                                            const LoudnessOptions& options = {});
/// The same from an open reader, read from where it stands to its end (for a pipe, which can be opened
/// once only, after looking at its format).
AURALIS_API LoudnessReport measure_loudness(AudioFileReader& reader, const LoudnessOptions& options = {});

/// Integrated loudness (LUFS) of several programmes as one, as ReplayGain 2.0 measures an album: BS.1770's
/// gates over all their gating blocks pooled (LoudnessReport::gating_block_energies), not an average of
/// their loudness. Empty when nothing is above the gates.
AURALIS_API std::optional<double> album_loudness(std::span<const LoudnessReport> tracks);

/// Loudness range (LU, EBU Tech 3342) of short-term loudness values sampled as a LoudnessReport's
/// short_term_history_lufs holds them (for several programmes, their histories joined). Empty when none
/// passes the gates.
AURALIS_API std::optional<double> loudness_range(std::span<const double> short_term_lufs);

/// BS.1770 weight of each channel: LFE 0, surrounds 1.41 (rear pair when there is no side pair, else the side
/// pair), every other position 1.0.
AURALIS_API std::vector<double> bs1770_channel_weights(std::span<const Speaker> layout);

}  // namespace auralis
