// SPDX-License-Identifier: MIT
// The device-node check that lets automatic backend choice skip driver enumeration: a fake /dev tree per
// case, since the machine's own /dev says nothing general.
#include "vulkan/gpu_presence.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/seeds.hpp"

namespace {

namespace fs = std::filesystem;
using auralis::vulkan::gpu_device_node_present;

class GpuPresence : public ::testing::Test {
 protected:
  void SetUp() override {
    dev_ = fs::temp_directory_path() / ("auralis-dev-" + std::to_string(auralis::test::fresh_seed()));
    fs::create_directories(dev_);
  }
  void TearDown() override { fs::remove_all(dev_); }
  void touch(const fs::path& relative) {
    fs::create_directories((dev_ / relative).parent_path());
    std::ofstream(dev_ / relative).put('\0');
  }
  fs::path dev_;
};

TEST_F(GpuPresence, NoNodesMeansNoGpu) {
  touch("null");
  touch("dri/card0");  // a display-only device (simpledrm, a virtual console) has no render node
  EXPECT_FALSE(gpu_device_node_present(dev_));
  EXPECT_FALSE(gpu_device_node_present(dev_ / "missing"));
}

TEST_F(GpuPresence, ARenderNodeMeansAGpuMayExist) {
  touch("dri/card0");
  touch("dri/renderD128");
  EXPECT_TRUE(gpu_device_node_present(dev_));
}

TEST_F(GpuPresence, NvidiaAndWslNodesCount) {
  touch("nvidiactl");
  EXPECT_TRUE(gpu_device_node_present(dev_));
  fs::remove(dev_ / "nvidiactl");
  touch("dxg");
  EXPECT_TRUE(gpu_device_node_present(dev_));
}

}  // namespace
