// SPDX-License-Identifier: MIT
// auralis.Error: auralis::Error as a Python exception carrying its code, and Python exceptions raised in
// callbacks carried through the engine back to the caller.
#pragma once

#include <pybind11/pybind11.h>

#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

namespace auralis::python {

/// Adds auralis.Error to the module and translates every auralis::Error thrown into it.
void register_errors(pybind11::module_& module);

/// Runs Python callbacks from engine threads: each call takes the GIL; the first exception a callback
/// raises is kept (later calls are then skipped) and the engine is unwound by a C++ exception, after which
/// the caller raises the kept one with rethrow_if_failed().
class CallbackGuard {
 public:
  /// Runs `call` holding the GIL; on a Python exception, keeps it and throws CallbackFailed.
  void run(const std::function<void()>& call);
  /// Raises the callback's exception, if one was kept. Needs the GIL.
  void rethrow_if_failed();

  struct CallbackFailed : std::exception {
    const char* what() const noexcept override { return "a Python callback raised an exception"; }
  };

 private:
  std::mutex mutex_;
  std::optional<pybind11::error_already_set> error_;
};

/// Runs `work` (engine calls, no Python) with the GIL released, then raises what failed: a callback's
/// exception first (the engine's own error is then only its consequence), else the engine's.
template <class Work>
auto run_released(CallbackGuard& guard, Work&& work) {
  using Result = decltype(work());
  std::exception_ptr failure;
  if constexpr (std::is_void_v<Result>) {
    {
      pybind11::gil_scoped_release release;
      try {
        work();
      } catch (...) {
        failure = std::current_exception();
      }
    }
    guard.rethrow_if_failed();
    if (failure) std::rethrow_exception(failure);
  } else {
    std::optional<Result> result;
    {
      pybind11::gil_scoped_release release;
      try {
        result.emplace(work());
      } catch (...) {
        failure = std::current_exception();
      }
    }
    guard.rethrow_if_failed();
    if (failure) std::rethrow_exception(failure);
    return std::move(*result);
  }
}

}  // namespace auralis::python
