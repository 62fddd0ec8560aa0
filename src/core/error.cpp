// SPDX-License-Identifier: MIT
// Names of error codes.
#include <auralis/error.hpp>

namespace auralis {

const char* to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::file_not_found:
      return "file_not_found";
    case ErrorCode::unreadable_file:
      return "unreadable_file";
    case ErrorCode::truncated_file:
      return "truncated_file";
    case ErrorCode::empty_audio:
      return "empty_audio";
    case ErrorCode::too_many_channels:
      return "too_many_channels";
    case ErrorCode::unsupported_rate:
      return "unsupported_rate";
    case ErrorCode::non_finite_samples:
      return "non_finite_samples";
    case ErrorCode::write_failed:
      return "write_failed";
    case ErrorCode::output_is_input:
      return "output_is_input";
    case ErrorCode::unsupported_format:
      return "unsupported_format";
    case ErrorCode::backend_unavailable:
      return "backend_unavailable";
    case ErrorCode::out_of_memory:
      return "out_of_memory";
    case ErrorCode::unusable_reference:
      return "unusable_reference";
    case ErrorCode::would_clip:
      return "would_clip";
  }
  return "unknown";
}

}  // namespace auralis
