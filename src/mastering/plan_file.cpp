// SPDX-License-Identifier: MIT
// read_plan_file: a plan from a file, pipe or device, read with a bounded size and every error naming the
// path.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "mastering/plan_limits.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <string>

namespace auralis {

namespace {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

[[noreturn]] void fail(ErrorCode code, const std::string& name, const std::string& what) {
  throw Error(code, name + ": " + what);
}

// The whole file, or an error once it holds more than plan_file_max_bytes. A FIFO or a device such as
// /dev/zero may never end, so the size is what has been read, not what stat says.
std::string read_bounded(const std::filesystem::path& path, const std::string& name) {
  const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) fail(ErrorCode::file_not_found, name, "no such file");
    fail(ErrorCode::unreadable_file, name, std::string("cannot open: ") + std::strerror(error));
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) == 0 && S_ISDIR(status.st_mode)) {
    fail(ErrorCode::invalid_argument, name, "is a folder, not a plan file");
  }
  std::string text(plan_file_max_bytes + 1, '\0');
  std::size_t size = 0;
  while (size < text.size()) {
    const ssize_t got = ::read(fd.get(), text.data() + size, text.size() - size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail(ErrorCode::unreadable_file, name, std::string("read failed: ") + std::strerror(errno));
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
  }
  if (size > plan_file_max_bytes) fail(ErrorCode::invalid_argument, name, "plan file is larger than 1 MiB");
  text.resize(size);
  return text;
}

}  // namespace

MasteringPlan read_plan_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  try {
    const std::string text = read_bounded(path, name);
    try {
      MasteringPlan plan = plan_from_json(text);
      mastering::validate_plan(plan);
      return plan;
    } catch (const Error& e) {
      throw Error(e.code(), name + ": " + e.what());
    }
  } catch (const std::bad_alloc&) {
    fail(ErrorCode::out_of_memory, name, "not enough memory to read the plan file");
  }
}

}  // namespace auralis
