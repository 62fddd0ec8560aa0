// SPDX-License-Identifier: MIT
// The GPU path streams in few, large submissions: a 4-minute track's analysis and its EQ render each take
// at most 4 queue submissions and move little more than the PCM itself over the bus.
#include <auralis/backend.hpp>
#include <auralis/mastering.hpp>

#include "support/backends.hpp"
#include "support/signals.hpp"

#include <gtest/gtest.h>

namespace {

using auralis::AudioBuffer;
using auralis::BackendStats;
using auralis::test::TestBackend;

constexpr std::uint32_t kRate = 44100;
constexpr double kSeconds = 240.0;

double pcm_bytes(const AudioBuffer& audio) {
  return static_cast<double>(audio.channels() * audio.frames() * sizeof(float));
}

TEST(VulkanStreaming, AFourMinuteTrackTakesFewSubmissionsAndLittleTraffic) {
  AURALIS_TEST_ENGINE(gpu, TestBackend::vulkan, 2);
  const AudioBuffer audio = auralis::test::pink_noise(2, kRate, kSeconds, -12.0, 0x737472ULL);

  const BackendStats start = gpu.stats();
  const auralis::ContentProfile profile = auralis::analyze_content(audio, gpu);
  const BackendStats analysed = gpu.stats();
  // Analysis uploads the mid and side signals (as many samples as the PCM, plus the overlap of its few
  // segments) and downloads band energies only: 1.1x covers the overlap with room to spare.
  EXPECT_LE(analysed.submissions - start.submissions, 4u);
  EXPECT_LE(static_cast<double>(analysed.bytes_uploaded - start.bytes_uploaded), 1.1 * pcm_bytes(audio));

  // An EQ-only plan renders in one pass: each segment's samples go up and come back once, plus the
  // filter's reach (8190 samples) beside each of the 3 segments and the filter itself.
  auralis::MasteringPlan plan = auralis::plan_adaptive(profile, auralis::Preset::warm);
  plan.target_lufs.reset();
  plan.amounts.width = 0.0;
  plan.amounts.dynamics = 0.0;
  plan.limiter.enabled = false;
  ASSERT_NE(plan.eq_db[2], 0.0);  // the warm preset shapes the spectrum, so the EQ runs
  const auralis::RenderResult rendered = auralis::render(audio, plan, gpu);
  const BackendStats after = gpu.stats();
  EXPECT_EQ(rendered.audio.frames(), audio.frames());
  EXPECT_LE(after.submissions - analysed.submissions, 4u);
  const double moved = static_cast<double>(after.bytes_uploaded - analysed.bytes_uploaded +
                                           after.bytes_downloaded - analysed.bytes_downloaded);
  EXPECT_LE(moved, 2.2 * pcm_bytes(audio));
  EXPECT_EQ(after.cpu_fallbacks, 0u);
}

}  // namespace
