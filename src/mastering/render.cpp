// render: the mastering chain in its fixed order (EQ, compressor, width, loudness gain, true-peak limiter),
// every decision taken once for the whole track.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "core/denormals.hpp"
#include "dsp/compressor.hpp"
#include "dsp/eq_design.hpp"
#include "dsp/stereo_width.hpp"
#include "dsp/true_peak_limiter.hpp"
#include "mastering/plan_limits.hpp"
#include "mastering/presets.hpp"
#include "mastering/stage_clock.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace auralis {

namespace {

// Loudness after limiting may miss the target (the limiter takes some level away): the gain is corrected
// and the limiter re-run from the same pre-gain audio until within this, at most kLoudnessPasses times.
constexpr double kLoudnessToleranceLu = 0.1;
constexpr int kLoudnessPasses = 4;
// The limiter aims this far under the ceiling, so that other meters agree the ceiling holds: libebur128's
// interpolator reads up to 0.17 dB above ours on the corpus (bright 48 kHz synths); BS.1770 allows both.
// A final check with our meter lowers the aim further if needed.
constexpr double kCeilingMarginDb = 0.15;

// The EQ's gain points: the critical-band curve (scaled), plus a mid or side curve when there is one.
dsp::GainPoints eq_points(const MasteringPlan& plan, const EqCurve* extra) {
  dsp::GainPoints points;
  const auto centres = mastering::critical_band_centres_hz();
  if (extra == nullptr || extra->frequencies_hz.empty()) {
    points.frequencies_hz.assign(centres.begin(), centres.end());
    for (std::size_t b = 0; b < critical_band_count; ++b)
      points.gains_db.push_back(plan.amounts.eq * plan.eq_db[b]);
    return points;
  }
  dsp::GainPoints bands{{centres.begin(), centres.end()}, {plan.eq_db.begin(), plan.eq_db.end()}};
  points.frequencies_hz = extra->frequencies_hz;
  for (std::size_t i = 0; i < extra->frequencies_hz.size(); ++i) {
    const double g = extra->gains_db[i] + dsp::interpolate_gain_db(bands, extra->frequencies_hz[i]);
    points.gains_db.push_back(plan.amounts.eq *
                              std::clamp(g, -mastering::max_match_db, mastering::max_match_db));
  }
  return points;
}

bool is_flat(const dsp::GainPoints& points) {
  return std::ranges::all_of(points.gains_db, [](double g) { return g == 0.0; });
}

void to_mid_side(AudioBuffer& audio) {
  auto l = audio.channel(0), r = audio.channel(1);
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const float m = 0.5f * (l[n] + r[n]), s = 0.5f * (l[n] - r[n]);
    l[n] = m;
    r[n] = s;
  }
}

void to_left_right(AudioBuffer& audio) {
  auto m = audio.channel(0), s = audio.channel(1);
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const float l = m[n] + s[n], r = m[n] - s[n];
    m[n] = l;
    s[n] = r;
  }
}

// Filters `audio` into `out`; returns false (leaving `out` alone) when the EQ has nothing to do.
bool apply_eq(const AudioBuffer& audio, const MasteringPlan& plan, SpectralEngine& engine, AudioBuffer& out) {
  if (plan.amounts.eq <= 0.0) return false;
  const bool mid_side =
      audio.channels() == 2 && (!plan.mid_eq.frequencies_hz.empty() || !plan.side_eq.frequencies_hz.empty());
  const dsp::GainPoints first = eq_points(plan, mid_side ? &plan.mid_eq : nullptr);
  const dsp::GainPoints second = eq_points(plan, mid_side ? &plan.side_eq : nullptr);
  if (is_flat(first) && is_flat(second)) return false;
  std::vector<FirFilter> filters{dsp::design_eq_fir(first, audio.sample_rate())};
  if (mid_side) filters.push_back(dsp::design_eq_fir(second, audio.sample_rate()));
  std::vector<AudioBuffer> outputs(1);
  if (mid_side) {
    AudioBuffer ms = audio;
    to_mid_side(ms);
    const ConvolutionJob jobs[] = {{&ms, std::move(filters)}};
    engine.convolve(jobs, outputs);
  } else {
    const ConvolutionJob jobs[] = {{&audio, std::move(filters)}};
    engine.convolve(jobs, outputs);
  }
  out = std::move(outputs[0]);
  if (mid_side) to_left_right(out);
  return true;
}

void apply_compressor(AudioBuffer& audio, const MasteringPlan& plan) {
  const CompressorPlan& c = plan.compressor;
  dsp::CompressorSettings settings;
  settings.detector = c.detector == DetectorKind::rms ? dsp::DetectorMode::rms : dsp::DetectorMode::peak;
  settings.detector_window_ms = c.rms_window_ms;
  settings.curve = {c.threshold_dbfs, 1.0 + (c.ratio - 1.0) * plan.amounts.dynamics, c.knee_db};
  settings.attack_ms = c.attack_ms;
  settings.release_ms = c.release_ms;
  settings.makeup_db = c.makeup_db * plan.amounts.dynamics;
  dsp::Compressor compressor;
  compressor.prepare(audio.sample_rate(), settings);
  std::vector<float*> planes;
  for (std::size_t ch = 0; ch < audio.channels(); ++ch) planes.push_back(audio.channel(ch).data());
  compressor.process(planes, audio.frames());
}

void apply_gain(AudioBuffer& audio, double gain_db) {
  const auto gain = static_cast<float>(std::pow(10.0, gain_db / 20.0));
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (float& x : audio.channel(c)) x *= gain;
  }
}

// Brings samples too large for the float chain (3e38 is finite, but the EQ's sums and the meter's squares
// overflow long before it) under full scale by a power of two, which is exact. Returns the gain in dB,
// or 0 where the peak is below mastering::largest_unscaled_peak.
double scale_down_huge_samples(AudioBuffer& audio, double sample_peak) {
  if (!(sample_peak > mastering::largest_unscaled_peak)) return 0.0;
  const int exponent = std::ilogb(sample_peak) + 1;
  // In double: the gain itself (2^-128 for 3e38) may be below float's normal range.
  const double gain = std::ldexp(1.0, -exponent);
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (float& x : audio.channel(c)) x = static_cast<float>(gain * x);
  }
  return 20.0 * std::log10(gain);
}

std::optional<double> integrated(const AudioBuffer& audio) {
  LoudnessOptions options;
  options.true_peak = false;
  return measure_loudness(audio, options).integrated_lufs;
}

}  // namespace

RenderResult render(AudioBuffer audio, const MasteringPlan& plan, SpectralEngine& engine,
                    const ProgressCallback& progress, const LoudnessReport* measured) {
  mastering::validate_plan(plan);
  if (audio.empty()) throw Error(ErrorCode::empty_audio, "render: the audio has no samples");
  const core::ScopedFlushDenormals flush;
  RenderResult result;
  mastering::StageClock clock(result.timings, progress);
  LoudnessOptions meter_options;
  meter_options.threads = engine.stats().threads;

  if (measured != nullptr) {
    result.before = *measured;
  } else {
    clock.start("measure", 0.0);
    result.before = measure_loudness(audio, meter_options);
  }
  if (!result.before.integrated_lufs && result.before.sample_peak == 0.0) {
    result.audio = std::move(audio);
    result.warnings.push_back("the input is silent; it is returned unchanged");
    result.after = result.before;
    clock.finish();
    return result;
  }

  if (const double scaled_db = scale_down_huge_samples(audio, result.before.sample_peak); scaled_db != 0.0) {
    char note[160];
    std::snprintf(
        note, sizeof note,
        "samples reach %+.1f dBFS, beyond what the chain processes; scaled by %.1f dB (a power of two, "
        "exact) before processing",
        20.0 * std::log10(result.before.sample_peak), scaled_db);
    result.warnings.emplace_back(note);
  }

  clock.start("eq", 0.1);
  // The EQ writes a new buffer, after which the input is freed; without it the chain works in place.
  if (!apply_eq(audio, plan, engine, result.audio)) result.audio = std::move(audio);
  audio = AudioBuffer();
  AudioBuffer& x = result.audio;

  clock.start("dynamics", 0.4);
  if (plan.compressor_enabled && plan.amounts.dynamics > 0.0) apply_compressor(x, plan);

  clock.start("width", 0.55);
  if (plan.amounts.width > 0.0) {
    if (x.channels() == 2) {
      const dsp::WidthSettings settings{1.0 + (plan.width.side_gain - 1.0) * plan.amounts.width,
                                        plan.width.bass_mono_hz, plan.width.min_correlation};
      if (settings.side_gain != 1.0 || settings.bass_mono_hz > 0.0) {
        const dsp::WidthResult width = dsp::apply_stereo_width(x, settings);
        if (width.applied_side_gain < settings.side_gain) {
          result.warnings.push_back("stereo widening reduced to keep the correlation above its floor");
        }
      }
    } else if (x.channels() > 2) {
      result.warnings.push_back("stereo width skipped: more than two channels");
    }
  }

  clock.start("loudness", 0.65);
  double gain_db = 0.0;
  const bool normalise = plan.target_lufs && plan.amounts.loudness > 0.0;
  if (normalise) {
    if (const auto level = integrated(x)) {
      gain_db = (*plan.target_lufs - *level) * plan.amounts.loudness;
    } else {
      result.warnings.push_back("no measurable loudness after processing; loudness gain skipped");
    }
  }
  if (!plan.limiter.enabled) {
    if (gain_db != 0.0) apply_gain(x, gain_db);
  } else {
    clock.start("limiter", 0.75);
    // The block peaks scale with the input gain, so they are measured once. The limited audio is made in
    // place; a further pass (to correct the loudness or the aim) rescales it by the ratio of the new gain
    // envelope to the old, so no unlimited copy is kept.
    const dsp::BlockPeaks peaks(x, engine.stats().threads);
    double ceiling = plan.limiter.ceiling_dbtp - kCeilingMarginDb;
    std::vector<float> applied;
    for (int pass = 0; pass < kLoudnessPasses; ++pass) {
      dsp::LimiterGain planned =
          dsp::plan_limiter_gain(peaks, x.frames(), x.sample_rate(), gain_db,
                                 {ceiling, plan.limiter.lookahead_ms, plan.limiter.release_ms});
      dsp::apply_gain_envelope(x, planned.gain, applied);
      applied = std::move(planned.gain);
      result.after = measure_loudness(x, meter_options);
      bool again = false;
      // The meter's interpolator may see a little more than the limiter's blocks: lower the aim.
      const double peak = LoudnessReport::to_db(result.after.true_peak.value_or(0.0)).value_or(-200.0);
      if (peak > plan.limiter.ceiling_dbtp) {
        ceiling -= peak - plan.limiter.ceiling_dbtp + kCeilingMarginDb;
        again = true;
      }
      const auto& level = result.after.integrated_lufs;
      if (normalise && plan.amounts.loudness >= 1.0 && level &&
          std::abs(*level - *plan.target_lufs) > kLoudnessToleranceLu) {
        gain_db += *plan.target_lufs - *level;
        again = true;
      }
      if (!again) break;
    }
  }

  if (!plan.limiter.enabled) {
    clock.start("measure", 0.95);
    result.after = measure_loudness(x, meter_options);
  }
  if (plan.limiter.enabled && result.after.true_peak &&
      *LoudnessReport::to_db(*result.after.true_peak) > plan.limiter.ceiling_dbtp) {
    result.warnings.push_back("true peak still above the ceiling after limiting");
  }
  if (normalise && plan.amounts.loudness >= 1.0 && result.after.integrated_lufs &&
      std::abs(*result.after.integrated_lufs - *plan.target_lufs) > 0.5) {
    result.warnings.push_back("the loudness target was not reached within 0.5 LU (the ceiling limits it)");
  }
  clock.finish();
  return result;
}

}  // namespace auralis
