# Copies Debian's vkFFT.h (VkFFT 1.2.26) into the build tree with glslang 12's nine mesh-shader limits
# inserted into its positional glslang_resource_t initialisers; without them the header does not compile
# against glslang 12 (see ../shared/notes/vulkan-stack.md). Fails when the header is not the one we know.
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
  file(WRITE "${destination}.tmp" "${patched}")
  file(RENAME "${destination}.tmp" "${destination}")
endfunction()
