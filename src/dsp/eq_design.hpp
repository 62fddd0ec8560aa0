// SPDX-License-Identifier: MIT
// FIR design for an EQ curve: frequency sampling of the curve (interpolated on log frequency). Linear phase:
// zero phase, inverse FFT, centred and Hann-windowed, symmetric, so FirFilter::linear_phase compensates it
// to zero delay. Minimum and mixed phase: each curve's magnitude with one minimum phase (homomorphic, from
// the real cepstrum), windowed around its onset and compensated by what it keeps before it.
#pragma once

#include <auralis/mastering.hpp>
#include <auralis/spectral.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace auralis::dsp {

/// Gains in dB at ascending frequencies; between points the gain is linear in log frequency, beyond the
/// ends it stays flat.
struct GainPoints {
  std::vector<double> frequencies_hz;
  std::vector<double> gains_db;
};

/// Gain of `points` at `frequency_hz`, in dB.
double interpolate_gain_db(const GainPoints& points, double frequency_hz);

/// Odd tap count whose Hann main lobe (4 rate / taps wide) resolves the lowest critical band (0-100 Hz):
/// about 186 ms of taps, 8191 at 44.1 kHz, never above FirFilter::max_taps.
std::size_t eq_fir_taps(std::uint32_t sample_rate_hz);

/// Magnitude of the zero-phase high-pass the EQ builds in at `cutoff_hz`: r^8 / (1 + r^8) with
/// r = f / cutoff, -6 dB at the cutoff (so a low-passed mid and high-passed side would sum flat, as a
/// Linkwitz-Riley pair does) and 48 dB an octave below it; 0 at DC. 1 everywhere for a cutoff of 0.
double eq_high_pass_gain(double frequency_hz, double cutoff_hz);

/// The FIR for `points` at `sample_rate_hz`, eq_fir_taps(rate) long, with eq_high_pass_gain(cutoff) built in
/// for each cutoff in `high_passes_hz` (0 = none). Zero phase (compensated): filters designed here keep every
/// channel aligned, so mid and side filtered differently rebuild left and right without phase shift between
/// them.
FirFilter design_eq_fir(const GainPoints& points, std::uint32_t sample_rate_hz,
                        std::span<const double> high_passes_hz = {});

/// One channel's curve for design_eq_firs: its gain points and the high-passes built in (0 = none).
struct EqChannelCurve {
  GainPoints points;
  std::vector<double> high_passes_hz;
};

/// In EqPhase::mixed the phase is designed from the gains below this only (the minimum phase of the low
/// part of the curve), the log gains split by a raised cosine on log frequency over the octave centred here
/// (141-283 Hz).
inline constexpr double eq_mixed_crossover_hz = 200.0;

/// The EQ's FIRs for `curves` (one for every channel, or the mid's then the side's), all of one length and
/// delay. linear: design_eq_fir for each (the same taps). minimum and mixed: each curve's own magnitude with
/// one common phase, the minimum phase of the first curve (minimum), or of its gains below
/// eq_mixed_crossover_hz (mixed; above it only that phase's tail remains, the gains there are zero phase).
/// Mid and side filtered differently then rebuild left and right without a phase shift between them. The
/// response is kept for eq_fir_taps samples after the delay under a one-sided Hann (as fine a resolution as
/// a symmetric Hann twice as long) and, where it is not causal (mixed, or several curves), half that before
/// it; a single minimum-phase FIR is causal, with no delay and no pre-echo.
std::vector<FirFilter> design_eq_firs(std::span<const EqChannelCurve> curves, std::uint32_t sample_rate_hz,
                                      EqPhase phase);

}  // namespace auralis::dsp
