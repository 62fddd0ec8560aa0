// SPDX-License-Identifier: MIT
// The on-disk analysis cache: one checked file per entry, written atomically, evicted least recently used.
#include "batch/analysis_cache.hpp"

#include "io/atomic_output_file.hpp"
#include "io/sndfile_resources.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <new>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace auralis::batch {
namespace {

constexpr std::string_view kMagic = "auralis1";  // the format of an entry; change it when the header changes
static_assert(kMagic.size() + 4 * sizeof(std::uint64_t) == AnalysisCache::header_bytes);

void append_le(std::string& bytes, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint64_t read_le(std::string_view bytes) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i)
    value = (value << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
  return value;
}

std::uint64_t checksum(std::string_view value) {
  return XXH3_64bits(value.data(), value.size());
}

std::string encode_entry(const io::Hash128& key, const std::string& value) {
  std::string bytes;
  bytes.reserve(AnalysisCache::header_bytes + value.size());
  bytes += kMagic;
  append_le(bytes, key.high);
  append_le(bytes, key.low);
  append_le(bytes, value.size());
  append_le(bytes, checksum(value));
  bytes += value;
  return bytes;
}

// The value of an entry's bytes when they match their header and `key`, else empty.
std::optional<std::string> decode_entry(std::string_view bytes, const io::Hash128& key) {
  if (bytes.size() < AnalysisCache::header_bytes || bytes.substr(0, kMagic.size()) != kMagic)
    return std::nullopt;
  const std::string_view header = bytes.substr(kMagic.size());
  const std::string_view value = bytes.substr(AnalysisCache::header_bytes);
  if (read_le(header.substr(0, 8)) != key.high || read_le(header.substr(8, 8)) != key.low ||
      read_le(header.substr(16, 8)) != value.size() || read_le(header.substr(24, 8)) != checksum(value)) {
    return std::nullopt;
  }
  return std::string(value);
}

// Reads the whole open file of `size` bytes; empty on a read error or a file that changed length.
std::optional<std::string> read_all(int fd, std::size_t size) {
  std::string bytes(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = ::read(fd, bytes.data() + done, size - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return std::nullopt;
    done += static_cast<std::size_t>(got);
  }
  return bytes;
}

bool is_shard_name(const std::string& name) {
  return name.size() == 2 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

struct EntryFile {
  std::filesystem::file_time_type used;
  std::uint64_t bytes;
  std::filesystem::path path;
};

// Every entry file under `dir` (temporaries and anything not named like an entry are left out).
std::vector<EntryFile> list_entries(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::vector<EntryFile> entries;
  std::error_code error;
  for (fs::directory_iterator shard(dir, error), end; !error && shard != end; shard.increment(error)) {
    std::error_code shard_error;
    if (!is_shard_name(shard->path().filename().string()) || !shard->is_directory(shard_error)) continue;
    for (fs::directory_iterator file(shard->path(), shard_error); !shard_error && file != end;
         file.increment(shard_error)) {
      std::error_code file_error;
      const std::string name = file->path().filename().string();
      if (!io::Hash128::from_hex(name) || !file->is_regular_file(file_error)) continue;
      const std::uint64_t bytes = file->file_size(file_error);
      if (file_error) continue;
      const fs::file_time_type used = file->last_write_time(file_error);
      if (file_error) continue;
      entries.push_back({used, bytes, file->path()});
    }
  }
  return entries;
}

}  // namespace

AnalysisCache::AnalysisCache(std::filesystem::path dir, std::uint64_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {}

std::filesystem::path AnalysisCache::entry_path(const io::Hash128& key) const {
  const std::string name = key.hex();
  return dir_ / name.substr(0, 2) / name;
}

std::optional<std::string> AnalysisCache::find(const io::Hash128& key) const {
  if (dir_.empty()) return std::nullopt;
  const std::filesystem::path path = entry_path(key);
  const io::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return std::nullopt;
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0 || !S_ISREG(status.st_mode)) return std::nullopt;
  const auto size = static_cast<std::uint64_t>(status.st_size);
  // Larger than this object's bound: not read (a damaged size must not cost its memory), and not deleted
  // either, since a process with a larger bound may have stored it; eviction removes it in time.
  if (size > max_bytes_) return std::nullopt;
  std::optional<std::string> value;
  if (size >= header_bytes) {
    if (const std::optional<std::string> bytes = read_all(fd.get(), static_cast<std::size_t>(size))) {
      value = decode_entry(*bytes, key);
    }
  }
  if (!value) {
    // Deleted only while the name still holds the file read: another process may have just renamed a whole
    // entry over it.
    struct stat now {};
    if (::stat(path.c_str(), &now) == 0 && now.st_ino == status.st_ino && now.st_dev == status.st_dev) {
      ::unlink(path.c_str());
    }
    return std::nullopt;
  }
  ::futimens(fd.get(), nullptr);  // used now; best effort (a read-only cache still serves)
  return value;
}

std::optional<std::string> AnalysisCache::store(const io::Hash128& key, const std::string& value) {
  if (dir_.empty()) return "no cache folder (neither XDG_CACHE_HOME nor HOME is set)";
  const std::uint64_t bytes = header_bytes + value.size();
  if (bytes > max_bytes_) {
    return "the entry's " + std::to_string(bytes) + " bytes exceed the cache's bound of " +
           std::to_string(max_bytes_) + " bytes";
  }
  const std::filesystem::path path = entry_path(key);
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) return "cannot create the cache folder " + path.parent_path().string() + ": " + error.message();
  try {
    io::AtomicOutputFile file(path);
    file.write(encode_entry(key, value));
    file.commit();
  } catch (const io::WriteStepFailed& failure) {
    return "cannot write the cache entry " + path.string() + ": " + failure.reason;
  } catch (const std::bad_alloc&) {
    return "not enough memory to write the cache entry " + path.string();
  }
  const std::lock_guard lock(mutex_);
  if (searched_ && stored_bytes_ + bytes <= max_bytes_) {
    stored_bytes_ += bytes;
  } else {
    evict(path);
  }
  return std::nullopt;
}

void AnalysisCache::evict(const std::filesystem::path& kept) {
  std::vector<EntryFile> entries = list_entries(dir_);
  std::uint64_t total = 0;
  for (const EntryFile& entry : entries) total += entry.bytes;
  std::sort(entries.begin(), entries.end(), [](const EntryFile& a, const EntryFile& b) {
    return a.used != b.used ? a.used < b.used : a.path < b.path;
  });
  for (const EntryFile& entry : entries) {
    if (total <= max_bytes_) break;
    if (entry.path == kept) continue;
    std::error_code error;
    // Another process may have evicted it already: then it is gone all the same.
    std::filesystem::remove(entry.path, error);
    if (!error) total -= entry.bytes;
  }
  stored_bytes_ = total;
  searched_ = true;
}

std::filesystem::path AnalysisCache::default_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && std::filesystem::path(xdg).is_absolute()) {
    return std::filesystem::path(xdg) / "auralis" / "analysis";
  }
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".cache" / "auralis" / "analysis";
  return {};
}

}  // namespace auralis::batch
