// SPDX-License-Identifier: MIT
// open_unnamed_temporary and ScratchFile: O_TMPFILE, pwrite/pread with retries on short transfers.
#include "io/scratch_file.hpp"

#include <auralis/error.hpp>

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace auralis::io {

std::filesystem::path temporary_folder() {
  const char* folder = std::getenv("TMPDIR");
  return folder != nullptr && *folder != '\0' ? folder : "/tmp";
}

UniqueFd open_unnamed_temporary() {
  const std::filesystem::path folder = temporary_folder();
  UniqueFd file(::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (!file && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    // No unnamed files there: a named one, unlinked at once, vanishes on close just the same.
    std::string pattern = (folder / "auralis-scratch-XXXXXX").native();
    file = UniqueFd(::mkostemp(pattern.data(), O_CLOEXEC));
    if (file) ::unlink(pattern.c_str());
  }
  return file;
}

ScratchFile::ScratchFile() : fd_(open_unnamed_temporary()) {
  if (!fd_) fail("cannot make a temporary file");
}

void ScratchFile::fail(const std::string& what) const {
  throw Error(ErrorCode::write_failed,
              temporary_folder().string() + ": " + what + ": " + std::strerror(errno));
}

void ScratchFile::append(const void* bytes, std::size_t count) {
  const auto* data = static_cast<const char*>(bytes);
  while (count > 0) {
    const ssize_t written = ::pwrite(fd_.get(), data, count, static_cast<off_t>(size_));
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) fail("cannot write a temporary file");
    data += written;
    count -= static_cast<std::size_t>(written);
    size_ += static_cast<std::uint64_t>(written);
  }
}

void ScratchFile::read_at(std::uint64_t offset, void* bytes, std::size_t count) const {
  auto* data = static_cast<char*>(bytes);
  while (count > 0) {
    const ssize_t got = ::pread(fd_.get(), data, count, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) fail("cannot read back a temporary file");
    data += got;
    count -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
}

}  // namespace auralis::io
