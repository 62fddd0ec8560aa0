// SPDX-License-Identifier: MIT
// fuzz_decode: decodes the input as an audio file (read_audio, through an in-memory file), then measures
// and masters what decodes, with one C++ allocation made to fail when the input asks for it.
//
// Input: 3 control bytes, then the file.
//   byte 0    bits 0-2: the preset (mod 6); bit 3: reference mode with the track as its own reference;
//             bit 4: hybrid mode (the same reference); bit 5: no limiter; bit 6: decode and measure only
//             (mastering takes most of the time: this lets the decoders be explored faster).
//   bytes 1-2 allocation failure, big-endian: the top 2 bits pick the library call it is meant for
//             (0 read_audio, 1 measure_loudness, 2 master, 3 all three counted together), the low 14 bits
//             are the countdown: the N-th operator new inside that call fails (std::bad_alloc, or nullptr
//             from the nothrow forms); 0 makes none fail. AURALIS_FUZZ_ALLOC_FAILURES=0 in the environment
//             turns this off. AURALIS_FUZZ_VERBOSE=1 prints each auralis::Error (for reproducing).
// Anything the library throws other than auralis::Error escapes and is a finding (std::terminate shows the
// throw site); so are non-finite samples or loudness values in what it returns.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>

#include "failing_new.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

namespace {

// Audio above this many samples (frames x channels) is decoded but not measured or mastered.
constexpr std::size_t kMaxProcessedSamples = 200000;
constexpr std::size_t kControlBytes = 3;

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "fuzz_decode: %s\n", what);
  std::abort();
}

void require_finite(const auralis::AudioBuffer& audio, const char* what) {
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (const float s : audio.channel(c)) {
      if (!std::isfinite(s)) finding(what);
    }
  }
}

void require_valid(const auralis::LoudnessReport& r) {
  for (const auto* v :
       {&r.integrated_lufs, &r.loudness_range_lu, &r.max_momentary_lufs, &r.max_short_term_lufs}) {
    if (*v && !std::isfinite(**v)) finding("a loudness report holds a non-finite loudness");
  }
  if (!std::isfinite(r.sample_peak)) finding("a loudness report holds a non-finite sample peak");
  if (r.true_peak && !(*r.true_peak >= r.sample_peak))
    finding("a loudness report's true peak is below its sample peak");
}

// The input file: one memfd for the whole run, rewritten for each input.
class MemoryFile {
 public:
  MemoryFile() : fd_(memfd_create("fuzz_decode", MFD_CLOEXEC)) {
    if (fd_ < 0) {
      std::perror("fuzz_decode: memfd_create");
      std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  void write(const std::uint8_t* data, std::size_t size) const {
    if (ftruncate(fd_, 0) != 0) std::abort();
    for (std::size_t done = 0; done < size;) {
      const ssize_t n = pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  int fd_;
  std::filesystem::path path_;
};

bool injection_enabled() {
  const char* value = std::getenv("AURALIS_FUZZ_ALLOC_FAILURES");
  return value == nullptr || std::strcmp(value, "0") != 0;
}

enum Call : unsigned { decode = 0, measure = 1, mastering = 2, every_call = 3 };

void decode_and_master(const std::filesystem::path& path, std::uint8_t flags, unsigned failing) {
  using auralis_fuzz::Armed;
  const auto armed_for = [failing](Call call) { return failing == every_call || failing == call; };
  std::optional<auralis::DecodedAudio> decoded;
  {
    const Armed armed(armed_for(decode));
    decoded = auralis::read_audio(path);
  }
  const auralis::AudioBuffer& audio = decoded->audio;
  if (audio.channels() < 1 || audio.channels() > auralis::max_channels || audio.frames() == 0 ||
      audio.sample_rate() < auralis::min_sample_rate || audio.sample_rate() > auralis::max_sample_rate) {
    finding("read_audio returned a buffer outside its documented limits");
  }
  if (audio.layout().size() != audio.channels()) finding("read_audio returned a layout of the wrong size");
  require_finite(audio, "read_audio returned non-finite samples");
  if (audio.frames() * audio.channels() > kMaxProcessedSamples) return;

  {
    std::optional<auralis::LoudnessReport> loudness;
    {
      const Armed armed(armed_for(measure));
      loudness = auralis::measure_loudness(audio);
    }
    require_valid(*loudness);
  }

  if (flags & 0x40u) return;

  auralis::MasterOptions options;
  options.backend = auralis::BackendOptions::cpu(1);
  options.preset = static_cast<auralis::Preset>((flags & 7u) % 6u);
  if (flags & 0x20u) options.overrides.limiter = false;
  std::optional<auralis::AudioBuffer> reference;
  if (flags & 0x18u) {
    options.mode = (flags & 0x10u) ? auralis::MasteringMode::hybrid : auralis::MasteringMode::reference;
    reference = audio;
  }
  const std::size_t channels = audio.channels(), frames = audio.frames();
  std::optional<auralis::MasterResult> result;
  {
    const Armed armed(armed_for(mastering));
    result = auralis::master(std::move(decoded->audio), options, reference ? &*reference : nullptr);
  }
  if (result->audio.channels() != channels || result->audio.frames() != frames) {
    finding("master changed the shape of the audio");
  }
  require_finite(result->audio, "master returned non-finite samples");
  require_valid(result->report.before);
  require_valid(result->report.after);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const MemoryFile file;
  static const bool inject = injection_enabled();
  static const bool verbose = std::getenv("AURALIS_FUZZ_VERBOSE") != nullptr;
  if (size < kControlBytes) return -1;  // not added to the corpus
  file.write(data + kControlBytes, size - kControlBytes);
  const auto countdown = static_cast<std::uint32_t>((data[1] & 0x3f) << 8 | data[2]);
  auralis_fuzz::set_allocation_failure(inject ? countdown : 0);
  try {
    decode_and_master(file.path(), data[0], static_cast<unsigned>(data[1] >> 6));
  } catch (const auralis::Error& e) {
    // The documented way to fail (out_of_memory included). AURALIS_FUZZ_VERBOSE=1 prints it.
    if (verbose) {
      std::fprintf(
          stderr, "fuzz_decode: auralis::Error %s: %s%s\n", auralis::to_string(e.code()), e.what(),
          auralis_fuzz::allocation_failure_fired() ? " (after the injected allocation failure)" : "");
    }
  }
  auralis_fuzz::set_allocation_failure(0);
  return 0;
}
