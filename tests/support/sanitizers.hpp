// SPDX-License-Identifier: MIT
// Whether this build runs under AddressSanitizer or ThreadSanitizer: they reserve terabytes of shadow
// address space, so tests that limit the address space (RLIMIT_AS, ulimit -v) cannot run there.
#pragma once

namespace auralis::test {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool sanitized_build = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool sanitized_build = true;
#else
inline constexpr bool sanitized_build = false;
#endif
#else
inline constexpr bool sanitized_build = false;
#endif

}  // namespace auralis::test
