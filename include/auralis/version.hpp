// SPDX-License-Identifier: MIT
// The version of auralis: at compile time (the headers a program was built with) and at run time (the
// library it runs with; they differ when a newer libauralis.so.0 replaces the one it was linked against).
// The numbers and AURALIS_VERSION are in auralis/version.h, which C shares.
#pragma once

#include <auralis/export.h>
#include <auralis/version.h>

namespace auralis {

/// "MAJOR.MINOR.PATCH" of the library running. Programs built against one major version run with any later
/// minor or patch release of it (libauralis.so.MAJOR).
AURALIS_API const char* version() noexcept;

}  // namespace auralis
