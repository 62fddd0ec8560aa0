// SPDX-License-Identifier: MIT
// Deterministic test-signal generators (tones, seeded noise, sweeps, EBU Tech 3341 true-peak bursts).
#pragma once

#include <auralis/audio_buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace auralis::test {

/// A level that makes a channel silent: 10^(silent_dbfs / 20) == 0.
inline constexpr double silent_dbfs = -std::numeric_limits<double>::infinity();

/// Linear peak amplitude of a level in dBFS (10^(dbfs/20); 0 for silent_dbfs).
double amplitude_from_dbfs(double dbfs);

/// Frames in `seconds` at `sample_rate_hz`, rounded to the nearest sample.
std::size_t frames_for(double seconds, std::uint32_t sample_rate_hz);

/// Zero-filled buffer of `seconds` (rounded to the nearest sample).
AudioBuffer silence(std::size_t channels, double seconds, std::uint32_t sample_rate_hz);

/// Sine of `frequency_hz` starting at `phase_rad`, one peak level per channel (dBFS; silent_dbfs for a
/// silent channel), lasting `seconds` rounded to the nearest sample. An integer frequency is synthesised
/// from the exact sample index modulo the period, so long tones do not drift.
AudioBuffer sine(std::uint32_t sample_rate_hz, double frequency_hz, std::span<const double> channel_peak_dbfs,
                 double seconds, double phase_rad = 0.0);

/// The same sine in every channel at one peak level (in phase).
AudioBuffer sine(std::size_t channels, std::uint32_t sample_rate_hz, double frequency_hz, double peak_dbfs,
                 double seconds, double phase_rad = 0.0);

/// One segment of a tone sequence: `seconds` long at `peak_dbfs` in every channel (silent_dbfs: silence).
struct ToneSegment {
  double seconds;
  double peak_dbfs;
};

/// Back-to-back segments of one phase-continuous sine (the phase follows the absolute sample index, so a
/// level change never makes a step in phase). Segment boundaries fall at the nearest sample to their
/// cumulative start times. All channels carry the same signal (in phase).
AudioBuffer tone_sequence(std::size_t channels, std::uint32_t sample_rate_hz, double frequency_hz,
                          std::span<const ToneSegment> segments);

/// The buffers one after another; all must share channel count and rate. The first one's layout is kept.
AudioBuffer concatenate(std::span<const AudioBuffer> parts);

/// Frames [first, first + count) of `audio` (clamped to its end), layout kept.
AudioBuffer slice(const AudioBuffer& audio, std::size_t first, std::size_t count);

/// Channel-interleaved copy of frames [first, first + count) (for libraries that take interleaved audio).
std::vector<float> interleave(const AudioBuffer& audio, std::size_t first, std::size_t count);

/// Uniform white noise in [-peak, peak) per sample, each channel an independent stream derived from `seed`
/// (splitmix64; identical for identical arguments on every platform).
AudioBuffer white_noise(std::size_t channels, std::uint32_t sample_rate_hz, double seconds, double peak_dbfs,
                        std::uint64_t seed);

/// Approximately pink (-3 dB/octave) noise: Voss-McCartney sum of 16 held uniform rows plus one fresh
/// uniform value, scaled so that |x| <= peak. Seeded like white_noise.
AudioBuffer pink_noise(std::size_t channels, std::uint32_t sample_rate_hz, double seconds, double peak_dbfs,
                       std::uint64_t seed);

/// Exponential (logarithmic) sine sweep from f0_hz to f1_hz over `seconds`, in phase in every channel, at
/// `peak_dbfs`, with 10 ms raised-cosine fades at both ends.
AudioBuffer log_sweep(std::size_t channels, std::uint32_t sample_rate_hz, double f0_hz, double f1_hz,
                      double seconds, double peak_dbfs);

/// Multiplies the audio by a gain that moves linearly in dB between breakpoints spaced `seconds_per_step`
/// apart (breakpoint k at time k * seconds_per_step; the last one holds to the end).
void apply_gain_ramp_db(AudioBuffer& audio, std::span<const double> breakpoints_db, double seconds_per_step);

/// Raised-cosine fade-in over the first and fade-out over the last `seconds` of every channel.
void apply_fades(AudioBuffer& audio, double seconds);

/// Odd-length linear-phase low-pass FIR: sinc with cut-off `cutoff_cycles_per_sample` (0..0.5, the -6 dB
/// point) under a Kaiser window of parameter `beta`, normalised to unity gain at DC.
std::vector<double> kaiser_lowpass(std::size_t taps, double cutoff_cycles_per_sample, double beta);

/// Magnitude of an FIR's frequency response at `cycles_per_sample`.
double fir_magnitude(std::span<const double> taps, double cycles_per_sample);

/// EBU Tech 3341 true-peak signals #20-23 before decimation, at 4 * sample_rate_hz: a 0.5 FFS sine at
/// fs/6 that, at a zero crossing near the middle, turns into exactly one period of a 1.0 FFS sine at fs/4
/// and back (phase-continuous), with 10 ms raised-cosine fades; 0.5 s long at fs. The burst's positive
/// peak sits on a sample index divisible by 4.
std::vector<double> tech3341_burst_at_4fs(std::uint32_t sample_rate_hz);

/// EBU Tech 3341 #20-23 at fs: tech3341_burst_at_4fs, low-passed at 0.45 fs (257-tap Kaiser FIR at 4 fs,
/// delay compensated) and decimated by 4 starting at `offset` (0..3) samples of 4 fs; every channel alike.
AudioBuffer tech3341_true_peak_burst(std::size_t channels, std::uint32_t sample_rate_hz, std::size_t offset);

/// The anti-alias filter tech3341_true_peak_burst uses (at 4 fs, cut-off 0.45 fs).
std::vector<double> tech3341_anti_alias_fir();

/// Pointers to every channel of `audio` at frame `first`, for LoudnessMeter::add(planes, frames).
std::vector<const float*> planes_at(const AudioBuffer& audio, std::size_t first = 0);

}  // namespace auralis::test
