// SPDX-License-Identifier: MIT
// Standard input as a file (see standard_input.hpp).
#include "cli/standard_input.hpp"

#include <auralis/error.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace auralis::cli {

namespace {

// Closes `fd` (when open) and throws the error `what` with errno's reason.
[[noreturn]] void fail(int fd, const std::string& what) {
  const int error_number = errno;
  if (fd >= 0) ::close(fd);
  throw Error(ErrorCode::unreadable_file, "- (standard input): " + what + ": " + std::strerror(error_number));
}

}  // namespace

StandardInputCopy::StandardInputCopy() {
  const char* folder = std::getenv("TMPDIR");
  std::string name =
      std::string(folder != nullptr && *folder != '\0' ? folder : "/tmp") + "/auralis-stdin-XXXXXX";
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) fail(fd_, "cannot make a temporary copy in " + name.substr(0, name.rfind('/')));
  // Unnamed from the start: nothing is left behind, even when the process is killed.
  ::unlink(name.c_str());
  std::vector<char> block(1 << 16);
  for (;;) {
    const ssize_t got = ::read(STDIN_FILENO, block.data(), block.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      fail(fd_, "cannot read");
    }
    for (ssize_t written = 0; written < got;) {
      const ssize_t put = ::write(fd_, block.data() + written, static_cast<std::size_t>(got - written));
      if (put < 0 && errno != EINTR) fail(fd_, "cannot write its temporary copy");
      if (put > 0) written += put;
    }
  }
}

StandardInputCopy::~StandardInputCopy() {
  if (fd_ >= 0) ::close(fd_);
}

std::string StandardInputCopy::path() const {
  return "/proc/self/fd/" + std::to_string(fd_);
}

}  // namespace auralis::cli
