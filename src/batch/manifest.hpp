// SPDX-License-Identifier: MIT
// The batch manifest: OUTDIR/auralis-manifest.jsonl, one JSON record per finished track, appended in one
// write as each finishes (after its output is complete on disk), so that a run killed at any point can be
// resumed by the next one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace auralis::batch {

struct ManifestRecord {
  std::string input;         ///< As given.
  std::string output;        ///< Where the master went (or would have).
  std::string status;        ///< "mastered" or "failed".
  std::string content_hash;  ///< XXH3-128 of the input file's bytes.
  std::string options_hash;  ///< XXH3-128 of everything that decides the output's bytes (batch_options_key).
  std::string version;       ///< auralis version that wrote it.
  std::string output_hash;   ///< XXH3-128 of the output file's bytes (mastered only).
  std::string album;         ///< Empty outside album mode.
  std::optional<double> before_lufs, after_lufs;
  double compressor_mean_db = 0.0, limiter_p99_db = 0.0, limiter_max_db = 0.0;
  double seconds = 0.0;    ///< Wall time mastering it.
  std::string error_code;  ///< auralis::to_string(ErrorCode) (failed only).
  std::string error;       ///< The message (failed only).
};

std::string to_json_line(const ManifestRecord& record);
/// Empty for a line that is not a record (a line cut short by a killed run).
std::optional<ManifestRecord> record_from_json_line(const std::string& line);

class Manifest {
 public:
  static constexpr const char* file_name = "auralis-manifest.jsonl";

  /// Reads the records in `output_dir` (if any; unreadable lines are skipped), or creates the manifest empty.
  /// Throws Error(write_failed) naming the manifest when it cannot be read or created.
  explicit Manifest(const std::filesystem::path& output_dir);
  const std::filesystem::path& path() const noexcept { return path_; }

  /// Reads the records other writers (processes, other Manifest objects) appended since the last read; a
  /// manifest replaced or cut short is read again from its start, one deleted is created again. Throws
  /// Error(write_failed) as the constructor does.
  void refresh();
  /// The latest record for an output path, if any.
  std::optional<ManifestRecord> latest(const std::string& output) const;
  /// Appends a record as one write. Thread-safe. Throws Error(write_failed).
  void append(const ManifestRecord& record);

 private:
  // Reads the complete lines after read_bytes_ (a line still being written waits for the next read).
  void read_new_lines();

  std::filesystem::path path_;
  mutable std::mutex mutex_;  // guards the members below
  std::map<std::string, ManifestRecord> latest_;
  std::uint64_t read_bytes_ = 0;       // of the file, up to the end of its last complete line read
  std::uint64_t file_id_[2] = {0, 0};  // its device and inode, to notice a replaced manifest
};

}  // namespace auralis::batch
