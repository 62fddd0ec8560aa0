// SPDX-License-Identifier: MIT
// measure_with_libebur128: the audio fed to libebur128 in interleaved chunks, each channel in its BS.1770
// role.
#include "support/libebur128_meter.hpp"

#include "support/ebur128_channels.hpp"
#include "support/signals.hpp"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

namespace auralis::test {

Ebur128Result measure_with_libebur128(const AudioBuffer& audio) {
  const auto channels = static_cast<unsigned>(audio.channels());
  std::unique_ptr<ebur128_state, void (*)(ebur128_state*)> state(
      ebur128_init(channels, audio.sample_rate(), EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK),
      [](ebur128_state* s) { ebur128_destroy(&s); });
  if (!state) throw std::runtime_error("ebur128_init failed");
  for (unsigned c = 0; c < channels; ++c) {
    if (ebur128_set_channel(state.get(), c,
                            ebur128_channel_for(audio.layout()[c], has_side_pair(audio.layout()))) !=
        EBUR128_SUCCESS)
      throw std::runtime_error("ebur128_set_channel failed");
  }
  constexpr std::size_t kChunk = 1 << 16;
  for (std::size_t first = 0; first < audio.frames(); first += kChunk) {
    const std::vector<float> interleaved = interleave(audio, first, kChunk);
    if (ebur128_add_frames_float(state.get(), interleaved.data(), interleaved.size() / channels) !=
        EBUR128_SUCCESS)
      throw std::runtime_error("ebur128_add_frames_float failed");
  }
  Ebur128Result result;
  ebur128_loudness_global(state.get(), &result.integrated);
  double peak = 0.0;
  for (unsigned c = 0; c < channels; ++c) {
    double channel_peak = 0.0;
    ebur128_true_peak(state.get(), c, &channel_peak);
    peak = std::max(peak, channel_peak);
  }
  result.true_peak_db = 20.0 * std::log10(peak);
  return result;
}

}  // namespace auralis::test
