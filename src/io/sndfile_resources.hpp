// SPDX-License-Identifier: MIT
// Owning handles for libsndfile files and POSIX descriptors, and readable system error text.
#pragma once

#include <sndfile.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <system_error>
#include <utility>

namespace auralis::io {

struct SndfileCloser {
  void operator()(SNDFILE* file) const noexcept { sf_close(file); }
};
/// Closes the libsndfile handle, and with it the duplicate descriptor it owns (see open_sndfile).
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

/// A POSIX file descriptor closed on destruction; release() hands it over for an explicit, checked close.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  int release() noexcept { return std::exchange(fd_, -1); }
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

/// The system's description of an errno value, e.g. "No such file or directory".
inline std::string system_error_text(int error_number) {
  return std::generic_category().message(error_number);
}

}  // namespace auralis::io
