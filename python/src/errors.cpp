// SPDX-License-Identifier: MIT
#include "errors.hpp"

#include <auralis/error.hpp>

namespace py = pybind11;

namespace auralis::python {

void register_errors(py::module_& module) {
  // Created once and kept for the life of the process, as the module that holds it is.
  static py::handle error_type = PyErr_NewExceptionWithDoc(
      "auralis.Error",
      "Raised by every auralis operation that fails: str(e) names the file or argument and the problem;\n"
      "e.code is the stable number of auralis::ErrorCode, e.code_name its name (\"file_not_found\", ...).",
      PyExc_Exception, nullptr);
  if (!error_type) throw py::error_already_set();
  module.attr("Error") = error_type;
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const Error& e) {
      py::object error = py::reinterpret_borrow<py::object>(error_type)(e.what());
      error.attr("code") = static_cast<int>(e.code());
      error.attr("code_name") = to_string(e.code());
      PyErr_SetObject(error_type.ptr(), error.ptr());
    }
  });
}

void CallbackGuard::run(const std::function<void()>& call) {
  {
    const std::lock_guard lock(mutex_);
    if (error_) throw CallbackFailed{};
  }
  py::gil_scoped_acquire gil;
  try {
    call();
  } catch (py::error_already_set& e) {
    const std::lock_guard lock(mutex_);
    if (!error_) error_ = std::move(e);
    throw CallbackFailed{};
  }
}

void CallbackGuard::rethrow_if_failed() {
  const std::lock_guard lock(mutex_);
  if (error_) {
    py::error_already_set error = std::move(*error_);
    error_.reset();
    throw error;
  }
}

}  // namespace auralis::python
