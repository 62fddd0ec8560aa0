// SPDX-License-Identifier: MIT
// libsndfile opens, one at a time in the process, each on a descriptor of its own.
#include "io/sndfile_open.hpp"

#include <fcntl.h>

#include <cerrno>
#include <mutex>

namespace auralis::io {

SndfileOpening open_sndfile(int fd, int mode, SF_INFO& info) {
  // libsndfile closes the descriptor when an open fails, even when told not to; a caller that then closed
  // its own would close whatever file another thread had opened under that number meanwhile. So libsndfile
  // gets a duplicate it owns: closed by it on failure or by sf_close, never by us.
  const int owned = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (owned < 0) return {nullptr, "cannot duplicate the file descriptor: " + system_error_text(errno)};
  static std::mutex one_open_at_a_time;
  const std::lock_guard lock(one_open_at_a_time);
  SndfileOpening opening;
  opening.file.reset(sf_open_fd(owned, mode, &info, SF_TRUE));
  if (!opening.file) opening.error = sf_strerror(nullptr);
  return opening;
}

}  // namespace auralis::io
