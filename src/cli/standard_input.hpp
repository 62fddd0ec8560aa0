// SPDX-License-Identifier: MIT
// `-` as an input file: standard input.
#pragma once

#include <string>
#include <string_view>

namespace auralis::cli {

/// The name that stands for standard input (and would stand for standard output).
inline constexpr std::string_view kStandardStream = "-";

/// A path that reads standard input once, from its start (the reader copies a pipe to a seekable
/// temporary itself): for commands that open their input once.
inline constexpr const char* kStandardInputPath = "/dev/stdin";

/// Standard input copied whole into an unnamed temporary file (in $TMPDIR, else /tmp), for commands that
/// open their input more than once (master reads it in several passes): path() opens the copy from its
/// start each time. The copy disappears with this object or the process, however it ends.
class StandardInputCopy {
 public:
  /// Throws auralis::Error (unreadable_file) naming `-` when standard input cannot be read or copied.
  StandardInputCopy();
  ~StandardInputCopy();
  StandardInputCopy(const StandardInputCopy&) = delete;
  StandardInputCopy& operator=(const StandardInputCopy&) = delete;

  std::string path() const;

 private:
  int fd_ = -1;
};

}  // namespace auralis::cli
