// SPDX-License-Identifier: MIT
// Our compute shaders (shaders/*.comp), compiled to SPIR-V by glslc at build time and embedded here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace auralis::vulkan {

enum class Shader : std::uint8_t {
  stft_frames,
  band_energies,
  average_power,
  overlap_save_blocks,
  spectral_multiply,
  overlap_save_output,
};
inline constexpr std::size_t kShaderCount = 6;

struct ShaderCode {
  const char* name;
  std::span<const std::uint32_t> words;
  std::uint32_t storage_buffers;  ///< Bindings 0 .. storage_buffers - 1, all storage buffers.
  std::uint32_t push_bytes;       ///< Size of the push-constant block.
  std::uint32_t local_size_x;     ///< Invocations per workgroup along x (y and z are 1).
};

const ShaderCode& shader_code(Shader shader) noexcept;

}  // namespace auralis::vulkan
