// SPDX-License-Identifier: MIT
#include <auralis/version.hpp>

namespace auralis {

const char* version() noexcept {
  return AURALIS_VERSION;
}

}  // namespace auralis
