// Stereo width in mid/side: side gain, side removed below a crossover (bass kept mono), and a guard that
// lowers a widening gain until the channels' correlation stays at or above a floor.
#pragma once

#include <auralis/audio_buffer.hpp>

namespace auralis::dsp {

struct WidthSettings {
  double side_gain = 1.0;        ///< Linear; 1 = unchanged, 0 = mono.
  double bass_mono_hz = 0.0;     ///< High-pass (4th-order Linkwitz-Riley) on the side below this; 0 = off.
  double min_correlation = 0.0;  ///< Floor for the output's L/R correlation when widening.
};

struct WidthResult {
  double applied_side_gain = 1.0;  ///< After the correlation guard.
  double correlation_before = 1.0;
  double correlation_after = 1.0;
};

/// Processes a stereo buffer in place. Throws Error(invalid_argument) unless it has two channels.
WidthResult apply_stereo_width(AudioBuffer& audio, const WidthSettings& settings);

}  // namespace auralis::dsp
