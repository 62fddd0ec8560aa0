// SPDX-License-Identifier: MIT
// The embedded SPIR-V of every shader and its interface (see shaders.hpp); sizes here must match the
// push-constant blocks and bindings in shaders/*.comp.
#include "vulkan/shaders.hpp"

#include <array>

namespace auralis::vulkan {

namespace {

constexpr std::uint32_t kStftFrames[] =
#include "shaders/stft_frames.spv.inc"
    ;
constexpr std::uint32_t kBandEnergies[] =
#include "shaders/band_energies.spv.inc"
    ;
constexpr std::uint32_t kAveragePower[] =
#include "shaders/average_power.spv.inc"
    ;
constexpr std::uint32_t kOverlapSaveBlocks[] =
#include "shaders/overlap_save_blocks.spv.inc"
    ;
constexpr std::uint32_t kSpectralMultiply[] =
#include "shaders/spectral_multiply.spv.inc"
    ;
constexpr std::uint32_t kOverlapSaveOutput[] =
#include "shaders/overlap_save_output.spv.inc"
    ;

const std::array<ShaderCode, kShaderCount> kShaders = {{
    {"stft_frames", kStftFrames, 3, 8 * 4, 256},
    {"band_energies", kBandEnergies, 4, 5 * 4, 64},
    {"average_power", kAveragePower, 2, 3 * 4, 64},
    {"overlap_save_blocks", kOverlapSaveBlocks, 2, 10 * 4, 256},
    {"spectral_multiply", kSpectralMultiply, 2, 4 * 4, 256},
    {"overlap_save_output", kOverlapSaveOutput, 2, 8 * 4, 256},
}};

}  // namespace

const ShaderCode& shader_code(Shader shader) noexcept {
  return kShaders[static_cast<std::size_t>(shader)];
}

}  // namespace auralis::vulkan
