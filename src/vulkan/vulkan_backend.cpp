// SPDX-License-Identifier: MIT
// The Vulkan backend: the GPU drivers (gpu_analysis, gpu_convolution) behind the backend interface. A
// Vulkan fault marks the device dead and fails the job with backend::DeviceFault; re-running it on the CPU
// is the failover wrapper's job (backend/failover_backend.hpp), so this backend needs no CPU backend.
#include "vulkan/vulkan_backend.hpp"

#include "backend/device_fault.hpp"
#include "vulkan/device.hpp"
#include "vulkan/device_selection.hpp"
#include "vulkan/faults.hpp"
#include "vulkan/fft_plans.hpp"
#include "vulkan/gpu_analysis.hpp"
#include "vulkan/gpu_convolution.hpp"
#include "vulkan/instance.hpp"

#include <auralis/error.hpp>

#include <chrono>
#include <mutex>

namespace auralis::vulkan {

namespace {

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
  explicit VulkanBackend(const PhysicalDevice& physical) {
    try {
      device_ = std::make_unique<Device>(physical);
      plans_ = std::make_unique<FftPlans>(*device_);
    } catch (const VulkanFault& fault) {
      throw Error(ErrorCode::backend_unavailable,
                  "Vulkan device " + physical.info.name + " could not be started: " + fault.what());
    }
    stats_.backend = "vulkan";
    stats_.device = physical.info.name;
  }

  ~VulkanBackend() override = default;

  std::vector<SpectralAnalysis> analyze(std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                                        std::span<const BandLayout> layouts) override {
    std::size_t samples = 0;
    for (const AudioBuffer* track : tracks) samples += track->channels() * track->frames();
    return run(stats_.analyze, tracks.size(), samples,
               [&] { return analyze_on_gpu(*device_, *plans_, tracks, spec, layouts, counts_); });
  }

  void convolve(std::span<const ConvolutionJob> jobs, std::span<AudioBuffer> outputs) override {
    std::size_t samples = 0;
    for (const ConvolutionJob& job : jobs) samples += job.input->channels() * job.input->frames();
    run(stats_.convolve, jobs.size(), samples, [&] {
      convolve_on_gpu(*device_, *plans_, jobs, outputs, counts_);
      return 0;
    });
  }

  BackendStats stats() const override {
    BackendStats s = stats_;
    s.bytes_uploaded = counts_.uploaded;
    s.bytes_downloaded = counts_.downloaded;
    s.submissions = submissions_ + (device_ ? device_->submissions() : 0);
    return s;
  }

 private:
  template <class Gpu>
  auto run(OperationStats& op, std::size_t tracks, std::size_t samples, Gpu gpu) -> decltype(gpu()) {
    // A device given up is never touched again; the failover wrapper stops calling after the first fault.
    if (!device_) throw backend::DeviceFault(stats_.fault);
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t before = counts_.transforms;
    const double device_before = device_->device_seconds();
    try {
      auto result = gpu();
      op.calls += 1;
      op.tracks += tracks;
      op.samples += samples;
      op.transforms += counts_.transforms - before;
      op.device_seconds += device_->device_seconds() - device_before;
      op.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return result;
    } catch (const VulkanFault& fault) {
      give_up_device(fault);
      throw backend::DeviceFault(stats_.fault);
    }
  }

  void give_up_device(const VulkanFault& fault) {
    submissions_ += device_->submissions();
    if (fault.device_unusable()) {
      // No call may touch a lost device's objects again, not even to destroy them: they are kept, unused,
      // for the process's life (reachable, so leak checkers do not report the driver's memory).
      device_->abandon();
      keep_abandoned({std::move(device_), std::move(plans_)});
    }
    plans_.reset();
    device_.reset();
    stats_.fault = "Vulkan device " + stats_.device + " failed (" + fault.what() + ")";
  }

  std::unique_ptr<Device> device_;
  std::unique_ptr<FftPlans> plans_;
  TransferCounts counts_;
  std::uint64_t submissions_ = 0;
  BackendStats stats_;
};

}  // namespace

std::unique_ptr<backend::Backend> make_vulkan_backend(const BackendOptions& options) {
  const Instance& vk = instance();
  if (!vk.loaded) throw Error(ErrorCode::backend_unavailable, "Vulkan backend unavailable: " + vk.status);
  const Selection s = select(vk, options);
  if (!s.choice.index)
    throw Error(ErrorCode::backend_unavailable, "Vulkan backend unavailable: " + s.choice.failure);
  return std::make_unique<VulkanBackend>(vk.devices[*s.choice.index]);
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
