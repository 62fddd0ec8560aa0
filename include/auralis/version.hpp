// SPDX-License-Identifier: MIT
// The version of auralis: at compile time (the headers a program was built with) and at run time (the
// library it runs with; they differ when a newer libauralis.so.0 replaces the one it was linked against).
// CMake reads the project's version from the three numbers below, so they are the one place it is set.
#pragma once

#include <auralis/export.h>

#define AURALIS_VERSION_MAJOR 0
#define AURALIS_VERSION_MINOR 1
#define AURALIS_VERSION_PATCH 0

#define AURALIS_VERSION_STRINGIFY_(x) #x
#define AURALIS_VERSION_STRINGIFY(x) AURALIS_VERSION_STRINGIFY_(x)
/// "MAJOR.MINOR.PATCH" of these headers.
#define AURALIS_VERSION                            \
  AURALIS_VERSION_STRINGIFY(AURALIS_VERSION_MAJOR) \
  "." AURALIS_VERSION_STRINGIFY(AURALIS_VERSION_MINOR) "." AURALIS_VERSION_STRINGIFY(AURALIS_VERSION_PATCH)

namespace auralis {

/// "MAJOR.MINOR.PATCH" of the library running. Programs built against one major version run with any later
/// minor or patch release of it (libauralis.so.MAJOR).
AURALIS_API const char* version() noexcept;

}  // namespace auralis
