// SPDX-License-Identifier: MIT
// Whether a file holds audio libsndfile decodes, judged by its content alone.
#include "io/audio_sniffer.hpp"

#include "io/sndfile_open.hpp"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>

namespace auralis::io {

bool looks_like_audio(const std::filesystem::path& path) noexcept {
  // O_NONBLOCK: opening a FIFO found in a folder must not wait for a writer; regular files ignore it.
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd) return false;
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0 || !S_ISREG(status.st_mode)) return false;
  // Opened by descriptor, libsndfile has no file name, so it judges by the header alone: by name it would
  // take any *.au, *.snd, *.vox or *.gsm file as headerless audio. The reader opens files the same way.
  SF_INFO info{};
  const SndfileOpening opening = open_sndfile(fd.get(), SFM_READ, info);
  return opening.file != nullptr && info.channels > 0;
}

}  // namespace auralis::io
