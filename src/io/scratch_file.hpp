// SPDX-License-Identifier: MIT
// An unnamed temporary file in $TMPDIR (else /tmp) for data a run keeps outside memory: it vanishes when
// closed, even after SIGKILL.
#pragma once

#include "io/sndfile_resources.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace auralis::io {

/// The folder temporaries go to: $TMPDIR when set and not empty, else /tmp.
std::filesystem::path temporary_folder();

/// Opens an unnamed file for reading and writing (O_TMPFILE, or a named one unlinked at once where the
/// file system has no unnamed files). Returns an empty UniqueFd and sets errno when neither works.
UniqueFd open_unnamed_temporary();

/// Bytes appended in order and read back from any offset. Throws Error(write_failed) naming the folder
/// and the system's reason when the file cannot be made, written (a full disk) or read.
class ScratchFile {
 public:
  ScratchFile();
  void append(const void* bytes, std::size_t count);
  void read_at(std::uint64_t offset, void* bytes, std::size_t count) const;
  std::uint64_t size() const noexcept { return size_; }
  /// Marks the file as incomplete (a write failed and was given up): readers must not rely on it.
  void abandon() noexcept { abandoned_ = true; }
  bool abandoned() const noexcept { return abandoned_; }

 private:
  [[noreturn]] void fail(const std::string& what) const;
  UniqueFd fd_;
  std::uint64_t size_ = 0;
  bool abandoned_ = false;
};

}  // namespace auralis::io
