// SPDX-License-Identifier: MIT
// Allocation-failure injection for the fuzz harnesses: replaces every replaceable global operator new and
// delete, and makes exactly one C++ allocation fail (std::bad_alloc, or nullptr from the nothrow forms) while
// armed. C allocations (malloc, libsndfile's own) are left alone.
#pragma once

#include <cstdint>

namespace auralis_fuzz {

/// Sets the countdown: the `countdown`-th operator new made while armed fails, once; 0: none fails.
void set_allocation_failure(std::uint32_t countdown) noexcept;
/// True when an allocation was made to fail since the countdown was set.
bool allocation_failure_fired() noexcept;

/// Counts (and fails) allocations only while one of these exists: put one around each library call, so that
/// the harness's own allocations neither count nor fail.
class Armed {
 public:
  /// `active` false: this call is not counted (the countdown is meant for another one).
  explicit Armed(bool active = true) noexcept;
  ~Armed();
  Armed(const Armed&) = delete;
  Armed& operator=(const Armed&) = delete;

 private:
  bool active_;
};

}  // namespace auralis_fuzz
