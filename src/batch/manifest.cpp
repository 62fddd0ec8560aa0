// SPDX-License-Identifier: MIT
// Manifest records as JSON Lines, and their one-write appends.
#include "batch/manifest.hpp"

#include <auralis/error.hpp>

#include "io/sndfile_resources.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

namespace auralis::batch {

namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

std::optional<double> number_or_empty(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw Error(ErrorCode::write_failed, path.string() + ": cannot " + what + ": " + std::strerror(errno));
}

}  // namespace

std::string to_json_line(const ManifestRecord& r) {
  json object = {{"input", r.input},
                 {"output", r.output},
                 {"status", r.status},
                 {"content_hash", r.content_hash},
                 {"options_hash", r.options_hash},
                 {"version", r.version},
                 {"output_hash", r.output_hash},
                 {"album", r.album},
                 {"before_lufs", optional_number(r.before_lufs)},
                 {"after_lufs", optional_number(r.after_lufs)},
                 {"compressor_mean_db", r.compressor_mean_db},
                 {"limiter_p99_db", r.limiter_p99_db},
                 {"limiter_max_db", r.limiter_max_db},
                 {"seconds", r.seconds},
                 {"error_code", r.error_code},
                 {"error", r.error}};
  // Invalid UTF-8 in a path is replaced rather than refused: the record must be written.
  return object.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<ManifestRecord> record_from_json_line(const std::string& line) {
  const json object = json::parse(line, nullptr, false);
  if (!object.is_object()) return std::nullopt;
  const auto text = [&](const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  ManifestRecord r;
  r.input = text("input");
  r.output = text("output");
  r.status = text("status");
  if (r.output.empty() || r.status.empty()) return std::nullopt;
  r.content_hash = text("content_hash");
  r.options_hash = text("options_hash");
  r.version = text("version");
  r.output_hash = text("output_hash");
  r.album = text("album");
  r.before_lufs = number_or_empty(object, "before_lufs");
  r.after_lufs = number_or_empty(object, "after_lufs");
  r.compressor_mean_db = number_or_empty(object, "compressor_mean_db").value_or(0.0);
  r.limiter_p99_db = number_or_empty(object, "limiter_p99_db").value_or(0.0);
  r.limiter_max_db = number_or_empty(object, "limiter_max_db").value_or(0.0);
  r.seconds = number_or_empty(object, "seconds").value_or(0.0);
  r.error_code = text("error_code");
  r.error = text("error");
  return r;
}

Manifest::Manifest(const std::filesystem::path& output_dir) : path_(output_dir / file_name) {
  const std::lock_guard lock(mutex_);
  read_new_lines();
}

void Manifest::refresh() {
  const std::lock_guard lock(mutex_);
  read_new_lines();
}

void Manifest::read_new_lines() {
  const io::UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno != ENOENT) fail(path_, "read the manifest");
    // Created before any output, so that a batch listing the folder meanwhile sees a batch's output in it.
    const io::UniqueFd created(::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666));
    if (!created) fail(path_, "create the manifest");
    latest_.clear();
    read_bytes_ = 0;
    file_id_[0] = file_id_[1] = 0;
    return;
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) fail(path_, "read the manifest");
  const auto size = static_cast<std::uint64_t>(status.st_size);
  if (file_id_[0] != status.st_dev || file_id_[1] != status.st_ino || size < read_bytes_) {
    latest_.clear();
    read_bytes_ = 0;
    file_id_[0] = status.st_dev;
    file_id_[1] = status.st_ino;
  }
  std::string text(static_cast<std::size_t>(size - read_bytes_), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t got =
        ::pread(fd.get(), text.data() + done, text.size() - done, static_cast<off_t>(read_bytes_ + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail(path_, "read the manifest");
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  const std::size_t complete = text.rfind('\n', done == 0 ? 0 : done - 1);
  if (done == 0 || complete == std::string::npos) return;
  std::istringstream lines(text.substr(0, complete + 1));
  for (std::string line; std::getline(lines, line);) {
    if (const std::optional<ManifestRecord> record = record_from_json_line(line)) {
      latest_[record->output] = *record;
    }
  }
  read_bytes_ += complete + 1;
}

std::optional<ManifestRecord> Manifest::latest(const std::string& output) const {
  const std::lock_guard lock(mutex_);
  const auto it = latest_.find(output);
  if (it == latest_.end()) return std::nullopt;
  return it->second;
}

void Manifest::append(const ManifestRecord& record) {
  const std::lock_guard lock(mutex_);
  const int fd = ::open(path_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) fail(path_, "open the manifest");
  std::string line = to_json_line(record);
  // A run killed in the middle of a write leaves a line without its end: start on a line of our own.
  const off_t end = ::lseek(fd, 0, SEEK_END);
  char last = '\n';
  if (end > 0 && ::pread(fd, &last, 1, end - 1) == 1 && last != '\n') line.insert(line.begin(), '\n');
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      ::close(fd);
      fail(path_, "write the manifest");
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  // Not flushed to disk: a killed process loses nothing the kernel has, and after a power cut a record lost
  // only means its track, whose output was on disk before the record was written, is mastered again.
  if (::close(fd) != 0) fail(path_, "write the manifest");
  latest_[record.output] = record;
}

}  // namespace auralis::batch
