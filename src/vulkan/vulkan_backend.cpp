// The Vulkan backend: the GPU drivers (gpu_analysis, gpu_convolution) behind the backend interface, with
// the CPU backend kept beside them. A Vulkan fault marks the device dead, the job re-runs on the CPU and a
// warning says so; every later job runs on the CPU.
#include "backend/backend_factory.hpp"
#include "fallback/cpu_backend.hpp"
#include "vulkan/device.hpp"
#include "vulkan/device_selection.hpp"
#include "vulkan/faults.hpp"
#include "vulkan/fft_plans.hpp"
#include "vulkan/gpu_analysis.hpp"
#include "vulkan/gpu_convolution.hpp"
#include "vulkan/instance.hpp"

#include <auralis/error.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>

namespace auralis::vulkan {

namespace {

// Under BackendKind::automatic, jobs with fewer input samples than this run on the CPU: below it the
// upload and submission overhead outweighs what a GPU saves (about three seconds of stereo audio).
constexpr std::size_t kAutomaticMinSamples = std::size_t{1} << 18;

struct AbandonedDevice {
  std::unique_ptr<Device> device;
  std::unique_ptr<FftPlans> plans;
};

// Keeps a lost device's objects for the process's life: never destroyed (see give_up_device).
void keep_abandoned(AbandonedDevice abandoned) {
  static std::mutex mutex;
  static auto* devices = new std::vector<AbandonedDevice>();
  std::lock_guard lock(mutex);
  devices->push_back(std::move(abandoned));
}

struct Selection {
  std::vector<DeviceInfo> devices;
  std::vector<std::string> unusable;
  DeviceChoice choice;
};

Selection select(const Instance& vk, const BackendOptions& options) {
  Selection s;
  for (const PhysicalDevice& device : vk.devices) {
    s.devices.push_back(device.info);
    s.unusable.push_back(device.unusable_reason);
  }
  const std::string request = device_request(options);
  s.choice = choose_device(s.devices, s.unusable, request);
  return s;
}

class VulkanBackend final : public backend::Backend {
 public:
  VulkanBackend(const PhysicalDevice& physical, const BackendOptions& options, bool automatic)
      : cpu_(fallback::make_cpu_backend(options.max_workers)),
        on_warning_(options.on_warning),
        min_gpu_samples_(automatic ? kAutomaticMinSamples : 0) {
    try {
      device_ = std::make_unique<Device>(physical);
      plans_ = std::make_unique<FftPlans>(*device_);
    } catch (const VulkanFault& fault) {
      throw Error(ErrorCode::backend_unavailable,
                  "Vulkan device " + physical.info.name + " could not be started: " + fault.what());
    }
    stats_.backend = "vulkan";
    stats_.device = physical.info.name;
    stats_.threads = cpu_->stats().threads;
  }

  ~VulkanBackend() override = default;

  std::vector<SpectralAnalysis> analyze(std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                                        std::span<const BandLayout> layouts) override {
    std::size_t samples = 0;
    for (const AudioBuffer* track : tracks) samples += track->channels() * track->frames();
    return run(
        stats_.analyze, tracks.size(), samples,
        [&] { return analyze_on_gpu(*device_, *plans_, tracks, spec, layouts, counts_); },
        [&] { return cpu_->analyze(tracks, spec, layouts); },
        [](const BackendStats& s) { return s.analyze.transforms; });
  }

  void convolve(std::span<const ConvolutionJob> jobs, std::span<AudioBuffer> outputs) override {
    std::size_t samples = 0;
    for (const ConvolutionJob& job : jobs) samples += job.input->channels() * job.input->frames();
    run(
        stats_.convolve, jobs.size(), samples,
        [&] {
          convolve_on_gpu(*device_, *plans_, jobs, outputs, counts_);
          return 0;
        },
        [&] {
          cpu_->convolve(jobs, outputs);
          return 0;
        },
        [](const BackendStats& s) { return s.convolve.transforms; });
  }

  BackendStats stats() const override {
    BackendStats s = stats_;
    s.bytes_uploaded = counts_.uploaded;
    s.bytes_downloaded = counts_.downloaded;
    s.submissions = submissions_ + (device_ ? device_->submissions() : 0);
    return s;
  }

 private:
  template <class Gpu, class Cpu, class CpuTransforms>
  auto run(OperationStats& op, std::size_t tracks, std::size_t samples, Gpu gpu, Cpu cpu,
           CpuTransforms cpu_transforms) -> decltype(gpu()) {
    const auto start = std::chrono::steady_clock::now();
    op.calls += 1;
    op.tracks += tracks;
    op.samples += samples;
    const auto finish = [&] {
      op.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    if (device_ && samples >= min_gpu_samples_) {
      const std::uint64_t before = counts_.transforms;
      const double device_before = device_->device_seconds();
      try {
        auto result = gpu();
        op.transforms += counts_.transforms - before;
        op.device_seconds += device_->device_seconds() - device_before;
        finish();
        return result;
      } catch (const VulkanFault& fault) {
        give_up_device(fault);
      }
    }
    stats_.cpu_fallbacks += 1;
    const std::uint64_t before = cpu_transforms(cpu_->stats());
    auto result = cpu();
    op.transforms += cpu_transforms(cpu_->stats()) - before;
    finish();
    return result;
  }

  void give_up_device(const VulkanFault& fault) {
    submissions_ += device_->submissions();
    const std::string name = stats_.device;
    if (fault.device_unusable()) {
      // No call may touch a lost device's objects again, not even to destroy them: they are kept, unused,
      // for the process's life (reachable, so leak checkers do not report the driver's memory).
      device_->abandon();
      keep_abandoned({std::move(device_), std::move(plans_)});
    }
    plans_.reset();
    device_.reset();
    stats_.fault = fault.what();
    const std::string message = "Vulkan device " + name + " failed (" + fault.what() +
                                "); the job was re-run on the CPU backend, and later jobs run there too";
    if (on_warning_) {
      on_warning_(message);
    } else {
      std::fprintf(stderr, "auralis: warning: %s\n", message.c_str());
    }
  }

  std::unique_ptr<backend::Backend> cpu_;
  std::function<void(const std::string&)> on_warning_;
  std::size_t min_gpu_samples_;
  std::unique_ptr<Device> device_;
  std::unique_ptr<FftPlans> plans_;
  TransferCounts counts_;
  std::uint64_t submissions_ = 0;
  BackendStats stats_;
};

}  // namespace

std::unique_ptr<backend::Backend> make_vulkan_backend(const BackendOptions& options, bool automatic) {
  const Instance& vk = instance();
  if (!vk.loaded) throw Error(ErrorCode::backend_unavailable, "Vulkan backend unavailable: " + vk.status);
  const Selection s = select(vk, options);
  if (!s.choice.index)
    throw Error(ErrorCode::backend_unavailable, "Vulkan backend unavailable: " + s.choice.failure);
  return std::make_unique<VulkanBackend>(vk.devices[*s.choice.index], options, automatic);
}

void describe_vulkan(const BackendOptions& options, BackendInventory& inventory) {
  const Instance& vk = instance();
  inventory.vulkan_loaded = vk.loaded;
  inventory.vulkan_status = vk.status;
  if (!vk.loaded) return;
  Selection s = select(vk, options);
  if (options.kind == BackendKind::cpu) {
    for (DeviceInfo& device : s.devices) {
      device.chosen = false;
      device.reason = "not used: --backend cpu";
    }
  } else if (!s.choice.index) {
    inventory.vulkan_status += "; " + s.choice.failure;
  }
  inventory.devices = std::move(s.devices);
}

}  // namespace auralis::vulkan
