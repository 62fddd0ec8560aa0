// SPDX-License-Identifier: MIT
// VkFFT behind FftPlans (see fft_plans.hpp). VkFFT returns its own codes and hides Vulkan's, so each call
// is checked here and the queue work it records is checked where it is submitted (device.cpp).
#include "vulkan/fft_plans.hpp"

#include "vulkan/faults.hpp"
#include "vulkan/vulkan_api.hpp"

#define VKFFT_BACKEND 0
#include <vkFFT_glslang12.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

namespace auralis::vulkan {

namespace {

// VkFFT switches the process locale while it writes kernel source (setlocale is not thread-safe) and
// glslang is process-global: plan creation is serialised across engines.
std::mutex plan_creation_mutex;

void initialise_glslang_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!glslang_initialize_process()) {
      throw VulkanFault(FaultKind::plan_failure, "glslang could not be initialised for VkFFT");
    }
  });
}

std::string cache_file(const VkPhysicalDeviceProperties& properties, std::size_t size, std::size_t batch) {
  char uuid[2 * VK_UUID_SIZE + 1];
  for (std::size_t i = 0; i < VK_UUID_SIZE; ++i) {
    std::snprintf(uuid + 2 * i, 3, "%02x", properties.pipelineCacheUUID[i]);
  }
  char name[256];
  std::snprintf(name, sizeof name, "vkfft%d-%04x-%04x-%08x-%s-r2c-lut-%zu-x%zu.spv", VkFFTGetVersion(),
                properties.vendorID, properties.deviceID, properties.driverVersion, uuid, size, batch);
  return kernel_cache_directory() + "/" + name;
}

std::vector<std::uint32_t> read_words(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return {};
  const auto bytes = static_cast<std::size_t>(in.tellg());
  std::vector<std::uint32_t> words(bytes / 4);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(words.data()), static_cast<std::streamsize>(words.size() * 4));
  if (!in || words.empty()) return {};
  return words;
}

// Best effort: a cache that cannot be written only costs the next process a compile.
void write_words(const std::string& path, const void* data, std::size_t bytes) {
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  const std::string temporary = path + ".tmp" + std::to_string(static_cast<long>(getpid()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
    if (!out) {
      std::filesystem::remove(temporary, error);
      return;
    }
  }
  std::filesystem::rename(temporary, path, error);
  if (error) std::filesystem::remove(temporary, error);
}

}  // namespace

class FftPlan {
 public:
  FftPlan(Device& device, std::size_t size, std::size_t batch) : device_(device), size_(size), batch_(batch) {
    rows_ = device.create_buffer(row_bytes(), false);
  }
  ~FftPlan() {
    if (device_.abandoned()) return;
    if (built_) deleteVkFFT(&app_);
    if (fence_) vkDestroyFence(device_handle_, fence_, nullptr);
    device_.release(rows_);
  }
  FftPlan(const FftPlan&) = delete;
  FftPlan& operator=(const FftPlan&) = delete;

  // Builds the VkFFT application, from the disk cache when a matching entry loads; returns true when it
  // had to compile.
  bool build() {
    std::lock_guard lock(plan_creation_mutex);
    initialise_glslang_once();
    const std::string path = cache_file(device_.properties(), size_, batch_);
    std::vector<std::uint32_t> cached = read_words(path);
    if (!cached.empty() && initialise(cached.data())) return false;
    if (!cached.empty()) {
      std::error_code error;
      std::filesystem::remove(path, error);  // stale or corrupt: compile afresh
    }
    if (!initialise(nullptr)) throw VulkanFault(FaultKind::plan_failure, "VkFFT could not build its plan");
    if (app_.saveApplicationString && app_.applicationStringSize > 0) {
      write_words(path, app_.saveApplicationString, app_.applicationStringSize);
    }
    return true;
  }

  void append(int direction) {
    VkCommandBuffer commands = command_buffer();
    VkFFTLaunchParams launch{};
    launch.commandBuffer = &commands;
    launch.buffer = &rows_.handle;
    check_vkfft(VkFFTAppend(&app_, direction, &launch), "VkFFTAppend");
  }

  const Buffer& rows() const noexcept { return rows_; }
  void set_command_buffer(VkCommandBuffer commands) noexcept { commands_ = commands; }

 private:
  std::uint64_t row_bytes() const noexcept { return batch_ * (size_ / 2 + 1) * 2 * sizeof(float); }
  VkCommandBuffer command_buffer() const noexcept { return commands_; }

  // One attempt; VkFFT cleans up after itself when it fails. Throws for an injected plan fault.
  bool initialise(std::uint32_t* cached_words) {
    app_ = VkFFTApplication{};
    VkFFTConfiguration config{};
    config.FFTdim = 1;
    config.size[0] = size_;
    config.numberBatches = batch_;
    config.performR2C = 1;
    // Twiddles from tables computed in double on the host: software devices (llvmpipe) evaluate sin/cos
    // in shaders with approximations that cost several bits.
    config.useLUT = 1;
    physical_ = device_.physical();
    device_handle_ = device_.handle();
    queue_ = device_.queue();
    pool_ = device_.command_pool();
    config.physicalDevice = &physical_;
    config.device = &device_handle_;
    config.queue = &queue_;
    config.commandPool = &pool_;
    VkFenceCreateInfo fence_info{};
    fence_info.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
    if (!fence_) {
      check(vkCreateFence(device_handle_, &fence_info, nullptr, &fence_), FaultSite::allocate,
            "vkCreateFence");
    }
    config.fence = &fence_;
    config.isCompilerInitialized = 1;
    buffer_bytes_ = row_bytes();
    config.buffer = &rows_.handle;
    config.bufferSize = &buffer_bytes_;
    if (cached_words) {
      config.loadApplicationFromString = 1;
      config.loadApplicationString = cached_words;
    } else {
      config.saveApplicationToString = 1;
    }
    const int result = initializeVkFFT(&app_, config);
    if (result == 0) {
      try {
        check_vkfft(0, "initializeVkFFT");
      } catch (...) {
        deleteVkFFT(&app_);
        throw;
      }
    }
    built_ = result == 0;
    return built_;
  }

  Device& device_;
  std::size_t size_, batch_;
  Buffer rows_;
  VkFFTApplication app_{};
  bool built_ = false;
  VkPhysicalDevice physical_ = VK_NULL_HANDLE;
  VkDevice device_handle_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  VkCommandPool pool_ = VK_NULL_HANDLE;
  VkFence fence_ = VK_NULL_HANDLE;
  std::uint64_t buffer_bytes_ = 0;
  VkCommandBuffer commands_ = VK_NULL_HANDLE;
};

std::string kernel_cache_directory() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/auralis";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/auralis";
  return "/tmp/auralis-cache";
}

FftPlans::FftPlans(Device& device) : device_(device) {}
FftPlans::~FftPlans() = default;

FftPlan& FftPlans::plan(std::size_t size, std::size_t batch) {
  auto& slot = plans_[{size, batch}];
  if (!slot) {
    auto created = std::make_unique<FftPlan>(device_, size, batch);
    if (created->build()) ++compiled_;
    slot = std::move(created);
  }
  return *slot;
}

void FftPlans::forward(FftPlan& plan) {
  plan.set_command_buffer(device_.current_commands());
  plan.append(-1);
}

void FftPlans::inverse(FftPlan& plan) {
  plan.set_command_buffer(device_.current_commands());
  plan.append(1);
}

const Buffer& FftPlans::rows(const FftPlan& plan) noexcept {
  return plan.rows();
}

}  // namespace auralis::vulkan
