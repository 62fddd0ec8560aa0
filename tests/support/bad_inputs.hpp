// SPDX-License-Identifier: MIT
// Generators of bad (and unusual but valid) audio files, a fork/exec runner for the auralis CLI that
// reports signals, timeouts and peak memory, and snapshots of folders (hidden files included) for
// checking that a failed run left nothing behind.
#pragma once

#include <auralis/audio_buffer.hpp>

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace auralis::test {

// ---- Running programs ----

struct RunOptions {
  /// "NAME=VALUE" entries added to (or replacing those of) the test's own environment.
  std::vector<std::string> set_env{};
  /// Names removed from the environment (AURALIS_TEST_NAMED_TEMPORARIES is always removed unless set_env
  /// sets it, so that a test's temporaries mode never depends on how the suite was started).
  std::vector<std::string> unset_env{};
  std::filesystem::path stdin_path = "/dev/null";
  /// When >= 0 the child's stdout is this descriptor (then RunResult::out stays empty).
  int stdout_fd = -1;
  /// The child is killed (SIGKILL) and the result marked timed_out after this long.
  int timeout_ms = 60000;
  /// RLIMIT_AS of the child in bytes (0: unlimited), a safety net for runs that could allocate without end;
  /// not set in sanitizer builds, whose shadow memory no such limit allows.
  std::uint64_t address_space_limit = 0;
};

struct RunResult {
  int exit_code = -1;  ///< -1 unless the child exited normally.
  int signal = 0;      ///< The signal that ended the child, if one did.
  bool timed_out = false;
  long max_rss_kib = 0;  ///< The child's peak resident set (wait4's ru_maxrss).
  std::string out, err;

  bool exited() const { return !timed_out && signal == 0 && exit_code >= 0; }
  /// "exit 1", "killed by signal 6 (Aborted)" or "timed out", then stderr: for assertion messages.
  std::string describe() const;
};

/// The auralis binary under test: $AURALIS_CLI, else the one this build made.
std::string auralis_cli();

/// A started child whose stdout and stderr go to files in `capture`.
struct Child {
  pid_t pid = -1;
  std::filesystem::path capture;
  RunOptions options;
};

/// Starts `argv` (argv[0] is the program's path; no shell) by fork and execve.
Child spawn_program(const std::vector<std::string>& argv, const std::filesystem::path& capture,
                    const RunOptions& options = {});
/// Waits for the child (killing it at its timeout) and collects what it printed.
RunResult wait_program(const Child& child);
/// Polls: the child's result once it has ended, without blocking.
std::optional<RunResult> try_wait_program(const Child& child);

RunResult run_program(const std::vector<std::string>& argv, const std::filesystem::path& capture,
                      const RunOptions& options = {});
/// `auralis ARGS...`
RunResult run_auralis(const std::vector<std::string>& args, const std::filesystem::path& capture,
                      const RunOptions& options = {});

/// True once the child has ended (it is not reaped: wait_program still collects it).
bool has_ended(pid_t pid);

/// True while `pid` holds an open descriptor on a file inside `folder` (an unnamed O_TMPFILE file shows as
/// "FOLDER/#INODE (deleted)" in /proc/PID/fd); the folder itself does not count.
bool holds_file_in(pid_t pid, const std::filesystem::path& folder);

// ---- Folder snapshots ----

struct EntryState {
  std::string name;  ///< Relative to the snapshot's folder, native bytes.
  char type = '?';   ///< 'f' file, 'd' folder, 'l' symlink, 'p' FIFO, 'c' character device, 's' socket.
  std::uintmax_t size = 0;
  std::uint64_t content_hash = 0;  ///< FNV-1a of a regular file's bytes (0 for others).
  bool operator==(const EntryState&) const = default;
};

/// Every entry under `folder`, recursively and hidden ones included, sorted by name; symlinks are not
/// followed. An absent folder gives an empty list.
std::vector<EntryState> snapshot(const std::filesystem::path& folder);
/// One line per entry, non-printable bytes escaped.
std::string describe(const std::vector<EntryState>& entries);
/// `text` with bytes outside printable ASCII written as \xNN.
std::string escaped(const std::string& text);

// ---- Raw files ----

void write_bytes(const std::filesystem::path& path, const std::string& bytes);
std::string bytes_of(const std::filesystem::path& path);

/// A canonical RIFF/WAVE file: "fmt " with `format_tag` (1 PCM, 3 IEEE float), then "data" holding
/// `data`, whose declared size is `declared_data_bytes` when given (to promise more than is there).
struct RawWav {
  std::uint16_t format_tag = 1;
  std::uint16_t channels = 2;
  std::uint32_t sample_rate = 44100;
  std::uint16_t bits = 16;
  std::string data;
  std::optional<std::uint32_t> declared_data_bytes{};
};
std::string wav_bytes(const RawWav& wav);

/// Interleaved little-endian samples of a 1 kHz sine at `peak` (linear) for `frames` frames, every channel
/// alike: 16-bit PCM, or 32-bit float.
std::string pcm16_sine(std::uint16_t channels, std::uint32_t sample_rate, std::size_t frames, double peak);
std::string float_sine(std::uint16_t channels, std::uint32_t sample_rate, std::size_t frames, double peak);
/// Overwrites float sample `index` (interleaved) of float data with `value`.
void poke_float(std::string& data, std::size_t index, float value);

// ---- Files through libsndfile (formats auralis::write_audio does not write) ----

/// Writes `audio` with libsndfile in `sndfile_format` (SF_FORMAT_* container | encoding). Throws
/// std::runtime_error with libsndfile's reason.
void write_with_sndfile(const std::filesystem::path& path, int sndfile_format, const AudioBuffer& audio);
/// Writes `frames` frames of digital silence in blocks (no whole-track buffer).
void write_silence_with_sndfile(const std::filesystem::path& path, int sndfile_format, int channels,
                                int sample_rate, std::uint64_t frames);

/// A file as libsndfile decodes it (independently of auralis's reader), interleaved.
struct SndfileAudio {
  int channels = 0;
  int sample_rate = 0;
  std::int64_t frames = 0;
  int format = 0;
  std::vector<float> samples;
};
/// Nothing when libsndfile cannot open it.
std::optional<SndfileAudio> read_with_sndfile(const std::filesystem::path& path);

/// Cuts the file to `fraction` of its size.
void truncate_to_fraction(const std::filesystem::path& path, double fraction);

}  // namespace auralis::test
