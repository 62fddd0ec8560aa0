# SPDX-License-Identifier: MIT
# The Vulkan backend's build: volk (compiled into the library, so Vulkan is loaded at run time and the
# library runs without a loader), VkFFT patched for glslang 12, glslang for VkFFT's run-time kernel
# compiles, and our GLSL compute shaders turned into SPIR-V words embedded in the library.
include(${CMAKE_CURRENT_LIST_DIR}/patch_vkfft.cmake)

find_package(VulkanHeaders REQUIRED)
find_package(glslang REQUIRED)
find_package(SPIRV-Tools-opt REQUIRED)
find_program(AURALIS_GLSLC glslc REQUIRED)
find_path(AURALIS_VOLK_DIR volk.c REQUIRED)
find_file(AURALIS_VKFFT_HEADER vkFFT.h REQUIRED)

set(generated ${CMAKE_BINARY_DIR}/generated)
file(MAKE_DIRECTORY ${generated}/vkfft ${generated}/shaders)
auralis_patch_vkfft(${AURALIS_VKFFT_HEADER} ${generated}/vkfft/vkFFT_glslang12.h)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${AURALIS_VKFFT_HEADER})

file(GLOB shader_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/shaders/*.comp)
set(shader_words)
foreach(shader ${shader_sources})
  get_filename_component(name ${shader} NAME_WE)
  set(words ${generated}/shaders/${name}.spv.inc)
  add_custom_command(OUTPUT ${words}
    COMMAND ${AURALIS_GLSLC} --target-env=vulkan1.1 -O -Werror -mfmt=c -o ${words} ${shader}
    DEPENDS ${shader}
    COMMENT "glslc ${name}.comp"
    VERBATIM)
  list(APPEND shader_words ${words})
endforeach()
add_custom_target(auralis_shaders DEPENDS ${shader_words})

file(GLOB vulkan_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/vulkan/*.cpp)
# volk.c is C; its own warnings are not ours to fix.
add_library(auralis_volk OBJECT ${AURALIS_VOLK_DIR}/volk.c)
target_link_libraries(auralis_volk PUBLIC Vulkan::Headers)
target_compile_definitions(auralis_volk PUBLIC VK_NO_PROTOTYPES)
# Hidden like ours: volk's vk* function pointers must not clash with another Vulkan user in the process.
set_target_properties(auralis_volk PROPERTIES POSITION_INDEPENDENT_CODE ON C_VISIBILITY_PRESET hidden)
list(APPEND AURALIS_EXTRA_OBJECTS $<TARGET_OBJECTS:auralis_volk>)

target_sources(auralis_objects PRIVATE ${vulkan_sources})
add_dependencies(auralis_objects auralis_shaders)
target_include_directories(auralis_objects PRIVATE ${generated})
# VkFFT's header is not ours: its warnings do not fail our -Werror build.
target_include_directories(auralis_objects SYSTEM PRIVATE ${generated}/vkfft ${AURALIS_VOLK_DIR})
target_compile_definitions(auralis_objects PRIVATE AURALIS_HAVE_VULKAN=1 VK_NO_PROTOTYPES)
target_link_libraries(auralis_objects PRIVATE Vulkan::Headers)
list(APPEND AURALIS_PRIVATE_LIBS ${CMAKE_DL_LIBS}
  glslang::glslang glslang::SPIRV glslang::MachineIndependent glslang::OSDependent glslang::GenericCodeGen
  glslang::OGLCompiler glslang::glslang-default-resource-limits SPIRV-Tools-opt)
