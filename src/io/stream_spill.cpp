// SPDX-License-Identifier: MIT
// Copies an input that cannot seek (a pipe, /dev/stdin) into an unnamed temporary file that can.
#include "io/stream_spill.hpp"

#include "io/scratch_file.hpp"

#include <auralis/error.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace auralis::io {
namespace {

constexpr std::size_t kMagicBytes = 12;
constexpr std::size_t kCopyBytes = std::size_t{1} << 20;

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw Error(ErrorCode::unreadable_file, path.string() + ": " + what);
}

bool starts_like_audio(const unsigned char* bytes, std::size_t count) {
  const auto tag = [&](std::size_t offset, const char* text) {
    const std::size_t length = std::strlen(text);
    return count >= offset + length && std::memcmp(bytes + offset, text, length) == 0;
  };
  if ((tag(0, "RIFF") || tag(0, "RIFX") || tag(0, "RF64") || tag(0, "BW64")) && tag(8, "WAVE")) return true;
  if (tag(0, "FORM") && (tag(8, "AIFF") || tag(8, "AIFC"))) return true;
  if (tag(0, "fLaC") || tag(0, "OggS") || tag(0, "ID3")) return true;
  // An MPEG audio frame header: 11 sync bits, then a layer other than the reserved 00.
  return count >= 2 && bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0 && (bytes[1] & 0x06) != 0;
}

// Reads up to `count` bytes, fewer only at the end of the stream.
std::size_t read_fully(int fd, unsigned char* destination, std::size_t count,
                       const std::filesystem::path& path) {
  std::size_t total = 0;
  while (total < count) {
    const ssize_t got = ::read(fd, destination + total, count - total);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail(path, "cannot read: " + system_error_text(errno));
    if (got == 0) break;
    total += static_cast<std::size_t>(got);
  }
  return total;
}

void write_fully(int fd, const unsigned char* source, std::size_t count, const std::filesystem::path& path) {
  while (count > 0) {
    const ssize_t written = ::write(fd, source, count);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) fail(path, "cannot copy the stream to a temporary file: " + system_error_text(errno));
    source += written;
    count -= static_cast<std::size_t>(written);
  }
}

}  // namespace

UniqueFd spill_stream(int fd, const std::filesystem::path& path) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) fail(path, "cannot stat: " + system_error_text(errno));
  if (S_ISREG(status.st_mode)) return {};

  std::vector<unsigned char> buffer(kCopyBytes);
  std::size_t got = read_fully(fd, buffer.data(), kMagicBytes, path);
  if (!starts_like_audio(buffer.data(), got)) {
    fail(path, "not a readable audio file (the stream does not start like any audio format auralis reads)");
  }
  const std::filesystem::path folder = temporary_folder();
  UniqueFd copy = open_unnamed_temporary();
  if (!copy) {
    fail(path, "cannot make a temporary copy of the stream in " + folder.string() + ": " +
                   system_error_text(errno));
  }
  while (got > 0) {
    write_fully(copy.get(), buffer.data(), got, path);
    got = read_fully(fd, buffer.data(), buffer.size(), path);
  }
  if (::lseek(copy.get(), 0, SEEK_SET) != 0)
    fail(path, "cannot rewind the temporary copy: " + system_error_text(errno));
  return copy;
}

}  // namespace auralis::io
