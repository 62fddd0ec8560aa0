// SPDX-License-Identifier: MIT
// A temporary file beside the destination that replaces it by rename once complete, or vanishes on failure.
#pragma once

#include "io/sndfile_resources.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace auralis::io {

/// Failure of one step of writing, with the system's reason; callers turn it into Error(write_failed).
struct WriteStepFailed {
  std::string reason;
};

/// An unnamed file (O_TMPFILE) in the destination's folder where the file system has them, so that no
/// crash, not even SIGKILL, can leave a visible temporary; elsewhere (or with the environment variable
/// AURALIS_TEST_NAMED_TEMPORARIES=1) a named ".NAME.auralis-PID-XXXXXX" that signal handlers remove (see
/// temporary_registry.hpp) and that a later output to the same folder removes once PID is gone.
/// The file gets the permissions of any new file (0666 & ~umask). commit() flushes it to disk, puts it in
/// place of the destination by rename and flushes the folder; until then the destination is untouched, and
/// destroying an uncommitted file leaves nothing behind. A destination that exists and is not a regular
/// file (a device, FIFO, socket or folder, directly or through a symlink) is refused: it would be replaced
/// by a regular file. Throws WriteStepFailed.
class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(const std::filesystem::path& destination);
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;
  ~AtomicOutputFile();

  /// The temporary file's descriptor, open for reading and writing.
  int fd() const noexcept { return fd_.get(); }
  const std::filesystem::path& destination() const noexcept { return destination_; }

  /// Writes all of `bytes` at the file's current offset.
  void write(std::string_view bytes);
  /// Flushes what was written through fd() to disk. commit() does it too; call it first where several
  /// files should become visible together, so that no commit is left to fail for lack of space.
  void flush();
  /// Everything written through fd() becomes the destination. Call once, after every other handle on fd()
  /// is closed.
  void commit();

 private:
  void create_named();
  void name_unnamed();

  std::filesystem::path destination_;
  std::filesystem::path folder_;
  std::filesystem::path temporary_;  ///< Empty while the file has no name (O_TMPFILE).
  int registry_slot_ = -1;
  UniqueFd fd_;
  bool flushed_ = false;
  bool committed_ = false;
};

/// Throws WriteStepFailed when `destination` exists and is not a regular file (following symlinks).
void check_regular_destination(const std::filesystem::path& destination);

}  // namespace auralis::io
