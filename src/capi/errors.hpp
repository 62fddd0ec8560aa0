// SPDX-License-Identifier: MIT
// The C API's error handling: each entry point runs its body through guarded(), which turns every exception
// into a status and the calling thread's last-error message, so that none crosses into C.
#pragma once

#include <auralis/auralis.h>
#include <auralis/error.hpp>

#include <exception>
#include <new>
#include <string>
#include <type_traits>

namespace auralis::capi {

/// Sets the calling thread's last-error message to the three parts joined.
void set_last_error(const char* first, const char* second = "", const char* third = "") noexcept;

/// One call of an entry point, for the checks of its arguments; messages start with the function's name.
class Call {
 public:
  explicit Call(const char* function) noexcept : function_(function) {}
  /// Throws Error(invalid_argument) "<function>: <name> is NULL" when `pointer` is null.
  void require(const void* pointer, const char* name) const;
  /// Throws Error(invalid_argument) "<function>: <message>".
  [[noreturn]] void invalid(const std::string& message) const;

 private:
  const char* function_;
};

/// Runs `body(call)` (returning void, or an auralis_status of its own), catching everything: auralis::Error
/// gives its code and message, std::bad_alloc AURALIS_ERROR_OUT_OF_MEMORY, anything else
/// AURALIS_ERROR_INTERNAL; the message is the thread's last error ("" on success). `function` names the entry
/// point in messages that would name nothing.
template <class Body>
auralis_status guarded(const char* function, Body&& body) noexcept {
  try {
    set_last_error("");
    const Call call(function);
    if constexpr (std::is_void_v<std::invoke_result_t<Body&, const Call&>>) {
      body(call);
      return AURALIS_OK;
    } else {
      return body(call);
    }
  } catch (const Error& e) {
    set_last_error(e.what());
    return static_cast<auralis_status>(e.code());
  } catch (const std::bad_alloc&) {
    set_last_error(function, ": not enough memory");
    return AURALIS_ERROR_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    set_last_error(function, ": ", e.what());
    return AURALIS_ERROR_INTERNAL;
  } catch (...) {
    set_last_error(function, ": an unknown exception");
    return AURALIS_ERROR_INTERNAL;
  }
}

}  // namespace auralis::capi
