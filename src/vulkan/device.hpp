// SPDX-License-Identifier: MIT
// One logical Vulkan device and what runs on it: a compute queue, one command buffer and fence, buffers
// kept between calls (grown when too small), our compute pipelines (created on first use), and the
// recording helpers (dispatch, barrier, copy). Every Vulkan result is checked (see faults.hpp).
#pragma once

#include "vulkan/instance.hpp"
#include "vulkan/shaders.hpp"
#include "vulkan/vulkan_api.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>

namespace auralis::vulkan {

struct Buffer {
  VkBuffer handle = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  VkDeviceSize size = 0;
  void* mapped = nullptr;  ///< Host-visible buffers only.
};

/// The buffers a device keeps; each is reused by every call and grown as needed.
enum class BufferSlot : std::uint8_t {
  upload,          ///< Host-visible staging: tables and PCM on their way in.
  download,        ///< Host-visible staging: results on their way out.
  tables,          ///< Window, band tables, weights.
  pcm,             ///< Uploaded channels.
  results,         ///< Band energies and spectrum sums, or filtered samples.
  filter_spectra,  ///< Transformed filters.
};
inline constexpr std::size_t kBufferSlotCount = 6;

class Device {
 public:
  /// Creates the logical device; throws VulkanFault.
  explicit Device(const PhysicalDevice& physical);
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  /// After a lost device or a timed-out fence: no Vulkan call touches this device's objects again (not even
  /// a destroy), they are abandoned.
  void abandon() noexcept { abandoned_ = true; }
  bool abandoned() const noexcept { return abandoned_; }

  VkPhysicalDevice physical() const noexcept { return physical_.handle; }
  const VkPhysicalDeviceProperties& properties() const noexcept { return physical_.properties; }
  VkDevice handle() const noexcept { return device_; }
  VkQueue queue() const noexcept { return queue_; }
  VkCommandPool command_pool() const noexcept { return pool_; }

  /// The slot's buffer, at least `bytes` long (contents are kept only while it does not grow).
  Buffer& buffer(BufferSlot slot, VkDeviceSize bytes);
  /// A device-local storage buffer owned by the caller (see release()).
  Buffer create_buffer(VkDeviceSize bytes, bool host_visible);
  void release(Buffer& buffer) noexcept;

  /// Resets the command buffer and descriptor pool and starts recording.
  VkCommandBuffer begin();
  /// The command buffer being recorded (valid between begin() and submit_and_wait()).
  VkCommandBuffer current_commands() const noexcept { return commands_; }
  /// Ends recording, submits, waits with a finite timeout; counts the submission and, where the queue has
  /// timestamps, the time the device spent executing it.
  void submit_and_wait();
  std::uint64_t submissions() const noexcept { return submissions_; }
  /// Device execution time of every submission so far (0 when the queue has no timestamps).
  double device_seconds() const noexcept { return device_seconds_; }

  /// Records one dispatch of `shader` over (groups_x, groups_y) workgroups with the buffers bound in order.
  void dispatch(Shader shader, std::initializer_list<const Buffer*> buffers, const void* push,
                std::uint32_t groups_x, std::uint32_t groups_y);
  /// Compute and transfer writes before it are visible to compute and transfer after it.
  void barrier();
  void copy(const Buffer& from, VkDeviceSize from_offset, const Buffer& to, VkDeviceSize to_offset,
            VkDeviceSize bytes);
  void fill_zero(const Buffer& buffer, VkDeviceSize offset, VkDeviceSize bytes);

 private:
  struct Pipeline {
    VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VkPipeline pipeline = VK_NULL_HANDLE;
  };
  const Pipeline& pipeline(Shader shader);
  std::uint32_t memory_type(std::uint32_t allowed, VkMemoryPropertyFlags wanted) const;
  void add_device_time();
  void destroy() noexcept;

  PhysicalDevice physical_;
  VkPhysicalDeviceMemoryProperties memory_{};
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  VkCommandPool pool_ = VK_NULL_HANDLE;
  VkCommandBuffer commands_ = VK_NULL_HANDLE;
  VkFence fence_ = VK_NULL_HANDLE;
  VkDescriptorPool descriptors_ = VK_NULL_HANDLE;
  VkQueryPool timestamps_ = VK_NULL_HANDLE;  ///< Start and end of the current submission, when supported.
  std::array<Pipeline, kShaderCount> pipelines_{};
  std::array<Buffer, kBufferSlotCount> slots_{};
  std::uint64_t submissions_ = 0;
  double device_seconds_ = 0.0;
  bool abandoned_ = false;
};

}  // namespace auralis::vulkan
