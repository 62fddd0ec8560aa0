/* SPDX-License-Identifier: MIT */
/* The version of these headers, for C and C++ alike (auralis/version.hpp adds the run-time
   auralis::version(), auralis/auralis.h the C auralis_version()). CMake reads the project's version from the
   three numbers below, so they are the one place it is set. */
#ifndef AURALIS_VERSION_H
#define AURALIS_VERSION_H

#define AURALIS_VERSION_MAJOR 0
#define AURALIS_VERSION_MINOR 1
#define AURALIS_VERSION_PATCH 0

#define AURALIS_VERSION_STRINGIFY_(x) #x
#define AURALIS_VERSION_STRINGIFY(x) AURALIS_VERSION_STRINGIFY_(x)
/* "MAJOR.MINOR.PATCH" of these headers. */
#define AURALIS_VERSION                            \
  AURALIS_VERSION_STRINGIFY(AURALIS_VERSION_MAJOR) \
  "." AURALIS_VERSION_STRINGIFY(AURALIS_VERSION_MINOR) "." AURALIS_VERSION_STRINGIFY(AURALIS_VERSION_PATCH)

#endif /* AURALIS_VERSION_H */
