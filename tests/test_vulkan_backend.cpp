// SPDX-License-Identifier: MIT
// The Vulkan backend against the CPU backend (cross-validation on random data and corpus music), its
// transfer and submission targets, tracks split into several passes and submissions, the on-disk kernel
// cache, and every fault the backend must survive by re-running the job on the CPU.
#include <auralis/audio_io.hpp>
#include <auralis/backend.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "support/backends.hpp"
#include "support/corpus.hpp"
#include "support/measurements.hpp"
#include "support/seeds.hpp"
#include "support/signals.hpp"
#include "support/vulkan_device.hpp"
#include "vulkan/faults.hpp"
#include "vulkan/fft_plans.hpp"
#include "vulkan/gpu_budget.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>

namespace {

using auralis::AudioBuffer;
using auralis::BandLayout;
using auralis::ConvolutionJob;
using auralis::FirFilter;
using auralis::SpectralAnalysis;
using auralis::StftSpec;
using auralis::Window;
using auralis::test::TestBackend;

// docs/accuracy.md: each backend is within ~2e-6 of float64 on bands holding >= 1e-4 of their frame, so
// two backends are within the 1e-5 of each other there; convolution SNR between them >= 110 dB.
constexpr double kBandTolerance = 1e-5;
constexpr double kShare = 1e-4;
constexpr double kMinSnrDb = 110.0;

AudioBuffer noise(std::size_t channels, double seconds, std::uint32_t rate, std::uint64_t seed) {
  return auralis::test::white_noise(channels, rate, seconds, -10.0, seed);
}

FirFilter random_filter(std::size_t taps, std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f / std::sqrt(static_cast<float>(taps)));
  std::vector<float> h(taps);
  for (float& x : h) x = normal(generator);
  return FirFilter::linear_phase(std::move(h));
}

// Worst relative difference of bands holding at least kShare of their frame, and of the average power of
// bins holding at least 1e-6 of the total.
struct AnalysisDifference {
  double bands = 0.0;
  double average_power = 0.0;
};

AnalysisDifference compare(const SpectralAnalysis& a, const SpectralAnalysis& b) {
  AnalysisDifference worst;
  for (std::size_t l = 0; l < a.layouts.size(); ++l) {
    const auto& x = a.layouts[l];
    const auto& y = b.layouts[l];
    for (std::size_t c = 0; c < a.channels; ++c) {
      for (std::size_t f = 0; f < a.frames; ++f) {
        double total = 0.0;
        for (std::size_t k = 0; k < x.bands(); ++k) total += y.at(c, f, k);
        for (std::size_t k = 0; k < x.bands(); ++k) {
          const double expected = y.at(c, f, k);
          if (expected < kShare * total) continue;
          worst.bands = std::max(worst.bands, std::abs(x.at(c, f, k) - expected) / expected);
        }
      }
    }
  }
  double total = 0.0;
  for (double p : b.average_power) total += p;
  for (std::size_t i = 0; i < a.average_power.size(); ++i) {
    if (b.average_power[i] < 1e-6 * total) continue;
    worst.average_power =
        std::max(worst.average_power, std::abs(a.average_power[i] - b.average_power[i]) / b.average_power[i]);
  }
  return worst;
}

double snr_db(const AudioBuffer& got, const AudioBuffer& expected) {
  double signal = 0.0, error = 0.0;
  for (std::size_t c = 0; c < got.channels(); ++c) {
    for (std::size_t n = 0; n < got.frames(); ++n) {
      const double e = expected.channel(c)[n];
      signal += e * e;
      error += (got.channel(c)[n] - e) * (got.channel(c)[n] - e);
    }
  }
  return 10.0 * std::log10(signal / std::max(error, 1e-300));
}

bool same_bits(const AudioBuffer& a, const AudioBuffer& b) {
  if (a.channels() != b.channels() || a.frames() != b.frames()) return false;
  for (std::size_t c = 0; c < a.channels(); ++c) {
    if (std::memcmp(a.channel(c).data(), b.channel(c).data(), a.channel(c).size_bytes()) != 0) return false;
  }
  return true;
}

void expect_backends_agree(const AudioBuffer& audio, const StftSpec& spec, std::size_t taps,
                           const std::string& label) {
  AURALIS_TEST_ENGINE(gpu, TestBackend::vulkan, 2);
  auralis::SpectralEngine cpu(auralis::BackendOptions::cpu(2));
  const AudioBuffer* tracks[] = {&audio};
  const BandLayout layouts[] = {BandLayout::log64, BandLayout::bark};
  const AnalysisDifference difference =
      compare(gpu.analyze(tracks, spec, layouts)[0], cpu.analyze(tracks, spec, layouts)[0]);
  EXPECT_LE(difference.bands, kBandTolerance) << label;
  EXPECT_LE(difference.average_power, kBandTolerance) << label;
  const ConvolutionJob jobs[] = {{&audio, {random_filter(taps, auralis::test::fresh_seed())}}};
  const double snr = snr_db(gpu.convolve(jobs)[0], cpu.convolve(jobs)[0]);
  EXPECT_GE(snr, kMinSnrDb) << label;
  auralis::test::record_measurement(label + "_band_relative_error", difference.bands);
  auralis::test::record_measurement(label + "_average_power_relative_error", difference.average_power);
  auralis::test::record_measurement(label + "_convolution_snr_db", snr);
}

TEST(VulkanCrossValidation, AgreesWithTheCpuOnRandomData) {
  const std::uint64_t seed = auralis::test::fresh_seed();
  expect_backends_agree(noise(2, 3.0, 44100, seed), {4096, 1024, Window::hann}, 8191, "noise_44k_4096");
  expect_backends_agree(noise(1, 2.0, 96000, seed + 1), {1024, 256, Window::blackman_harris}, 255,
                        "noise_96k_1024");
}

TEST(VulkanCrossValidation, AgreesWithTheCpuOnCorpusMusic) {
  for (const char* name : {"default_rock.wav", "default_piano.wav"}) {
    AURALIS_REQUIRE_CORPUS_TRACK(path, name);
    const AudioBuffer track = auralis::read_audio(path).audio;
    // Ten seconds from the middle of the track.
    AudioBuffer excerpt(track.channels(), 10 * track.sample_rate(), track.sample_rate());
    for (std::size_t c = 0; c < track.channels(); ++c) {
      const auto from = track.channel(c).subspan(track.frames() / 2, excerpt.frames());
      std::copy(from.begin(), from.end(), excerpt.channel(c).begin());
    }
    expect_backends_agree(excerpt, {4096, 1024, Window::hann}, 8191, std::string(name).substr(8, 4));
  }
}

TEST(VulkanTransfers, BytesAndSubmissionsStayWithinTargets) {
  AURALIS_TEST_ENGINE(gpu, TestBackend::vulkan, 2);
  const AudioBuffer audio = noise(2, 20.0, 44100, auralis::test::fresh_seed());
  const double pcm_bytes = static_cast<double>(audio.channels() * audio.frames() * sizeof(float));
  const AudioBuffer* tracks[] = {&audio};
  const BandLayout layouts[] = {BandLayout::log64, BandLayout::bark};
  (void)gpu.analyze(tracks, {4096, 1024, Window::hann}, layouts);
  const auralis::BackendStats after_analysis = gpu.stats();
  const ConvolutionJob jobs[] = {{&audio, {random_filter(8191, 7)}}};
  (void)gpu.convolve(jobs);
  const auralis::BackendStats after_both = gpu.stats();
  EXPECT_EQ(after_both.cpu_fallbacks, 0u);
  const double analysis_moved =
      static_cast<double>(after_analysis.bytes_uploaded + after_analysis.bytes_downloaded);
  const double convolution_moved =
      static_cast<double>(after_both.bytes_uploaded + after_both.bytes_downloaded) - analysis_moved;
  EXPECT_LE(analysis_moved, 2.2 * pcm_bytes);
  EXPECT_LE(convolution_moved, 2.2 * pcm_bytes);
  EXPECT_LE(after_both.submissions, 4u);
  auralis::test::record_measurement("analysis_bytes_ratio", analysis_moved / pcm_bytes);
  auralis::test::record_measurement("convolution_bytes_ratio", convolution_moved / pcm_bytes);
  auralis::test::record_measurement("submissions", static_cast<double>(after_both.submissions));
}

// Device time comes from GPU timestamps at the start and end of each submission (lavapipe and desktop GPUs
// have them on compute queues): it is counted for the operation that submitted, and it lies inside the wall
// time the backend spent on that operation, which also covers recording, waiting and host copies.
TEST(VulkanTransfers, DeviceTimeIsCountedPerOperationWithinItsWallTime) {
  AURALIS_TEST_ENGINE(gpu, TestBackend::vulkan, 2);
  AURALIS_TEST_ENGINE(cpu, TestBackend::cpu, 2);
  const AudioBuffer audio = noise(2, 6.0, 44100, auralis::test::fresh_seed());
  const AudioBuffer* tracks[] = {&audio};
  const BandLayout layouts[] = {BandLayout::bark};
  const ConvolutionJob jobs[] = {{&audio, {random_filter(2047, 5)}}};
  for (auralis::SpectralEngine* engine : {&gpu, &cpu}) {
    (void)engine->analyze(tracks, {2048, 512, Window::hann}, layouts);
    (void)engine->convolve(jobs);
  }
  const auralis::BackendStats on_gpu = gpu.stats();
  ASSERT_EQ(on_gpu.cpu_fallbacks, 0u);
  for (const auralis::OperationStats& op : {on_gpu.analyze, on_gpu.convolve}) {
    EXPECT_GT(op.device_seconds, 0.0);
    EXPECT_LE(op.device_seconds, op.seconds);
  }
  EXPECT_EQ(cpu.stats().analyze.device_seconds, 0.0);
  EXPECT_EQ(cpu.stats().convolve.device_seconds, 0.0);
}

TEST(VulkanTransfers, SeveralTracksShareOneSubmission) {
  AURALIS_TEST_ENGINE(gpu, TestBackend::vulkan, 2);
  const std::uint64_t seed = auralis::test::fresh_seed();
  const AudioBuffer a = noise(2, 3.0, 44100, seed), b = noise(1, 2.0, 48000, seed + 1),
                    c = noise(2, 1.0, 96000, seed + 2);
  const AudioBuffer* tracks[] = {&a, &b, &c};
  const BandLayout layouts[] = {BandLayout::bark};
  (void)gpu.analyze(tracks, {2048, 512, Window::hann}, layouts);
  EXPECT_EQ(gpu.stats().submissions, 1u);
  const ConvolutionJob jobs[] = {
      {&a, {random_filter(511, 1)}}, {&b, {random_filter(4095, 2)}}, {&c, {random_filter(33, 3)}}};
  (void)gpu.convolve(jobs);
  EXPECT_EQ(gpu.stats().submissions, 2u);
}

// Budgets lowered so one track is cut into many passes and submissions: the results must not change
// beyond rounding (VkFFT may transform neighbouring real rows together, so a frame's rounding depends on
// its row; measured up to 1.4e-6), and every frame and sample must be covered.
TEST(VulkanTransfers, TracksSplitIntoPassesAndSubmissionsGiveTheSameResults) {
  AURALIS_TEST_ENGINE(gpu, TestBackend::vulkan, 2);
  const std::uint64_t seed = auralis::test::fresh_seed();
  const AudioBuffer a = noise(2, 4.0, 44100, seed), b = noise(1, 1.5, 48000, seed + 1);
  const AudioBuffer* tracks[] = {&a, &b};
  const BandLayout layouts[] = {BandLayout::log64, BandLayout::bark};
  const StftSpec spec{2048, 512, Window::hann};
  const ConvolutionJob jobs[] = {{&a, {random_filter(1001, 1), random_filter(3000, 2)}},
                                 {&b, {random_filter(257, 3)}}};
  const auto whole_analysis = gpu.analyze(tracks, spec, layouts);
  const auto whole_output = gpu.convolve(jobs);
  const std::uint64_t whole_submissions = gpu.stats().submissions;

  auralis::vulkan::testing::limit_gpu_budgets(std::size_t{1} << 18, std::size_t{1} << 16);
  const auto split_analysis = gpu.analyze(tracks, spec, layouts);
  const auto split_output = gpu.convolve(jobs);
  auralis::vulkan::testing::limit_gpu_budgets(0, 0);
  EXPECT_GE(gpu.stats().submissions - whole_submissions, 8u);
  EXPECT_EQ(gpu.stats().cpu_fallbacks, 0u);
  for (std::size_t t = 0; t < 2; ++t) {
    const AnalysisDifference d = compare(split_analysis[t], whole_analysis[t]);
    EXPECT_LE(d.bands, 5e-6) << "track " << t;
    EXPECT_LE(d.average_power, 5e-6) << "track " << t;
    EXPECT_GE(snr_db(split_output[t], whole_output[t]), 130.0) << "track " << t;
  }
}

// Automatic choice with the device named through the environment (as tests and users may): large jobs go to
// the device, jobs too small to be worth a submission stay on the CPU.
TEST(VulkanAutomatic, SmallJobsStayOnTheCpuLargeOnesGoToTheDevice) {
  const char* previous = std::getenv("AURALIS_VULKAN_DEVICE");
  const std::string saved = previous ? previous : "";
  setenv("AURALIS_VULKAN_DEVICE", auralis::test::backend_options(TestBackend::vulkan).device.c_str(), 1);
  auralis::SpectralEngine engine;  // BackendKind::automatic
  if (previous) {
    setenv("AURALIS_VULKAN_DEVICE", saved.c_str(), 1);
  } else {
    unsetenv("AURALIS_VULKAN_DEVICE");
  }
  if (engine.stats().backend != "vulkan") {
    if (auralis::test::vulkan_required()) FAIL() << "the named Vulkan device was not taken";
    GTEST_SKIP() << "no Vulkan device here";
  }
  const AudioBuffer small = noise(2, 0.5, 44100, 1), large = noise(2, 4.0, 44100, 2);
  const BandLayout layouts[] = {BandLayout::bark};
  const AudioBuffer* small_tracks[] = {&small};
  (void)engine.analyze(small_tracks, {1024, 256, Window::hann}, layouts);
  EXPECT_EQ(engine.stats().cpu_fallbacks, 1u);
  EXPECT_EQ(engine.stats().submissions, 0u);
  const AudioBuffer* large_tracks[] = {&large};
  (void)engine.analyze(large_tracks, {1024, 256, Window::hann}, layouts);
  EXPECT_EQ(engine.stats().cpu_fallbacks, 1u);
  EXPECT_EQ(engine.stats().submissions, 1u);
  EXPECT_TRUE(engine.stats().fault.empty());
}

TEST(VulkanKernelCache, ASecondProcessLoadsCompiledKernelsFromDisk) {
  const std::filesystem::path cache = std::filesystem::temp_directory_path() /
                                      ("auralis-cache-" + std::to_string(auralis::test::fresh_seed()));
  const char* previous = std::getenv("XDG_CACHE_HOME");
  const std::string saved = previous ? previous : "";
  setenv("XDG_CACHE_HOME", cache.c_str(), 1);
  {
    AURALIS_TEST_VULKAN_DEVICE(device);
    {
      auralis::vulkan::FftPlans first(*device);
      first.plan(512, 64);
      EXPECT_EQ(first.compiled(), 1u);
    }
    std::size_t files = 0;
    // Only ours: the driver may keep its own shader cache beside it (Mesa does).
    for (const auto& entry : std::filesystem::recursive_directory_iterator(cache / "auralis")) {
      files += entry.is_regular_file();
    }
    EXPECT_EQ(files, 1u);
    auralis::vulkan::FftPlans second(*device);  // as a new process would: nothing in memory
    second.plan(512, 64);
    EXPECT_EQ(second.compiled(), 0u);
  }
  if (previous) {
    setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  } else {
    unsetenv("XDG_CACHE_HOME");
  }
  std::filesystem::remove_all(cache);
}

// Each fault, injected into a fresh engine's first job: the job re-runs on the CPU (bit-identical to the
// CPU backend's own result), a warning names the fault, and the device is not used again.
class VulkanFaults : public ::testing::TestWithParam<auralis::vulkan::FaultKind> {};

TEST_P(VulkanFaults, JobRerunsOnTheCpuWithAWarning) {
  const auto kind = GetParam();
  auralis::BackendOptions options = auralis::test::backend_options(TestBackend::vulkan, 2);
  std::vector<std::string> warnings;
  options.on_warning = [&](const std::string& message) { warnings.push_back(message); };
  std::optional<auralis::SpectralEngine> engine;
  try {
    engine.emplace(options);
  } catch (const auralis::Error& error) {
    if (auralis::test::vulkan_required())
      FAIL() << "Vulkan backend required here but unavailable: " << error.what();
    GTEST_SKIP() << "Vulkan backend unavailable: " << error.what();
  }
  auralis::SpectralEngine cpu(auralis::BackendOptions::cpu(2));
  const AudioBuffer audio = noise(2, 2.0, 44100, auralis::test::fresh_seed());
  const AudioBuffer* tracks[] = {&audio};
  const BandLayout layouts[] = {BandLayout::bark};
  const StftSpec spec{1024, 256, Window::hann};
  const ConvolutionJob jobs[] = {{&audio, {random_filter(2047, 5)}}};

  auralis::vulkan::testing::inject_fault(kind);
  const auto analysis = engine->analyze(tracks, spec, layouts);
  auralis::vulkan::testing::clear_injected_fault();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(auralis::vulkan::to_string(kind)), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("CPU"), std::string::npos) << warnings[0];
  const auto expected = cpu.analyze(tracks, spec, layouts);
  EXPECT_EQ(analysis[0].layouts[0].energy, expected[0].layouts[0].energy);
  EXPECT_EQ(analysis[0].average_power, expected[0].average_power);

  const std::uint64_t submissions = engine->stats().submissions;
  const AudioBuffer output = engine->convolve(jobs)[0];  // the device is not tried again
  EXPECT_TRUE(same_bits(output, cpu.convolve(jobs)[0]));
  const auralis::BackendStats stats = engine->stats();
  EXPECT_EQ(stats.submissions, submissions);
  EXPECT_EQ(stats.cpu_fallbacks, 2u);
  EXPECT_NE(stats.fault.find(auralis::vulkan::to_string(kind)), std::string::npos) << stats.fault;
  EXPECT_EQ(stats.analyze.transforms, expected[0].channels * expected[0].frames);
  EXPECT_EQ(warnings.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Kinds, VulkanFaults,
                         ::testing::Values(auralis::vulkan::FaultKind::device_lost,
                                           auralis::vulkan::FaultKind::out_of_device_memory,
                                           auralis::vulkan::FaultKind::out_of_host_memory,
                                           auralis::vulkan::FaultKind::fence_timeout,
                                           auralis::vulkan::FaultKind::shader_failure,
                                           auralis::vulkan::FaultKind::plan_failure),
                         [](const auto& param_info) {
                           std::string name = auralis::vulkan::to_string(param_info.param);
                           for (char& ch : name) ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           return name;
                         });

// Mastering renders through the engine: the same plan on either backend gives masters within the
// cross-backend tolerance (the EQ's convolution is the only GPU stage).
TEST(VulkanMastering, SamePlanMastersAlikeOnBothBackends) {
  AURALIS_TEST_ENGINE(gpu, TestBackend::vulkan, 2);
  auralis::SpectralEngine cpu(auralis::BackendOptions::cpu(2));
  const AudioBuffer audio = noise(2, 6.0, 44100, auralis::test::fresh_seed());
  const auralis::ContentProfile profile = auralis::analyze_content(audio, cpu);
  const auralis::MasteringPlan plan = auralis::plan_adaptive(profile, auralis::Preset::warm);
  const AudioBuffer on_cpu = auralis::render(audio, plan, cpu).audio;
  const AudioBuffer on_gpu = auralis::render(audio, plan, gpu).audio;
  const double snr = snr_db(on_gpu, on_cpu);
  EXPECT_GE(snr, 90.0);
  auralis::test::record_measurement("master_snr_db", snr);
}

}  // namespace
