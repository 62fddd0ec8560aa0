# SPDX-License-Identifier: MIT
# `cmake --install`: the library and its headers, the command, a CMake package (find_package(auralis
# CONFIG) -> auralis::auralis), a pkg-config file, a man page made by help2man from --help, and bash
# completion. The Python binding installs itself (python/CMakeLists.txt).
include(CMakePackageConfigHelpers)

set(auralis_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/auralis)
# The command finds the library installed beside it, wherever the prefix is.
file(RELATIVE_PATH auralis_bin_to_lib ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
set_target_properties(auralis_cli PROPERTIES INSTALL_RPATH "$ORIGIN/${auralis_bin_to_lib}")

install(TARGETS auralis EXPORT auralisTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/auralis DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT development FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
install(TARGETS auralis_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)

install(EXPORT auralisTargets NAMESPACE auralis:: DESTINATION ${auralis_cmake_dir} COMPONENT development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/packaging/auralisConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/auralisConfig.cmake INSTALL_DESTINATION ${auralis_cmake_dir})
# The soname carries the major version; so does compatibility.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/auralisConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/auralisConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/auralisConfigVersion.cmake
  DESTINATION ${auralis_cmake_dir} COMPONENT development)

# pkg-config: relocatable (the prefix is found from the .pc file's own folder, so `cmake --install --prefix`
# anywhere works); a static library lists what its users must link as well.
file(RELATIVE_PATH auralis_pc_to_prefix ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" auralis_pc_to_prefix "${auralis_pc_to_prefix}")
set(auralis_pc_prefix "\${pcfiledir}/${auralis_pc_to_prefix}")
set(auralis_pc_libdir "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
set(auralis_pc_includedir "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
if(AURALIS_SHARED)
  set(auralis_pc_requires_private "")
  set(auralis_pc_libs_private "")
  set(auralis_pc_cflags "")
else()
  set(auralis_pc_requires_private "sndfile flac soxr libxxhash libhwy")
  set(auralis_pc_libs_private "-lstdc++ -lm -lpthread")
  if(AURALIS_VULKAN)
    string(PREPEND auralis_pc_libs_private "-lglslang -lSPIRV -lMachineIndependent -lOSDependent -lGenericCodeGen \
-lOGLCompiler -lglslang-default-resource-limits -lSPIRV-Tools-opt -lSPIRV-Tools -ldl ")
  endif()
  set(auralis_pc_cflags " -DAURALIS_STATIC_DEFINE")
endif()
configure_file(${PROJECT_SOURCE_DIR}/packaging/auralis.pc.in ${CMAKE_CURRENT_BINARY_DIR}/auralis.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/auralis.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT development)

install(FILES ${PROJECT_SOURCE_DIR}/packaging/auralis.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME auralis COMPONENT runtime)

find_program(AURALIS_HELP2MAN help2man)
if(AURALIS_HELP2MAN)
  set(auralis_man ${CMAKE_CURRENT_BINARY_DIR}/auralis.1)
  add_custom_command(OUTPUT ${auralis_man}
    COMMAND ${AURALIS_HELP2MAN} --no-info --no-discard-stderr --section=1
      "--name=analyse and master music (BS.1770 loudness, EQ, dynamics, true-peak limiting)"
      --output=${auralis_man} $<TARGET_FILE:auralis_cli>
    DEPENDS auralis_cli
    COMMENT "help2man auralis.1"
    VERBATIM)
  add_custom_target(auralis_man ALL DEPENDS ${auralis_man})
  install(FILES ${auralis_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
endif()
