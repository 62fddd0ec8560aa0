// A temporary file beside the destination that replaces it by rename once complete, or vanishes on failure.
#pragma once

#include "io/sndfile_resources.hpp"

#include <filesystem>
#include <string>

namespace auralis::io {

/// Failure of one step of writing, with the system's reason; write_audio turns it into Error(write_failed).
struct WriteStepFailed {
  std::string reason;
};

/// Creates ".<name>.auralis-XXXXXX" in the destination's folder (mode 0666 & ~umask, like any new file).
/// commit() flushes it to disk, renames it over the destination and flushes the folder; until then the
/// destination is untouched, and destroying an uncommitted file removes the temporary. Throws
/// WriteStepFailed.
class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(const std::filesystem::path& destination);
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;
  ~AtomicOutputFile();

  /// The temporary file's descriptor, open for reading and writing.
  int fd() const noexcept { return fd_.get(); }
  const std::filesystem::path& temporary_path() const noexcept { return temporary_; }

  /// Everything written through fd() becomes the destination. Call once, after every other handle on fd()
  /// is closed.
  void commit();

 private:
  std::filesystem::path destination_;
  std::filesystem::path folder_;
  std::filesystem::path temporary_;
  UniqueFd fd_;
  bool committed_ = false;
};

}  // namespace auralis::io
