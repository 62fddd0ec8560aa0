// SPDX-License-Identifier: MIT
// collect_batch_inputs and shard_tracks: the tracks a batch's inputs name, and one machine's share of them.
#include <auralis/batch.hpp>
#include <auralis/error.hpp>

#include "batch/manifest.hpp"
#include "io/audio_sniffer.hpp"

#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <new>
#include <set>
#include <system_error>
#include <utility>

namespace auralis {
namespace {

namespace fs = std::filesystem;

// A track with the text it is sorted by: the path as spelled in the inputs (a folder as given joined with
// the path below it), not as made absolute, so that machines whose current folders differ order a list,
// and so cut it into shards, alike.
struct FoundTrack {
  std::string sort_key;
  BatchTrack track;
};

[[noreturn]] void fail(ErrorCode code, const std::string& subject, const std::string& what) {
  throw Error(code, subject + ": " + what);
}

bool is_hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name.front() == '.';
}

// Files found below `spelling`, a folder: audio by content, hidden files and folders skipped, symlinked
// folders not entered (a link can make a loop), subfolders we may not read skipped like `find` does.
void collect_folder(const std::string& spelling, std::vector<FoundTrack>& found) {
  const fs::path folder(spelling);
  std::error_code error;
  // The walk below passes over subfolders it may not read in silence; the folder given must be readable.
  const fs::directory_iterator readable(folder, error);
  if (error) {
    fail(ErrorCode::unreadable_file, spelling, "cannot read the folder: " + error.message());
  }
  fs::path absolute_folder = fs::absolute(folder, error);
  if (error) fail(ErrorCode::unreadable_file, spelling, "cannot make the path absolute: " + error.message());
  // "." segments and doubled slashes go ("auralis batch ." is common); ".." stays, since removing it is
  // exact only where no symlinked folder precedes it.
  if (std::find(absolute_folder.begin(), absolute_folder.end(), "..") == absolute_folder.end()) {
    absolute_folder = absolute_folder.lexically_normal();
  }
  fs::recursive_directory_iterator entry(folder, fs::directory_options::skip_permission_denied, error);
  while (!error && entry != fs::recursive_directory_iterator()) {
    const fs::path& path = entry->path();
    if (is_hidden(path)) {
      entry.disable_recursion_pending();
    } else if (entry->is_directory(error)) {
      // A folder holding a manifest is a batch's output, which a rerun must not take as input.
      if (fs::exists(path / batch::Manifest::file_name, error)) entry.disable_recursion_pending();
    } else if (entry->is_regular_file(error) && io::looks_like_audio(path)) {
      fs::path relative = path.lexically_relative(folder);
      found.push_back({(folder / relative).string(), {absolute_folder / relative, relative}});
    }
    // A file that vanished or cannot be examined while we look is simply not taken.
    error.clear();
    entry.increment(error);
  }
  if (error) fail(ErrorCode::unreadable_file, spelling, "cannot read the folder: " + error.message());
}

// The paths `pattern` matches, sorted, as glob(3) and so the shell expand it.
std::vector<std::string> expand_glob(const std::string& pattern) {
  glob_t matches{};
  const int status = ::glob(pattern.c_str(), 0, nullptr, &matches);
  std::vector<std::string> paths;
  if (status == 0) paths.assign(matches.gl_pathv, matches.gl_pathv + matches.gl_pathc);
  ::globfree(&matches);
  if (status == GLOB_NOSPACE) throw std::bad_alloc();
  if (status != 0) throw Error(ErrorCode::file_not_found, "no file matches " + pattern);
  return paths;
}

// One existing path: a folder is searched, anything else is taken as it is (the batch reports a file it
// cannot decode as failed).
void collect_path(const std::string& spelling, const fs::file_status& status,
                  std::vector<FoundTrack>& found) {
  if (fs::is_directory(status)) {
    collect_folder(spelling, found);
  } else {
    const fs::path path(spelling);
    found.push_back({spelling, {path, path.filename()}});
  }
}

void collect_input(const std::string& spelling, std::vector<FoundTrack>& found) {
  std::error_code ignored;  // a path we may not examine is taken as a file; reading it will say why
  const fs::file_status status = fs::status(spelling, ignored);
  if (status.type() != fs::file_type::not_found) return collect_path(spelling, status, found);
  if (spelling.find_first_of("*?[") == std::string::npos) {
    fail(ErrorCode::file_not_found, spelling, "no such file or folder");
  }
  for (const std::string& match : expand_glob(spelling))
    collect_path(match, fs::status(match, ignored), found);
}

// One input per line of `list`; relative paths are relative to the current folder, like inputs given on
// the command line.
void collect_list(const fs::path& list, std::vector<FoundTrack>& found) {
  std::error_code ignored;
  if (fs::is_directory(list, ignored))
    fail(ErrorCode::unreadable_file, list.string(), "is a folder, not a list");
  std::ifstream lines(list);
  if (!lines) {
    fail(ErrorCode::unreadable_file, list.string(),
         "cannot read the list: " + std::generic_category().message(errno));
  }
  std::string line;
  for (std::size_t number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // a list written on Windows
    if (line.find_first_not_of(" \t") == std::string::npos || line.front() == '#') continue;
    try {
      collect_input(line, found);
    } catch (const Error& error) {
      throw Error(error.code(), list.string() + " line " + std::to_string(number) + ": " + error.what());
    }
  }
  if (lines.bad()) fail(ErrorCode::unreadable_file, list.string(), "read error in the list");
}

// What makes two spellings one file: its device and inode, else (it cannot be examined) its path with links
// and dot segments resolved as far as they can be, else its spelling.
std::string identity_of(const fs::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0) {
    return "inode " + std::to_string(status.st_dev) + ":" + std::to_string(status.st_ino);
  }
  std::error_code error;
  const fs::path resolved = fs::weakly_canonical(path, error);
  return "path " + (error || resolved.empty() ? path : resolved).string();
}

}  // namespace

std::vector<BatchTrack> collect_batch_inputs(std::span<const std::string> inputs,
                                             const std::optional<std::filesystem::path>& list_file) {
  std::vector<FoundTrack> found;
  for (const std::string& input : inputs) collect_input(input, found);
  if (list_file) collect_list(*list_file, found);
  std::stable_sort(found.begin(), found.end(),
                   [](const FoundTrack& a, const FoundTrack& b) { return a.sort_key < b.sort_key; });
  std::vector<BatchTrack> tracks;
  std::set<std::string> seen;
  for (FoundTrack& candidate : found) {
    if (seen.insert(identity_of(candidate.track.input)).second) {
      candidate.track.position = tracks.size() + 1;
      tracks.push_back(std::move(candidate.track));
    }
  }
  return tracks;
}

std::vector<BatchTrack> shard_tracks(std::span<const BatchTrack> tracks, unsigned index, unsigned count) {
  if (index < 1 || index > count) {
    throw Error(ErrorCode::invalid_argument, "shard " + std::to_string(index) + "/" + std::to_string(count) +
                                                 ": a shard is K/N with 1 <= K <= N");
  }
  std::vector<BatchTrack> shard;
  for (std::size_t position = index - 1; position < tracks.size(); position += count) {
    shard.push_back(tracks[position]);
  }
  return shard;
}

}  // namespace auralis
