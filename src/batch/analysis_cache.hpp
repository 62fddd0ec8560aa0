// SPDX-License-Identifier: MIT
// The on-disk analysis cache: values (serialised content profiles) under 128-bit content keys, one file per
// entry, bounded in size, shared safely by threads and processes.
#pragma once

#include "io/content_hash.hpp"

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace auralis::batch {

/// Entries are files named by the key's hex, in a folder per first two hex digits: DIR/ab/ab12...ef. Each
/// holds a header (magic, key, value length, XXH3-64 of the value) and the value; one that does not match
/// its header (truncated, corrupt, another key's) is a miss and is deleted. An entry is written to a
/// temporary file in its folder and renamed into place (io::AtomicOutputFile), so a reader sees a whole entry
/// or none, and two processes storing one key at once both succeed, leaving one whole entry. find() marks an
/// entry used (its mtime); store() evicts the least recently used entries once the folder holds more than
/// max_bytes. Nothing here throws for the cache's own troubles: the cache only saves time, a batch never
/// fails for it. Thread-safe.
class AnalysisCache {
 public:
  /// Bytes of each entry's header, counted with its value against max_bytes.
  static constexpr std::size_t header_bytes = 40;

  /// Nothing is created until the first store().
  AnalysisCache(std::filesystem::path dir, std::uint64_t max_bytes);

  /// The value stored under `key`, or empty for a miss (none, unreadable, larger than max_bytes, or not
  /// matching its header, which is then deleted). A hit sets the entry's modification time to now, making it
  /// the last to be evicted.
  std::optional<std::string> find(const io::Hash128& key) const;

  /// Stores `value` under `key`, replacing any entry, then evicts the least recently used other entries
  /// while the folder holds more than max_bytes. Returns empty when stored, else why not (for a warning):
  /// the folder or file cannot be created or written, or the entry alone is larger than max_bytes.
  /// The bound counts what this object last found in the folder plus what it stored since: the folder is
  /// searched again whenever that passes max_bytes, so other processes' entries are counted from then.
  std::optional<std::string> store(const io::Hash128& key, const std::string& value);

  const std::filesystem::path& dir() const noexcept { return dir_; }

  /// $XDG_CACHE_HOME/auralis/analysis (an absolute XDG_CACHE_HOME only, as the XDG spec asks), else
  /// $HOME/.cache/auralis/analysis; empty when neither is set.
  static std::filesystem::path default_dir();

 private:
  std::filesystem::path entry_path(const io::Hash128& key) const;
  // Deletes the least recently used entries but `kept` until at most max_bytes_ remain; sets stored_bytes_.
  void evict(const std::filesystem::path& kept);

  std::filesystem::path dir_;
  std::uint64_t max_bytes_;
  std::mutex mutex_;  // guards the two below
  bool searched_ = false;
  std::uint64_t stored_bytes_ = 0;  // in the folder when last searched, plus what was stored since
};

}  // namespace auralis::batch
