# SPDX-License-Identifier: MIT
# Copies Debian's vkFFT.h (VkFFT 1.2.26) into the build tree with two fixes, and fails when the header is not
# the one we know:
# 1. glslang 12's nine mesh-shader limits inserted into its positional glslang_resource_t initialisers;
#    without them the header does not compile against glslang 12 (see ../shared/notes/vulkan-stack.md).
# 2. With LUT twiddles, the R2C plan's forward half borrows the inverse half's table but never frees the
#    host copy it just computed (a leak per plan, seen by LeakSanitizer); it is freed there.
function(auralis_patch_vkfft source destination)
  file(READ "${source}" text)
  set(anchor "/* .maxDualSourceDrawBuffersEXT = */ 1,")
  string(FIND "${text}" "${anchor}" first)
  if(first EQUAL -1)
    message(FATAL_ERROR "${source}: '${anchor}' not found; this VkFFT version is not the 1.2.26 the "
                        "auralis build knows how to patch for glslang 12")
  endif()
  string(FIND "${text}" "max_mesh_output_vertices_ext" already)
  if(NOT already EQUAL -1)
    message(FATAL_ERROR "${source} already lists glslang 12's mesh limits; drop the patch step")
  endif()
  # maxMeshOutputVerticesEXT ... maxMeshViewCountEXT, in glslang 12's order.
  set(mesh_limits "/* mesh-shader EXT limits (glslang 12) */ 256, 256, 128, 128, 128, 128, 128, 128, 4,")
  string(REPLACE "${anchor}" "${mesh_limits} ${anchor}" patched "${text}")
  string(REGEX MATCHALL "mesh-shader EXT limits" hits "${patched}")
  list(LENGTH hits count)
  if(NOT count EQUAL 2)
    message(FATAL_ERROR "${source}: expected two glslang resource initialisers, patched ${count}")
  endif()
  set(borrowed_lut "R2Cdecomposition.bufferLUTSize;\n\t\t\t\taxis->referenceLUT = 1;\n")
  set(freed "\t\t\t\tfree(tempLUT); /* auralis: was leaked */\n\t\t\t\ttempLUT = 0;\n")
  string(LENGTH "${patched}" before)
  string(REPLACE "${borrowed_lut}" "${borrowed_lut}${freed}" patched "${patched}")
  string(LENGTH "${patched}" after)
  string(LENGTH "${freed}" freed_length)
  math(EXPR count "(${after} - ${before}) / ${freed_length}")
  if(NOT count EQUAL 2)
    message(FATAL_ERROR "${source}: expected the R2C LUT borrowing twice (float and double), found ${count}")
  endif()
  file(WRITE "${destination}.tmp" "${patched}")
  file(RENAME "${destination}.tmp" "${destination}")
endfunction()
