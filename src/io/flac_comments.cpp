// SPDX-License-Identifier: MIT
// Vorbis comments added to a finished FLAC stream, and add_flac_comments.
#include "io/flac_comments.hpp"

#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>

#include "io/audio_tags.hpp"
#include "io/sndfile_resources.hpp"

#include <FLAC/metadata.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <new>
#include <string>

namespace auralis::io {
namespace {

// libFLAC's I/O callbacks over a descriptor (FLAC__IOHandle is a pointer to it).
int fd_of(FLAC__IOHandle handle) {
  return *static_cast<const int*>(handle);
}

// Moves size * count bytes with `step(offset, remaining)` (read or write at that offset into the caller's
// buffer), retrying after signals; returns the whole items moved.
template <typename Step>
std::size_t move_items(std::size_t size, std::size_t count, Step step) {
  if (size == 0) return 0;
  std::size_t done = 0;
  const std::size_t wanted = size * count;
  while (done < wanted) {
    const ssize_t moved = step(done, wanted - done);
    if (moved < 0 && errno == EINTR) continue;
    if (moved <= 0) break;
    done += static_cast<std::size_t>(moved);
  }
  return done / size;
}

std::size_t read_items(void* data, std::size_t size, std::size_t count, FLAC__IOHandle handle) {
  return move_items(size, count, [&](std::size_t offset, std::size_t remaining) {
    return ::read(fd_of(handle), static_cast<char*>(data) + offset, remaining);
  });
}

std::size_t write_items(const void* data, std::size_t size, std::size_t count, FLAC__IOHandle handle) {
  return move_items(size, count, [&](std::size_t offset, std::size_t remaining) {
    return ::write(fd_of(handle), static_cast<const char*>(data) + offset, remaining);
  });
}

int seek_to(FLAC__IOHandle handle, FLAC__int64 offset, int whence) {
  return ::lseek(fd_of(handle), static_cast<off_t>(offset), whence) < 0 ? -1 : 0;
}

FLAC__int64 position_of(FLAC__IOHandle handle) {
  return static_cast<FLAC__int64>(::lseek(fd_of(handle), 0, SEEK_CUR));
}

int at_end(FLAC__IOHandle handle) {
  struct stat status {};
  if (::fstat(fd_of(handle), &status) != 0) return 1;
  return position_of(handle) >= static_cast<FLAC__int64>(status.st_size) ? 1 : 0;
}

// Closing stays with the descriptors' owners.
constexpr FLAC__IOCallbacks kFdCallbacks{read_items, write_items, seek_to, position_of, at_end, nullptr};

struct ChainDeleter {
  void operator()(FLAC__Metadata_Chain* chain) const noexcept { FLAC__metadata_chain_delete(chain); }
};
struct IteratorDeleter {
  void operator()(FLAC__Metadata_Iterator* iterator) const noexcept {
    FLAC__metadata_iterator_delete(iterator);
  }
};

std::string chain_failure(FLAC__Metadata_Chain* chain, const char* step) {
  return std::string(step) +
         " (libFLAC: " + FLAC__Metadata_ChainStatusString[FLAC__metadata_chain_status(chain)] + ")";
}

FLAC__StreamMetadata* vorbis_comment_block(FLAC__Metadata_Chain* chain) {
  const std::unique_ptr<FLAC__Metadata_Iterator, IteratorDeleter> iterator(FLAC__metadata_iterator_new());
  if (!iterator) throw std::bad_alloc();
  FLAC__metadata_iterator_init(iterator.get(), chain);
  do {
    if (FLAC__metadata_iterator_get_block_type(iterator.get()) == FLAC__METADATA_TYPE_VORBIS_COMMENT)
      return FLAC__metadata_iterator_get_block(iterator.get());
  } while (FLAC__metadata_iterator_next(iterator.get()) != 0);
  // libFLAC's encoder always writes one (libsndfile's, or its own with the vendor string alone).
  throw WriteStepFailed{"the FLAC stream has no VORBIS_COMMENT block"};
}

void put_comment(FLAC__StreamMetadata* block, const std::string& name, const std::string& value) {
  FLAC__StreamMetadata_VorbisComment_Entry entry{};
  const std::string text = as_utf8(value);
  if (FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair(&entry, name.c_str(), text.c_str()) ==
      0) {
    throw WriteStepFailed{"libFLAC refuses the comment " + name};
  }
  // On failure the entry stays ours to free; on success the block owns it.
  if (FLAC__metadata_object_vorbiscomment_replace_comment(block, entry, /*all=*/true, /*copy=*/false) == 0) {
    std::free(entry.entry);
    throw std::bad_alloc();
  }
}

}  // namespace

std::unique_ptr<AtomicOutputFile> copy_with_comments(
    int source_fd, const std::filesystem::path& destination,
    const std::vector<std::pair<std::string, std::string>>& comments) {
  const std::unique_ptr<FLAC__Metadata_Chain, ChainDeleter> chain(FLAC__metadata_chain_new());
  if (!chain) throw std::bad_alloc();
  int source = source_fd;
  if (::lseek(source, 0, SEEK_SET) != 0) {
    throw WriteStepFailed{"cannot read back the FLAC stream: " + system_error_text(errno)};
  }
  if (FLAC__metadata_chain_read_with_callbacks(chain.get(), &source, kFdCallbacks) == 0) {
    throw WriteStepFailed{chain_failure(chain.get(), "cannot read back the FLAC metadata")};
  }
  FLAC__StreamMetadata* block = vorbis_comment_block(chain.get());
  for (const auto& [name, value] : comments) put_comment(block, name, value);
  auto output = std::make_unique<AtomicOutputFile>(destination);
  int target = output->fd();
  if (FLAC__metadata_chain_write_with_callbacks_and_tempfile(chain.get(), /*use_padding=*/false, &source,
                                                             kFdCallbacks, &target, kFdCallbacks) == 0) {
    throw WriteStepFailed{chain_failure(chain.get(), "cannot write the FLAC stream with its comments")};
  }
  return output;
}

}  // namespace auralis::io

namespace auralis {

void add_flac_comments(const std::filesystem::path& path,
                       const std::vector<std::pair<std::string, std::string>>& comments) {
  AudioTags tags;
  tags.comments = comments;
  io::check_tags_writable(path, tags, FileType::flac);
  const io::UniqueFd source(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!source) {
    const int error_number = errno;
    if (error_number == ENOENT || error_number == ENOTDIR) {
      throw Error(ErrorCode::file_not_found, path.string() + ": no such file");
    }
    throw Error(ErrorCode::unreadable_file,
                path.string() + ": cannot open: " + io::system_error_text(error_number));
  }
  char marker[4] = {};
  if (::pread(source.get(), marker, sizeof marker, 0) != sizeof marker || std::string(marker, 4) != "fLaC") {
    throw Error(ErrorCode::unsupported_format,
                path.string() + ": not a FLAC file (it does not start with fLaC)");
  }
  try {
    const std::unique_ptr<io::AtomicOutputFile> output = io::copy_with_comments(source.get(), path, comments);
    output->commit();
  } catch (const io::WriteStepFailed& failure) {
    throw Error(ErrorCode::write_failed, path.string() + ": cannot write: " + failure.reason);
  }
}

}  // namespace auralis
