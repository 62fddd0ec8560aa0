// SPDX-License-Identifier: MIT
// auralis::Error: the one exception type every public operation throws, with a stable code.
#pragma once

#include <auralis/export.h>

#include <stdexcept>
#include <string>

namespace auralis {

/// Why an operation failed. Values are stable: the C API and exit reports use them.
enum class ErrorCode : int {
  invalid_argument = 1,      ///< A parameter is out of range (message names it).
  file_not_found = 2,        ///< The input path does not exist.
  unreadable_file = 3,       ///< The file exists but is not decodable audio (corrupt or unsupported format).
  truncated_file = 4,        ///< The header promises more audio than the file holds.
  empty_audio = 5,           ///< The file decodes to zero frames.
  too_many_channels = 6,     ///< More than max_channels channels.
  unsupported_rate = 7,      ///< Sample rate outside [min_sample_rate, max_sample_rate].
  non_finite_samples = 8,    ///< NaN or infinite samples (message gives the count).
  write_failed = 9,          ///< The output could not be written completely (nothing is left behind).
  output_is_input = 10,      ///< Writing would replace one of the inputs.
  unsupported_format = 11,   ///< The requested output format or sample encoding is not supported.
  backend_unavailable = 12,  ///< The requested compute backend or device cannot be used here.
  out_of_memory = 13,        ///< Not enough memory for the file (message names it); nothing is written.
  unusable_reference = 14,   ///< The reference track cannot be matched (silent, or nothing measurable).
  would_clip = 15,           ///< With the limiter off, the integer output would clip (see allow_clipping).
};

/// Short stable name of a code, e.g. "truncated_file".
AURALIS_API const char* to_string(ErrorCode code) noexcept;

/// Thrown by every public operation. what() names the file or argument and the problem.
class AURALIS_API Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace auralis
