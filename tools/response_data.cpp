// SPDX-License-Identifier: MIT
// Measures the responses docs/mastering.md plots, by rendering test signals through auralis::render (or
// master) and analysing what comes out: the EQ's magnitude and impulse responses, the limiter's gain over
// time, and reference matching's spectra. Writes one CSV per plot, and summary.csv with the numbers the
// docs quote, into the folder given; tools/plot_responses.py turns them into SVGs.
#include <auralis/auralis.hpp>

#include "demo_music.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace auralis;

constexpr double kPi = std::numbers::pi;
constexpr std::uint32_t kRate = 44100;
constexpr EqPhase kPhases[] = {EqPhase::linear, EqPhase::minimum, EqPhase::mixed};
constexpr Preset kPresets[] = {Preset::adaptive, Preset::gentle, Preset::warm,
                               Preset::bright,   Preset::punchy, Preset::live};

// How much audio each measurement takes: the full set for the docs, a short one for the ctest (which CI
// also runs under the sanitizers, about ten times slower).
struct Lengths {
  double programme_seconds;  // the music the adaptive plans are decided on, and reference matching's
  double kick_seconds;       // the kick-under-pad mix after its quiet intro
  double release_scale;      // the release signal's time scale (1: 8 s)
  double points_per_octave;  // of the frequency grid
};
constexpr Lengths kFull{20.0, 10.0, 1.0, 24.0};
constexpr Lengths kShort{3.0, 2.0, 0.3, 3.0};

// The first sample of millisecond `ms` (44.1 samples each: rounded per millisecond, so times do not drift).
std::ptrdiff_t ms_start(std::ptrdiff_t ms) {
  return std::llround(static_cast<double>(ms) * kRate / 1000.0);
}

double db(double gain) {
  return 20.0 * std::log10(gain);
}
double power_db(double power) {
  return 10.0 * std::log10(std::max(power, 1e-30));
}

// A CSV file: named columns of numbers, written with enough digits for any plot.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
};

void write_csv(const std::filesystem::path& path, const Table& table) {
  std::ofstream out(path);
  for (std::size_t c = 0; c < table.columns.size(); ++c) out << (c ? "," : "") << table.columns[c];
  out << '\n';
  char number[32];
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::snprintf(number, sizeof number, "%.6g", row[c]);
      out << (c ? "," : "") << number;
    }
    out << '\n';
  }
  if (!out) throw Error(ErrorCode::write_failed, "cannot write " + path.string());
}

// The numbers the docs quote, one "name,value" row each.
using Summary = std::vector<std::pair<std::string, double>>;

RenderResult render_on(const AudioBuffer& audio, const MasteringPlan& plan) {
  SpectralEngine engine(BackendOptions::cpu(0));
  return render(audio, plan, engine);
}

// Log-spaced frequencies from `low_hz` to `high_hz`, about `per_octave` to an octave.
std::vector<double> log_grid(double low_hz, double high_hz, double per_octave) {
  std::vector<double> grid;
  const double steps = std::round(std::log2(high_hz / low_hz) * per_octave);
  for (double k = 0; k <= steps; ++k) grid.push_back(low_hz * std::pow(high_hz / low_hz, k / steps));
  return grid;
}

// |H(f)| in dB of a response sampled at kRate (its DTFT; the phase reference does not matter).
double magnitude_db(std::span<const float> h, double hz) {
  const std::complex<double> step = std::polar(1.0, -2.0 * kPi * hz / kRate);
  std::complex<double> rotor = 1.0, sum = 0.0;
  for (const float x : h) {
    sum += static_cast<double>(x) * rotor;
    rotor *= step;
  }
  return db(std::abs(sum));
}

// The demo groove (`make demo`'s synthesiser) scaled to peak at -6 dBFS: what is measured on it does not
// move when the synthesiser's mix level does.
AudioBuffer demo_groove(double seconds) {
  AudioBuffer audio = tools::render_demo_music(seconds, kRate);
  double peak = 0.0;
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (const float x : audio.channel(c)) peak = std::max(peak, static_cast<double>(std::abs(x)));
  }
  const double scale = std::pow(10.0, -6.0 / 20.0) / peak;
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (float& x : audio.channel(c)) x = static_cast<float>(x * scale);
  }
  return audio;
}

// ---------------------------------------------------------------------------------------------------------
// EQ

// Only the EQ: no dynamics, width, loudness or limiter, so the output is the input through the EQ's FIR.
MasteringPlan eq_only(MasteringPlan plan) {
  plan.amounts = {.eq = 1.0, .dynamics = 0.0, .width = 0.0, .loudness = 0.0};
  plan.target_lufs.reset();
  plan.limiter.enabled = false;
  return plan;
}

constexpr std::size_t kImpulseAt = kRate / 2;
constexpr std::size_t kBefore = kRate / 5, kAfter = 2 * kRate / 5;  // longer than any EQ FIR reaches

// A unit impulse in both channels rendered through `plan`: the left output from 200 ms before the impulse
// to 400 ms after it.
std::vector<float> impulse_response(const MasteringPlan& plan) {
  AudioBuffer impulse(2, kImpulseAt + kAfter, kRate);
  impulse.channel(0)[kImpulseAt] = impulse.channel(1)[kImpulseAt] = 1.0f;
  const AudioBuffer out = render_on(impulse, plan).audio;
  const auto left = out.channel(0);
  return {left.begin() + (kImpulseAt - kBefore), left.end()};
}

// The adaptive plans of every preset for the demo groove, their EQ's magnitude at `grid`.
Table preset_responses(const std::vector<double>& grid, const Lengths& lengths, Summary& summary) {
  const AudioBuffer programme = demo_groove(lengths.programme_seconds);
  SpectralEngine engine(BackendOptions::cpu(0));
  const ContentProfile profile = analyze_content(programme, engine);
  Table table{{"frequency_hz"}, {}};
  std::vector<std::vector<float>> responses;
  for (const Preset preset : kPresets) {
    table.columns.emplace_back(to_string(preset));
    responses.push_back(impulse_response(eq_only(plan_adaptive(profile, preset))));
  }
  for (const double hz : grid) {
    std::vector<double> row{hz};
    for (const auto& h : responses) row.push_back(magnitude_db(h, hz));
    table.rows.push_back(std::move(row));
  }
  for (std::size_t p = 0; p < responses.size(); ++p) {
    const std::string name = table.columns[p + 1];
    summary.emplace_back("eq_" + name + "_100hz_db", magnitude_db(responses[p], 100.0));
    summary.emplace_back("eq_" + name + "_1khz_db", magnitude_db(responses[p], 1000.0));
    summary.emplace_back("eq_" + name + "_10khz_db", magnitude_db(responses[p], 10000.0));
  }
  return table;
}

// Reference matching's kind of boost: +12 dB at 63 Hz falling to 0 dB a third of an octave either side, on
// mid and side, the subsonic high-pass at 20 Hz.
MasteringPlan narrow_low_boost(EqPhase phase) {
  MasteringPlan plan = eq_only(neutral_plan());
  plan.subsonic_hz = 20.0;
  plan.mid_eq = {{63.0 / std::cbrt(2.0), 63.0, 63.0 * std::cbrt(2.0)}, {0.0, 12.0, 0.0}};
  plan.side_eq = plan.mid_eq;
  plan.eq_phase = phase;
  return plan;
}

// A kick after a second of silence (150 Hz sweeping to 50 Hz under a 150 ms decay, as the EqPhase tests
// use), through the boost; the RMS level from 40 to 5 ms before the onset, in dB under the output's peak.
double kick_pre_echo_db(EqPhase phase) {
  constexpr std::size_t kOnset = kRate;
  AudioBuffer kick(2, 2 * kRate, kRate);
  for (std::size_t n = kOnset; n < kick.frames(); ++n) {
    const double t = static_cast<double>(n - kOnset) / kRate;
    const double x = 0.5 * std::exp(-t / 0.15) *
                     std::sin(2.0 * kPi * (50.0 * t + 100.0 * 0.03 * (1.0 - std::exp(-t / 0.03))));
    kick.channel(0)[n] = kick.channel(1)[n] = static_cast<float>(x);
  }
  const AudioBuffer out = render_on(kick, narrow_low_boost(phase)).audio;
  const auto y = out.channel(0);
  double energy = 0.0;
  const std::size_t first = kOnset - 40 * kRate / 1000, last = kOnset - 5 * kRate / 1000;
  for (std::size_t n = first; n < last; ++n) energy += static_cast<double>(y[n]) * y[n];
  const float peak = std::ranges::max(y, {}, [](float v) { return std::abs(v); });
  return power_db(energy / static_cast<double>(last - first)) - db(std::abs(peak));
}

// The narrow boost in each phase mode: its magnitude at `grid`, and its impulse response's envelope (the
// largest |h| of each millisecond, in dB under the response's peak) from 100 ms before the impulse to
// 200 ms after it.
std::pair<Table, Table> phase_responses(const std::vector<double>& grid, Summary& summary) {
  Table magnitude{{"frequency_hz"}, {}}, envelope{{"time_ms"}, {}};
  std::vector<std::vector<float>> responses;
  for (const EqPhase phase : kPhases) {
    magnitude.columns.emplace_back(to_string(phase));
    envelope.columns.emplace_back(to_string(phase));
    responses.push_back(impulse_response(narrow_low_boost(phase)));
    summary.emplace_back(std::string("boost_63hz_db_") + to_string(phase),
                         magnitude_db(responses.back(), 63.0));
    summary.emplace_back(std::string("kick_pre_echo_db_") + to_string(phase), kick_pre_echo_db(phase));
  }
  for (const double hz : grid) {
    std::vector<double> row{hz};
    for (const auto& h : responses) row.push_back(magnitude_db(h, hz));
    magnitude.rows.push_back(std::move(row));
  }
  for (std::ptrdiff_t ms = -100; ms < 200; ++ms) {
    std::vector<double> row{static_cast<double>(ms)};
    for (const auto& h : responses) {
      const float peak = std::ranges::max(h, {}, [](float v) { return std::abs(v); });
      const auto at_impulse = h.begin() + static_cast<std::ptrdiff_t>(kBefore);
      const auto first = at_impulse + ms_start(ms), last = at_impulse + ms_start(ms + 1);
      const float largest =
          std::abs(*std::ranges::max_element(first, last, {}, [](float v) { return std::abs(v); }));
      row.push_back(std::max(db(largest / std::abs(peak)), -160.0));
    }
    envelope.rows.push_back(std::move(row));
  }
  return {magnitude, envelope};
}

// ---------------------------------------------------------------------------------------------------------
// Limiter

// Only the loudness gain and `limiter` (on): the output is the input times the loudness gain times the
// limiter's gain.
MasteringPlan loudness_and_limiter(double target_lufs, const LimiterPlan& limiter = {}) {
  MasteringPlan plan = neutral_plan();
  plan.amounts.loudness = 1.0;
  plan.target_lufs = target_lufs;
  plan.limiter = limiter;
  plan.limiter.enabled = true;
  return plan;
}

// The gain from `input` to `output` in 1 ms windows (least squares: <out, in> / <in, in>), in dB under
// the gain over [reference_first, reference_last), a stretch the limiter leaves alone: the limiter's gain.
std::vector<double> limiter_gain_db(const AudioBuffer& input, const AudioBuffer& output,
                                    std::size_t reference_first, std::size_t reference_last) {
  const auto x = input.channel(0), y = output.channel(0);
  const auto gain = [&](std::size_t first, std::size_t last) {
    double xy = 0.0, xx = 0.0;
    for (std::size_t n = first; n < last; ++n) {
      xy += static_cast<double>(x[n]) * y[n];
      xx += static_cast<double>(x[n]) * x[n];
    }
    return xy / xx;
  };
  const double loudness_gain = gain(reference_first, reference_last);
  std::vector<double> gains;
  for (std::ptrdiff_t ms = 0; ms_start(ms + 1) <= std::ssize(x); ++ms) {
    gains.push_back(
        db(gain(static_cast<std::size_t>(ms_start(ms)), static_cast<std::size_t>(ms_start(ms + 1))) /
           loudness_gain));
  }
  return gains;
}

// Deepest reduction (dB, positive) over [first_s, last_s) of a 1 ms gain series.
double deepest_reduction_db(const std::vector<double>& gain_db, double first_s, double last_s) {
  const auto first = gain_db.begin() + static_cast<std::ptrdiff_t>(first_s * 1000.0);
  const auto last =
      gain_db.begin() + static_cast<std::ptrdiff_t>(std::min(last_s * 1000.0, double(gain_db.size())));
  return -*std::min_element(first, last);
}

// The pad's level dip under the kicks, in dB: the range of its 2 kHz tone's amplitude over 20 ms windows
// (least squares on cos and sin), over whole beats after the first second of kicks.
double pad_pump_db(const AudioBuffer& audio, std::size_t first, std::size_t last) {
  constexpr std::size_t kWindow = kRate / 50;
  double low = 1e30, high = 0.0;
  for (std::size_t start = first; start + kWindow <= last; start += kWindow) {
    double cc = 0, ss = 0, cs = 0, xc = 0, xs = 0;
    for (std::size_t n = start; n < start + kWindow; ++n) {
      const double w = 2.0 * kPi * 2000.0 * static_cast<double>(n) / kRate;
      const double c = std::cos(w), s = std::sin(w), x = audio.channel(0)[n];
      cc += c * c, ss += s * s, cs += c * s, xc += x * c, xs += x * s;
    }
    const double det = cc * ss - cs * cs;
    const double amplitude = std::hypot((xc * ss - xs * cs) / det, (xs * cc - xc * cs) / det);
    low = std::min(low, amplitude), high = std::max(high, amplitude);
  }
  return db(high / low);
}

// An unmastered mix, as the LimiterBudget tests use: a 55 Hz kick near full scale every half second over a
// steady pad of four tones (220, 277.2, 330 and 2000 Hz) at -20 dBFS each; before it a one-second intro of
// the pad alone, 30 dB quieter, which no limiter touches and the loudness gate leaves out: the reference for
// the loudness gain.
constexpr double kIntroSeconds = 1.0;

AudioBuffer kick_under_pad(double seconds) {
  AudioBuffer audio(2, static_cast<std::size_t>((kIntroSeconds + seconds) * kRate), kRate);
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const double t = static_cast<double>(n) / kRate;
    const bool intro = t < kIntroSeconds;
    const double pad =
        (intro ? 0.1 * 0.0316 : 0.1) * (std::sin(2 * kPi * 220.0 * t) + std::sin(2 * kPi * 277.2 * t) +
                                        std::sin(2 * kPi * 330.0 * t) + std::sin(2 * kPi * 2000.0 * t));
    const double since_kick = std::fmod(t - kIntroSeconds, 0.5);
    const double kick =
        intro ? 0.0 : 0.95 * std::exp(-since_kick / 0.15) * std::sin(2 * kPi * 55.0 * since_kick);
    audio.channel(0)[n] = audio.channel(1)[n] = static_cast<float>(pad + kick);
  }
  return audio;
}

// The kick-under-pad mix mastered to -8 LUFS with the default budget and with it opened to 60 dB.
Table limiter_over_time(const Lengths& lengths, Summary& summary) {
  constexpr double kTarget = -8.0;
  const AudioBuffer input = kick_under_pad(lengths.kick_seconds);
  const std::size_t intro_first = kRate / 10, intro_last = static_cast<std::size_t>(0.9 * kRate);
  Table table{{"time_s", "default_budget_db", "open_budget_db"}, {}};
  std::vector<std::vector<double>> gains;
  for (const bool open : {false, true}) {
    LimiterPlan limiter;
    if (open) limiter.budget_p99_db = limiter.budget_mean_db = 60.0;
    const MasteringPlan plan = loudness_and_limiter(kTarget, limiter);
    const RenderResult result = render_on(input, plan);
    gains.push_back(limiter_gain_db(input, result.audio, intro_first, intro_last));
    const std::string name = open ? "open_budget" : "default_budget";
    summary.emplace_back(name + "_lufs", result.after.integrated_lufs.value_or(-200.0));
    summary.emplace_back(name + "_limiter_max_db", result.limiter_reduction.max_db);
    summary.emplace_back(name + "_limiter_p99_db", result.limiter_reduction.p99_db);
    summary.emplace_back(name + "_limiter_mean_db", result.limiter_reduction.mean_db);
    summary.emplace_back(name + "_measured_deepest_db",
                         deepest_reduction_db(gains.back(), kIntroSeconds + 1.0, 1e9));
    summary.emplace_back(name + "_pad_pump_db",
                         pad_pump_db(result.audio, static_cast<std::size_t>((kIntroSeconds + 1.0) * kRate),
                                     result.audio.frames()));
  }
  for (std::size_t k = 0; k < gains[0].size(); ++k) {
    table.rows.push_back({static_cast<double>(k) / 1000.0, gains[0][k], gains[1][k]});
  }
  return table;
}

// The release: over a steady 3 kHz tone at -30 dBFS, a 10 ms burst of 100 Hz at 1 s and two seconds of it
// from 3 s, each 16 dB over the tone's peak, 8 s in all (times scaled by `scale`), mastered to -6 LUFS
// with the default limiter and budget. The first second, the tone alone, is the loudness gain's reference.
Table limiter_release(const Lengths& lengths, Summary& summary) {
  const double s = lengths.release_scale;
  const auto bass_plays = [s](double t) {
    return (t >= 1.0 * s && t < 1.0 * s + 0.01) || (t >= 3.0 * s && t < 5.0 * s);
  };
  AudioBuffer input(1, static_cast<std::size_t>(8.0 * s * kRate), kRate);
  for (std::size_t n = 0; n < input.frames(); ++n) {
    const double t = static_cast<double>(n) / kRate;
    double x = 0.0316 * std::sin(2 * kPi * 3000.0 * t);
    if (bass_plays(t)) x += 0.2 * std::sin(2 * kPi * 100.0 * (t - 1.0 * s));
    input.channel(0)[n] = static_cast<float>(x);
  }
  const RenderResult result = render_on(input, loudness_and_limiter(-6.0));
  const std::vector<double> gain =
      limiter_gain_db(input, result.audio, kRate / 10, static_cast<std::size_t>(0.9 * s * kRate));
  // bass_present (1 or 0) marks where the 100 Hz plays, for the plot to shade.
  Table table{{"time_s", "gain_db", "bass_present"}, {}};
  for (std::size_t k = 0; k < gain.size(); ++k) {
    const double t = static_cast<double>(k) / 1000.0;
    table.rows.push_back({t, gain[k], bass_plays(t) ? 1.0 : 0.0});
  }
  const auto at = [&](double seconds) {
    return gain[std::min(gain.size() - 1, std::size_t(seconds * 1000.0))];
  };
  summary.emplace_back("release_burst_deepest_db", deepest_reduction_db(gain, 1.0 * s, 1.0 * s + 0.05));
  summary.emplace_back("release_gain_0.1s_after_burst_db", at(1.0 * s + 0.11));
  summary.emplace_back("release_gain_0.4s_after_burst_db", at(1.0 * s + 0.41));
  summary.emplace_back("release_sustained_gain_db", at(4.5 * s));
  summary.emplace_back("release_gain_0.3s_after_sustained_db", at(5.0 * s + 0.3));
  summary.emplace_back("release_gain_2.9s_after_sustained_db", at(5.0 * s + 2.9 * s));
  summary.emplace_back("release_limiter_p99_db", result.limiter_reduction.p99_db);
  return table;
}

// ---------------------------------------------------------------------------------------------------------
// Reference matching

// A first-order low-pass at `corner_hz` (-6 dB an octave above it), then a 255-tap Kaiser-windowed sinc
// cutting at `cutoff_hz`: an old, dull recording.
AudioBuffer dulled(AudioBuffer audio, double corner_hz, double cutoff_hz) {
  const double pole = std::exp(-2.0 * kPi * corner_hz / kRate);
  constexpr int kHalf = 127;
  constexpr double kBeta = 8.0;
  std::vector<double> taps;
  const double fc = cutoff_hz / kRate;
  for (int k = -kHalf; k <= kHalf; ++k) {
    const double sinc = k == 0 ? 2.0 * fc : std::sin(2.0 * kPi * fc * k) / (kPi * k);
    const double r = static_cast<double>(k) / kHalf;
    taps.push_back(sinc * std::cyl_bessel_i(0.0, kBeta * std::sqrt(1.0 - r * r)) /
                   std::cyl_bessel_i(0.0, kBeta));
  }
  double sum = 0.0;
  for (const double t : taps) sum += t;
  for (double& t : taps) t /= sum;
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    double state = 0.0;
    std::vector<double> x(audio.frames());
    for (std::size_t n = 0; n < x.size(); ++n) {
      state = (1.0 - pole) * audio.channel(c)[n] + pole * state;
      x[n] = state;
    }
    for (std::size_t n = 0; n < x.size(); ++n) {
      double y = 0.0;
      for (std::size_t k = 0; k < taps.size() && k <= n; ++k) y += taps[k] * x[n - k];
      audio.channel(c)[n] = static_cast<float>(y);
    }
  }
  return audio;
}

// Uniform white noise at `peak`, independent per channel (xorshift64*, fixed seed), added to `audio`.
void add_hiss(AudioBuffer& audio, double peak) {
  std::uint64_t state = 0x2545F4914F6CDD1DULL;
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (float& x : audio.channel(c)) {
      state ^= state >> 12, state ^= state << 25, state ^= state >> 27;
      const double u = static_cast<double>((state * 0x2545F4914F6CDD1DULL) >> 11) * 0x1.0p-53;
      x += static_cast<float>(peak * (2.0 * u - 1.0));
    }
  }
}

// The demo groove dulled (-6 dB an octave above 1 kHz, nothing above 4 kHz) over hiss at -66 dBFS, matched
// to the groove itself, full range: the long-term spectra (64 log bands, dB) of the track, the reference,
// the master, and the track raised by the master's loudness gain (where the master follows that line,
// nothing but the loudness moved).
Table reference_spectra(const Lengths& lengths, Summary& summary) {
  const AudioBuffer reference = demo_groove(lengths.programme_seconds);
  AudioBuffer track = dulled(reference, 1000.0, 4000.0);
  add_hiss(track, std::pow(10.0, -66.0 / 20.0));
  MasterOptions options;
  options.mode = MasteringMode::reference;
  options.backend = BackendOptions::cpu(0);
  const MasterResult result = master(track, options, &reference);
  SpectralEngine engine(BackendOptions::cpu(0));
  const ContentProfile track_profile = analyze_content(track, engine);
  const ContentProfile reference_profile = analyze_content(reference, engine);
  const ContentProfile master_profile = analyze_content(result.audio, engine);
  const double gain_db = *master_profile.loudness.integrated_lufs - *track_profile.loudness.integrated_lufs;
  const std::vector<double> edges = band_edges_hz(BandLayout::log64, kRate);
  Table table{{"frequency_hz", "track_db", "reference_db", "master_db", "track_plus_gain_db"}, {}};
  double hiss_before = 0.0, hiss_after = 0.0;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    const double track_db = power_db(track_profile.log_band_power[b]);
    table.rows.push_back({std::sqrt(edges[b] * edges[b + 1]), track_db,
                          power_db(reference_profile.log_band_power[b]),
                          power_db(master_profile.log_band_power[b]), track_db + gain_db});
    if (edges[b] >= 8000.0) {
      hiss_before += track_profile.log_band_power[b];
      hiss_after += master_profile.log_band_power[b];
    }
  }
  summary.emplace_back("reference_loudness_gain_db", gain_db);
  summary.emplace_back("reference_hiss_rise_beyond_gain_db",
                       power_db(hiss_after) - power_db(hiss_before) - gain_db);
  const EqCurve& mid = result.report.plan.mid_eq;
  const auto largest = std::ranges::max_element(mid.gains_db);
  summary.emplace_back("reference_largest_mid_boost_db", *largest);
  summary.emplace_back("reference_largest_mid_boost_hz",
                       mid.frequencies_hz[static_cast<std::size_t>(largest - mid.gains_db.begin())]);
  return table;
}

}  // namespace

int main(int argc, char** argv) {
  const bool short_run = argc == 3 && std::string_view(argv[2]) == "--short";
  if (argc != 2 && !short_run) {
    std::fprintf(stderr,
                 "usage: auralis_response_data OUT_DIR [--short]\n"
                 "Renders test signals through the mastering chain and writes the measured responses as "
                 "CSV files into OUT_DIR (--short: a few seconds of audio each, for the tests).\n");
    return 2;
  }
  try {
    const std::filesystem::path out = argv[1];
    std::filesystem::create_directories(out);
    const Lengths& lengths = short_run ? kShort : kFull;
    const std::vector<double> grid = log_grid(20.0, 20000.0, lengths.points_per_octave);
    Summary summary;
    write_csv(out / "eq_presets.csv", preset_responses(grid, lengths, summary));
    const auto [magnitude, envelope] = phase_responses(grid, summary);
    write_csv(out / "eq_phase_magnitude.csv", magnitude);
    write_csv(out / "eq_phase_impulse.csv", envelope);
    write_csv(out / "limiter_gain.csv", limiter_over_time(lengths, summary));
    write_csv(out / "limiter_release.csv", limiter_release(lengths, summary));
    write_csv(out / "reference_spectra.csv", reference_spectra(lengths, summary));
    std::ofstream summary_file(out / "summary.csv");
    summary_file << "name,value\n";
    for (const auto& [name, value] : summary) summary_file << name << ',' << value << '\n';
    if (!summary_file) throw Error(ErrorCode::write_failed, "cannot write summary.csv");
    std::printf("wrote the measured responses into %s\n", out.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "auralis_response_data: %s\n", e.what());
    return 1;
  }
  return 0;
}
