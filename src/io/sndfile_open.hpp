// SPDX-License-Identifier: MIT
// Opening a file with libsndfile safely from any thread.
#pragma once

#include "io/sndfile_resources.hpp"

#include <sndfile.h>

#include <string>

namespace auralis::io {

/// A libsndfile handle, or why there is none.
struct SndfileOpening {
  SndfilePtr file;
  std::string error;  // libsndfile's message when `file` is null
};

/// Opens the descriptor `fd` with libsndfile in `mode` (SFM_READ or SFM_WRITE) through a duplicate the
/// handle owns: `fd` stays the caller's, open, whatever happens. libsndfile keeps the state of an open in
/// process globals (sf_errno, the parse log): two opens at once on different threads can fail each other or
/// swap their messages, so every open in auralis goes through here, one at a time.
SndfileOpening open_sndfile(int fd, int mode, SF_INFO& info);

}  // namespace auralis::io
