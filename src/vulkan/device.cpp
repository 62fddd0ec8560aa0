// SPDX-License-Identifier: MIT
// Device (see device.hpp).
#include "vulkan/device.hpp"

#include "vulkan/faults.hpp"

#include <algorithm>

namespace auralis::vulkan {

namespace {

// Long enough for the largest submission we build on a slow software device, short enough that a hung
// GPU is noticed.
constexpr std::uint64_t kFenceTimeoutNs = 120'000'000'000;
// Descriptor sets one submission may allocate (one per dispatch).
constexpr std::uint32_t kDescriptorSets = 4096;
constexpr std::uint32_t kDescriptorsPerSet = 4;

}  // namespace

Device::Device(const PhysicalDevice& physical) : physical_(physical) {
  vkGetPhysicalDeviceMemoryProperties(physical_.handle, &memory_);
  const float priority = 1.0f;
  VkDeviceQueueCreateInfo queue{};
  queue.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
  queue.queueFamilyIndex = physical_.compute_queue_family;
  queue.queueCount = 1;
  queue.pQueuePriorities = &priority;
  VkDeviceCreateInfo create{};
  create.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
  create.queueCreateInfoCount = 1;
  create.pQueueCreateInfos = &queue;
  check(vkCreateDevice(physical_.handle, &create, nullptr, &device_), FaultSite::allocate, "vkCreateDevice");
  try {
    vkGetDeviceQueue(device_, physical_.compute_queue_family, 0, &queue_);
    VkCommandPoolCreateInfo pool{};
    pool.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    pool.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    pool.queueFamilyIndex = physical_.compute_queue_family;
    check(vkCreateCommandPool(device_, &pool, nullptr, &pool_), FaultSite::allocate, "vkCreateCommandPool");
    VkCommandBufferAllocateInfo allocate{};
    allocate.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    allocate.commandPool = pool_;
    allocate.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    allocate.commandBufferCount = 1;
    check(vkAllocateCommandBuffers(device_, &allocate, &commands_), FaultSite::allocate,
          "vkAllocateCommandBuffers");
    VkFenceCreateInfo fence{};
    fence.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
    check(vkCreateFence(device_, &fence, nullptr, &fence_), FaultSite::allocate, "vkCreateFence");
    const VkDescriptorPoolSize sizes{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kDescriptorSets * kDescriptorsPerSet};
    VkDescriptorPoolCreateInfo descriptors{};
    descriptors.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
    descriptors.maxSets = kDescriptorSets;
    descriptors.poolSizeCount = 1;
    descriptors.pPoolSizes = &sizes;
    check(vkCreateDescriptorPool(device_, &descriptors, nullptr, &descriptors_), FaultSite::allocate,
          "vkCreateDescriptorPool");
    if (physical_.timestamp_valid_bits > 0 && physical_.properties.limits.timestampPeriod > 0.0f) {
      VkQueryPoolCreateInfo queries{};
      queries.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO;
      queries.queryType = VK_QUERY_TYPE_TIMESTAMP;
      queries.queryCount = 2;
      check(vkCreateQueryPool(device_, &queries, nullptr, &timestamps_), FaultSite::allocate,
            "vkCreateQueryPool");
    }
  } catch (...) {
    destroy();
    throw;
  }
}

Device::~Device() {
  if (!abandoned_) destroy();
}

void Device::destroy() noexcept {
  if (device_ == VK_NULL_HANDLE) return;
  vkDeviceWaitIdle(device_);
  for (Buffer& slot : slots_) release(slot);
  for (Pipeline& p : pipelines_) {
    if (p.pipeline) vkDestroyPipeline(device_, p.pipeline, nullptr);
    if (p.layout) vkDestroyPipelineLayout(device_, p.layout, nullptr);
    if (p.set_layout) vkDestroyDescriptorSetLayout(device_, p.set_layout, nullptr);
  }
  if (descriptors_) vkDestroyDescriptorPool(device_, descriptors_, nullptr);
  if (timestamps_) vkDestroyQueryPool(device_, timestamps_, nullptr);
  if (fence_) vkDestroyFence(device_, fence_, nullptr);
  if (pool_) vkDestroyCommandPool(device_, pool_, nullptr);
  vkDestroyDevice(device_, nullptr);
  device_ = VK_NULL_HANDLE;
}

std::uint32_t Device::memory_type(std::uint32_t allowed, VkMemoryPropertyFlags wanted) const {
  for (std::uint32_t i = 0; i < memory_.memoryTypeCount; ++i) {
    if ((allowed & (1u << i)) && (memory_.memoryTypes[i].propertyFlags & wanted) == wanted) return i;
  }
  throw VulkanFault(FaultKind::out_of_device_memory, "no Vulkan memory type with the properties needed");
}

Buffer Device::create_buffer(VkDeviceSize bytes, bool host_visible) {
  Buffer result;
  result.size = bytes;
  VkBufferCreateInfo create{};
  create.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
  create.size = std::max<VkDeviceSize>(bytes, 16);
  create.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                 VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  create.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  check(vkCreateBuffer(device_, &create, nullptr, &result.handle), FaultSite::allocate, "vkCreateBuffer");
  try {
    VkMemoryRequirements needs{};
    vkGetBufferMemoryRequirements(device_, result.handle, &needs);
    const VkMemoryPropertyFlags wanted =
        host_visible ? VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT
                     : VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
    VkMemoryAllocateInfo allocate{};
    allocate.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
    allocate.allocationSize = needs.size;
    allocate.memoryTypeIndex = memory_type(needs.memoryTypeBits, wanted);
    check(vkAllocateMemory(device_, &allocate, nullptr, &result.memory), FaultSite::allocate,
          host_visible ? "vkAllocateMemory (staging)" : "vkAllocateMemory (device)");
    check(vkBindBufferMemory(device_, result.handle, result.memory, 0), FaultSite::allocate,
          "vkBindBufferMemory");
    if (host_visible) {
      check(vkMapMemory(device_, result.memory, 0, VK_WHOLE_SIZE, 0, &result.mapped), FaultSite::allocate,
            "vkMapMemory");
    }
  } catch (...) {
    release(result);
    throw;
  }
  return result;
}

void Device::release(Buffer& buffer) noexcept {
  if (abandoned_) return;
  if (buffer.handle) vkDestroyBuffer(device_, buffer.handle, nullptr);
  if (buffer.memory) vkFreeMemory(device_, buffer.memory, nullptr);  // unmaps too
  buffer = Buffer{};
}

Buffer& Device::buffer(BufferSlot slot, VkDeviceSize bytes) {
  Buffer& existing = slots_[static_cast<std::size_t>(slot)];
  if (existing.handle && existing.size >= bytes) return existing;
  const VkDeviceSize previous = existing.size;
  release(existing);
  const bool host_visible = slot == BufferSlot::upload || slot == BufferSlot::download;
  // Grow by half again so a series of slightly longer tracks does not reallocate each time, but never past
  // what one storage-buffer binding may address.
  const VkDeviceSize limit = std::max<VkDeviceSize>(bytes, properties().limits.maxStorageBufferRange);
  existing = create_buffer(std::min(limit, std::max(bytes, previous + previous / 2)), host_visible);
  return existing;
}

VkCommandBuffer Device::begin() {
  check(vkResetDescriptorPool(device_, descriptors_, 0), FaultSite::allocate, "vkResetDescriptorPool");
  check(vkResetCommandBuffer(commands_, 0), FaultSite::allocate, "vkResetCommandBuffer");
  VkCommandBufferBeginInfo begin{};
  begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
  begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  check(vkBeginCommandBuffer(commands_, &begin), FaultSite::allocate, "vkBeginCommandBuffer");
  if (timestamps_) {
    vkCmdResetQueryPool(commands_, timestamps_, 0, 2);
    vkCmdWriteTimestamp(commands_, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, timestamps_, 0);
  }
  return commands_;
}

void Device::submit_and_wait() {
  if (timestamps_) vkCmdWriteTimestamp(commands_, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, timestamps_, 1);
  check(vkEndCommandBuffer(commands_), FaultSite::allocate, "vkEndCommandBuffer");
  VkSubmitInfo submit{};
  submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &commands_;
  check(vkQueueSubmit(queue_, 1, &submit, fence_), FaultSite::submit, "vkQueueSubmit");
  ++submissions_;
  check(vkWaitForFences(device_, 1, &fence_, VK_TRUE, kFenceTimeoutNs), FaultSite::wait, "vkWaitForFences");
  check(vkResetFences(device_, 1, &fence_), FaultSite::allocate, "vkResetFences");
  if (timestamps_) add_device_time();
}

void Device::add_device_time() {
  std::uint64_t ticks[2] = {};
  check(vkGetQueryPoolResults(device_, timestamps_, 0, 2, sizeof ticks, ticks, sizeof ticks[0],
                              VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
        FaultSite::wait, "vkGetQueryPoolResults");
  // Counters narrower than 64 bits wrap; the difference modulo their width is still the elapsed count.
  const unsigned bits = physical_.timestamp_valid_bits;
  const std::uint64_t mask = bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  const std::uint64_t elapsed = (ticks[1] - ticks[0]) & mask;
  device_seconds_ +=
      static_cast<double>(elapsed) * static_cast<double>(physical_.properties.limits.timestampPeriod) * 1e-9;
}

const Device::Pipeline& Device::pipeline(Shader shader) {
  Pipeline& p = pipelines_[static_cast<std::size_t>(shader)];
  if (p.pipeline) return p;
  const ShaderCode& code = shader_code(shader);
  VkDescriptorSetLayoutBinding bindings[kDescriptorsPerSet]{};
  for (std::uint32_t b = 0; b < code.storage_buffers; ++b) {
    bindings[b].binding = b;
    bindings[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    bindings[b].descriptorCount = 1;
    bindings[b].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
  }
  VkDescriptorSetLayoutCreateInfo set{};
  set.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
  set.bindingCount = code.storage_buffers;
  set.pBindings = bindings;
  check(vkCreateDescriptorSetLayout(device_, &set, nullptr, &p.set_layout), FaultSite::allocate,
        "vkCreateDescriptorSetLayout");
  const VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, code.push_bytes};
  VkPipelineLayoutCreateInfo layout{};
  layout.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
  layout.setLayoutCount = 1;
  layout.pSetLayouts = &p.set_layout;
  layout.pushConstantRangeCount = 1;
  layout.pPushConstantRanges = &push;
  check(vkCreatePipelineLayout(device_, &layout, nullptr, &p.layout), FaultSite::allocate,
        "vkCreatePipelineLayout");
  VkShaderModuleCreateInfo module_info{};
  module_info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
  module_info.codeSize = code.words.size_bytes();
  module_info.pCode = code.words.data();
  VkShaderModule module = VK_NULL_HANDLE;
  check(vkCreateShaderModule(device_, &module_info, nullptr, &module), FaultSite::pipeline, code.name);
  VkComputePipelineCreateInfo create{};
  create.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
  create.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  create.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  create.stage.module = module;
  create.stage.pName = "main";
  create.layout = p.layout;
  const VkResult created =
      vkCreateComputePipelines(device_, VK_NULL_HANDLE, 1, &create, nullptr, &p.pipeline);
  vkDestroyShaderModule(device_, module, nullptr);
  check(created, FaultSite::pipeline, code.name);
  return p;
}

void Device::dispatch(Shader shader, std::initializer_list<const Buffer*> buffers, const void* push,
                      std::uint32_t groups_x, std::uint32_t groups_y) {
  const Pipeline& p = pipeline(shader);
  const ShaderCode& code = shader_code(shader);
  VkDescriptorSetAllocateInfo allocate{};
  allocate.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
  allocate.descriptorPool = descriptors_;
  allocate.descriptorSetCount = 1;
  allocate.pSetLayouts = &p.set_layout;
  VkDescriptorSet set = VK_NULL_HANDLE;
  check(vkAllocateDescriptorSets(device_, &allocate, &set), FaultSite::allocate, "vkAllocateDescriptorSets");
  VkDescriptorBufferInfo infos[kDescriptorsPerSet]{};
  VkWriteDescriptorSet writes[kDescriptorsPerSet]{};
  std::uint32_t b = 0;
  for (const Buffer* buffer : buffers) {
    infos[b] = {buffer->handle, 0, VK_WHOLE_SIZE};
    writes[b].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
    writes[b].dstSet = set;
    writes[b].dstBinding = b;
    writes[b].descriptorCount = 1;
    writes[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    writes[b].pBufferInfo = &infos[b];
    ++b;
  }
  vkUpdateDescriptorSets(device_, code.storage_buffers, writes, 0, nullptr);
  vkCmdBindPipeline(commands_, VK_PIPELINE_BIND_POINT_COMPUTE, p.pipeline);
  vkCmdBindDescriptorSets(commands_, VK_PIPELINE_BIND_POINT_COMPUTE, p.layout, 0, 1, &set, 0, nullptr);
  vkCmdPushConstants(commands_, p.layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, code.push_bytes, push);
  vkCmdDispatch(commands_, groups_x, groups_y, 1);
}

void Device::barrier() {
  VkMemoryBarrier memory{};
  memory.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
  memory.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  memory.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
                         VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  const VkPipelineStageFlags stages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
  vkCmdPipelineBarrier(commands_, stages, stages, 0, 1, &memory, 0, nullptr, 0, nullptr);
}

void Device::copy(const Buffer& from, VkDeviceSize from_offset, const Buffer& to, VkDeviceSize to_offset,
                  VkDeviceSize bytes) {
  if (bytes == 0) return;
  const VkBufferCopy region{from_offset, to_offset, bytes};
  vkCmdCopyBuffer(commands_, from.handle, to.handle, 1, &region);
}

void Device::fill_zero(const Buffer& buffer, VkDeviceSize offset, VkDeviceSize bytes) {
  if (bytes == 0) return;
  vkCmdFillBuffer(commands_, buffer.handle, offset, bytes, 0);
}

}  // namespace auralis::vulkan
