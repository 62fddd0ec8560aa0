// SPDX-License-Identifier: MIT
// Device choice as pure logic: discrete > integrated > virtual, CPU devices only by name, names matched
// case-insensitively as substrings, indices, unusable devices, and failures that say why.
#include "vulkan/device_selection.hpp"

#include <gtest/gtest.h>

namespace {

using auralis::DeviceInfo;
using auralis::DeviceType;
using auralis::vulkan::choose_device;

std::vector<DeviceInfo> devices(std::initializer_list<std::pair<const char*, DeviceType>> list) {
  std::vector<DeviceInfo> result;
  for (const auto& [name, type] : list) {
    DeviceInfo d;
    d.index = result.size();
    d.name = name;
    d.type = type;
    result.push_back(d);
  }
  return result;
}

TEST(VulkanDeviceSelection, PrefersDiscreteThenIntegratedThenVirtualNeverCpu) {
  auto list = devices({{"llvmpipe (LLVM 15.0.6, 256 bits)", DeviceType::cpu},
                       {"Virtio-GPU Venus", DeviceType::virtual_gpu},
                       {"Intel(R) UHD Graphics 620", DeviceType::integrated},
                       {"NVIDIA GeForce RTX 3060", DeviceType::discrete}});
  const std::vector<std::string> usable(4);
  EXPECT_EQ(choose_device(list, usable, "").index, 3u);
  EXPECT_TRUE(list[3].chosen);
  EXPECT_NE(list[0].reason.find("only when named"), std::string::npos) << list[0].reason;
  list.pop_back();
  EXPECT_EQ(choose_device(list, std::span(usable).first(3), "").index, 2u);
  list.pop_back();
  EXPECT_EQ(choose_device(list, std::span(usable).first(2), "").index, 1u);
  list.pop_back();
  const auto none = choose_device(list, std::span(usable).first(1), "");
  EXPECT_FALSE(none.index);
  EXPECT_NE(none.failure.find("no hardware Vulkan device"), std::string::npos) << none.failure;
  EXPECT_FALSE(list[0].chosen);
}

TEST(VulkanDeviceSelection, NamedDevicesBySubstringOrIndexIncludingCpu) {
  auto list = devices({{"NVIDIA GeForce RTX 3060", DeviceType::discrete},
                       {"llvmpipe (LLVM 15.0.6, 256 bits)", DeviceType::cpu}});
  const std::vector<std::string> usable(2);
  EXPECT_EQ(choose_device(list, usable, "LLVMPIPE").index, 1u);
  EXPECT_TRUE(list[1].chosen);
  EXPECT_FALSE(list[0].chosen);
  EXPECT_EQ(choose_device(list, usable, "rtx").index, 0u);
  EXPECT_EQ(choose_device(list, usable, "1").index, 1u);
  const auto missing = choose_device(list, usable, "radeon");
  EXPECT_FALSE(missing.index);
  EXPECT_NE(missing.failure.find("radeon"), std::string::npos);
  EXPECT_FALSE(choose_device(list, usable, "7").index);
}

TEST(VulkanDeviceSelection, UnusableDevicesAreSkippedWithTheirReason) {
  auto list = devices({{"Old GPU", DeviceType::discrete}, {"New GPU", DeviceType::integrated}});
  const std::vector<std::string> unusable = {"Vulkan 1.0.2 (1.1 needed)", ""};
  EXPECT_EQ(choose_device(list, unusable, "").index, 1u);
  EXPECT_NE(list[0].reason.find("1.1 needed"), std::string::npos);
  const auto named = choose_device(list, unusable, "old");
  EXPECT_FALSE(named.index);
  EXPECT_NE(named.failure.find("1.1 needed"), std::string::npos) << named.failure;
}

TEST(VulkanDeviceSelection, NoDevicesAtAll) {
  std::vector<DeviceInfo> none;
  const auto choice = choose_device(none, {}, "");
  EXPECT_FALSE(choice.index);
  EXPECT_EQ(choice.failure, "no Vulkan device");
}

}  // namespace
