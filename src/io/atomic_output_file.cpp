// SPDX-License-Identifier: MIT
// A temporary file beside the destination that replaces it by rename once complete, or vanishes on failure.
#include "io/atomic_output_file.hpp"

#include "io/temporary_registry.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace auralis::io {
namespace {

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

bool named_temporaries_forced() {
  const char* value = std::getenv("AURALIS_TEST_NAMED_TEMPORARIES");
  return value != nullptr && std::string_view(value) == "1";
}

// Errors with which open(O_TMPFILE) says the kernel or file system has no unnamed files.
bool unnamed_files_unsupported(int error_number) {
  return error_number == EOPNOTSUPP || error_number == EISDIR || error_number == EINVAL;
}

const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Six random characters of the same alphabet mkstemp uses.
std::string random_suffix() {
  static constexpr std::string_view kAlphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device device;
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string suffix(6, 'x');
  for (char& c : suffix) c = kAlphabet[pick(device)];
  return suffix;
}

// Holds back, in this thread, the signals whose handlers remove temporaries, for as long as it lives.
class BlockedRemovingSignals {
 public:
  BlockedRemovingSignals() {
    sigset_t removing;
    sigemptyset(&removing);
    for (const int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) sigaddset(&removing, signal_number);
    pthread_sigmask(SIG_BLOCK, &removing, &previous_);
  }
  ~BlockedRemovingSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  BlockedRemovingSignals(const BlockedRemovingSignals&) = delete;
  BlockedRemovingSignals& operator=(const BlockedRemovingSignals&) = delete;

 private:
  sigset_t previous_{};
};

}  // namespace

void check_regular_destination(const std::filesystem::path& destination) {
  struct stat status {};
  if (::stat(destination.c_str(), &status) != 0) return;  // absent (or a dangling symlink): created anew
  if (!S_ISREG(status.st_mode)) {
    throw WriteStepFailed{std::string("it is ") + file_kind(status.st_mode) +
                          "; auralis writes only regular files (and never replaces anything else)"};
  }
}

AtomicOutputFile::AtomicOutputFile(const std::filesystem::path& destination) : destination_(destination) {
  check_regular_destination(destination_);
  folder_ = destination_.parent_path();
  if (folder_.empty()) folder_ = ".";
  if (!named_temporaries_forced()) {
    // The mode is masked by the umask as for any new file.
    fd_ = UniqueFd(::open(folder_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0666));
    if (fd_) return;
    const int error_number = errno;
    if (!unnamed_files_unsupported(error_number)) {
      throw WriteStepFailed{"cannot create a temporary file in " + folder_.string() + ": " +
                            system_error_text(error_number)};
    }
  }
  create_named();
}

void AtomicOutputFile::create_named() {
  remove_stale_temporaries(folder_);
  const std::string pattern = (folder_ / temporary_name_pattern(destination_.filename().native())).native();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  int create_error = 0;
  {
    // A signal between mkostemp and remember_temporary would leave the new file behind: the handlers only
    // remove what is remembered. The removing signals wait until both are done.
    const BlockedRemovingSignals blocked;
    fd_ = UniqueFd(::mkostemp(buffer.data(), O_CLOEXEC));
    create_error = errno;
    if (fd_) registry_slot_ = remember_temporary(std::filesystem::path(buffer.data()));
  }
  if (!fd_) {
    throw WriteStepFailed{"cannot create a temporary file in " + folder_.string() + ": " +
                          system_error_text(create_error)};
  }
  temporary_ = std::filesystem::path(buffer.data());
  // mkstemp creates 0600; the output should have the permissions any newly created file gets.
  if (::fchmod(fd_.get(), static_cast<mode_t>(0666 & ~current_umask())) != 0) {
    throw WriteStepFailed{"cannot set permissions of " + temporary_.string() + ": " +
                          system_error_text(errno)};
  }
}

// Gives the unnamed file a temporary name beside the destination, the step before the rename. The name is
// remembered first, so that a signal arriving in between still removes it.
void AtomicOutputFile::name_unnamed() {
  const std::string fd_link = "/proc/self/fd/" + std::to_string(fd_.get());
  const std::string pattern = temporary_name_pattern(destination_.filename().native());
  const std::string prefix = pattern.substr(0, pattern.size() - 6);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::filesystem::path candidate = folder_ / (prefix + random_suffix());
    registry_slot_ = remember_temporary(candidate);
    // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; /proc/self/fd works for any user where /proc is mounted.
    int result = ::linkat(fd_.get(), "", AT_FDCWD, candidate.c_str(), AT_EMPTY_PATH);
    if (result != 0 && errno != EEXIST) {
      result = ::linkat(AT_FDCWD, fd_link.c_str(), AT_FDCWD, candidate.c_str(), AT_SYMLINK_FOLLOW);
    }
    if (result == 0) {
      temporary_ = candidate;
      return;
    }
    const int error_number = errno;
    forget_temporary(registry_slot_);
    registry_slot_ = -1;
    if (error_number != EEXIST) {
      throw WriteStepFailed{"cannot give the finished file a name in " + folder_.string() + ": " +
                            system_error_text(error_number)};
    }
  }
  throw WriteStepFailed{"cannot find a free temporary name in " + folder_.string()};
}

AtomicOutputFile::~AtomicOutputFile() {
  if (committed_) return;
  fd_.reset();
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
  forget_temporary(registry_slot_);
}

void AtomicOutputFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd_.get(), bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) throw WriteStepFailed{"cannot write: " + system_error_text(errno)};
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

void AtomicOutputFile::flush() {
  if (flushed_) return;
  if (fsync_retrying(fd_.get()) != 0) {
    throw WriteStepFailed{"cannot flush the file to disk: " + system_error_text(errno)};
  }
  flushed_ = true;
}

void AtomicOutputFile::commit() {
  flush();
  if (temporary_.empty()) name_unnamed();
  // close() reports delayed write errors on some file systems (NFS), so it is checked, not left to ~UniqueFd.
  if (::close(fd_.release()) != 0) {
    throw WriteStepFailed{"cannot close " + temporary_.string() + ": " + system_error_text(errno)};
  }
  // The destination may have become something else since the start (another program made a FIFO there).
  check_regular_destination(destination_);
  if (::rename(temporary_.c_str(), destination_.c_str()) != 0) {
    throw WriteStepFailed{"cannot rename " + temporary_.string() + " to " + destination_.string() + ": " +
                          system_error_text(errno)};
  }
  committed_ = true;
  forget_temporary(registry_slot_);
  // Makes the rename itself durable. Past the rename there is no undoing it, and the file is complete, so a
  // folder that cannot be flushed (some file systems refuse fsync on folders) is not reported as a failure.
  const UniqueFd folder(::open(folder_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (folder) fsync_retrying(folder.get());
}

}  // namespace auralis::io
