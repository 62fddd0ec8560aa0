// A temporary file beside the destination that replaces it by rename once complete, or vanishes on failure.
#include "io/atomic_output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <fstream>
#include <string>
#include <vector>

namespace auralis::io {
namespace {

// Keeps the temporary name within NAME_MAX (255) even for a destination name at the limit.
constexpr std::size_t kMaxNameBytesInTemporary = 200;

// The process umask without changing it: umask(2) can only be read by setting it, which would race with
// files other threads create meanwhile. /proc/self/status has it since Linux 4.7.
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) {
      try {
        return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8) & 0777);
      } catch (const std::exception&) {
        break;
      }
    }
  }
  // Older kernels: the conventional default rather than a racy set-and-restore.
  return 022;
}

int fsync_retrying(int fd) {
  int result = 0;
  do {
    result = ::fsync(fd);
  } while (result != 0 && errno == EINTR);
  return result;
}

}  // namespace

AtomicOutputFile::AtomicOutputFile(const std::filesystem::path& destination) : destination_(destination) {
  folder_ = destination.parent_path();
  if (folder_.empty()) folder_ = ".";
  std::string name = destination.filename().string();
  if (name.size() > kMaxNameBytesInTemporary) name.resize(kMaxNameBytesInTemporary);
  const std::string pattern = (folder_ / ("." + name + ".auralis-XXXXXX")).string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  fd_ = UniqueFd(::mkostemp(buffer.data(), O_CLOEXEC));
  if (!fd_) {
    throw WriteStepFailed{"cannot create a temporary file in " + folder_.string() + ": " +
                          system_error_text(errno)};
  }
  temporary_ = std::filesystem::path(buffer.data());
  // mkstemp creates 0600; the output should have the permissions any newly created file gets.
  if (::fchmod(fd_.get(), static_cast<mode_t>(0666 & ~current_umask())) != 0) {
    const int error_number = errno;
    fd_.reset();
    ::unlink(temporary_.c_str());
    throw WriteStepFailed{"cannot set permissions of " + temporary_.string() + ": " +
                          system_error_text(error_number)};
  }
}

AtomicOutputFile::~AtomicOutputFile() {
  if (committed_) return;
  fd_.reset();
  ::unlink(temporary_.c_str());
}

void AtomicOutputFile::commit() {
  if (fsync_retrying(fd_.get()) != 0) {
    throw WriteStepFailed{"cannot flush " + temporary_.string() + " to disk: " + system_error_text(errno)};
  }
  // close() reports delayed write errors on some file systems (NFS), so it is checked, not left to ~UniqueFd.
  if (::close(fd_.release()) != 0) {
    throw WriteStepFailed{"cannot close " + temporary_.string() + ": " + system_error_text(errno)};
  }
  if (::rename(temporary_.c_str(), destination_.c_str()) != 0) {
    throw WriteStepFailed{"cannot rename " + temporary_.string() + " to " + destination_.string() + ": " +
                          system_error_text(errno)};
  }
  committed_ = true;
  // Makes the rename itself durable. Past the rename there is no undoing it, and the file is complete, so a
  // folder that cannot be flushed (some file systems refuse fsync on folders) is not reported as a failure.
  const UniqueFd folder(::open(folder_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (folder) fsync_retrying(folder.get());
}

}  // namespace auralis::io
