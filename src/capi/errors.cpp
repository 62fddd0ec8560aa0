// SPDX-License-Identifier: MIT
// Status names, the per-thread last-error message and the version, for the C API.
#include "capi/errors.hpp"

#include <auralis/version.hpp>

#include <cstring>
#include <string>

namespace auralis::capi {

namespace {

// The C statuses 1-255 are auralis::ErrorCode's values (auralis.h promises it).
static_assert(AURALIS_ERROR_INVALID_ARGUMENT == static_cast<int>(ErrorCode::invalid_argument));
static_assert(AURALIS_ERROR_FILE_NOT_FOUND == static_cast<int>(ErrorCode::file_not_found));
static_assert(AURALIS_ERROR_UNREADABLE_FILE == static_cast<int>(ErrorCode::unreadable_file));
static_assert(AURALIS_ERROR_TRUNCATED_FILE == static_cast<int>(ErrorCode::truncated_file));
static_assert(AURALIS_ERROR_EMPTY_AUDIO == static_cast<int>(ErrorCode::empty_audio));
static_assert(AURALIS_ERROR_TOO_MANY_CHANNELS == static_cast<int>(ErrorCode::too_many_channels));
static_assert(AURALIS_ERROR_UNSUPPORTED_RATE == static_cast<int>(ErrorCode::unsupported_rate));
static_assert(AURALIS_ERROR_NON_FINITE_SAMPLES == static_cast<int>(ErrorCode::non_finite_samples));
static_assert(AURALIS_ERROR_WRITE_FAILED == static_cast<int>(ErrorCode::write_failed));
static_assert(AURALIS_ERROR_OUTPUT_IS_INPUT == static_cast<int>(ErrorCode::output_is_input));
static_assert(AURALIS_ERROR_UNSUPPORTED_FORMAT == static_cast<int>(ErrorCode::unsupported_format));
static_assert(AURALIS_ERROR_BACKEND_UNAVAILABLE == static_cast<int>(ErrorCode::backend_unavailable));
static_assert(AURALIS_ERROR_OUT_OF_MEMORY == static_cast<int>(ErrorCode::out_of_memory));
static_assert(AURALIS_ERROR_UNUSABLE_REFERENCE == static_cast<int>(ErrorCode::unusable_reference));
static_assert(AURALIS_ERROR_WOULD_CLIP == static_cast<int>(ErrorCode::would_clip));

thread_local std::string t_message;
// What auralis_last_error returns: t_message, or a fixed text when there was no memory to build it.
thread_local const char* t_last_error = "";

}  // namespace

void set_last_error(const char* first, const char* second, const char* third) noexcept {
  try {
    t_message.assign(first).append(second).append(third);
    t_last_error = t_message.c_str();
  } catch (...) {
    t_last_error = "not enough memory for the error message";
  }
}

void Call::require(const void* pointer, const char* name) const {
  if (pointer == nullptr) invalid(std::string(name) + " is NULL");
}

void Call::invalid(const std::string& message) const {
  throw Error(ErrorCode::invalid_argument, function_ + (": " + message));
}

}  // namespace auralis::capi

extern "C" {

const char* auralis_status_string(auralis_status status) {
  // Read as the int it is in C: a C caller may pass any value, which the C++ enum type cannot hold.
  int value = 0;
  std::memcpy(&value, &status, sizeof value);
  switch (value) {
    case AURALIS_OK:
      return "ok";
    case AURALIS_ERROR_CANCELLED:
      return "cancelled";
    case AURALIS_ERROR_TRACKS_FAILED:
      return "tracks_failed";
    case AURALIS_ERROR_INTERNAL:
      return "internal_error";
    default:
      break;
  }
  if (value >= AURALIS_ERROR_INVALID_ARGUMENT && value <= AURALIS_ERROR_WOULD_CLIP) {
    return auralis::to_string(static_cast<auralis::ErrorCode>(value));
  }
  return "unknown_status";
}

const char* auralis_last_error(void) {
  return auralis::capi::t_last_error;
}

const char* auralis_version(void) {
  return auralis::version();
}

}  // extern "C"
