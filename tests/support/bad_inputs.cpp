// SPDX-License-Identifier: MIT
// Bad-input generators, the fork/exec CLI runner and folder snapshots (see bad_inputs.hpp).
#include "support/bad_inputs.hpp"
#include "support/sanitizers.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sndfile.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <thread>

extern char** environ;

namespace auralis::test {

namespace fs = std::filesystem;

namespace {

constexpr const char* kNamedTemporaries = "AURALIS_TEST_NAMED_TEMPORARIES";

std::string name_of(const std::string& entry) {
  return entry.substr(0, entry.find('='));
}

std::vector<std::string> child_environment(const RunOptions& options) {
  std::vector<std::string> dropped = options.unset_env;
  dropped.emplace_back(kNamedTemporaries);
  for (const std::string& entry : options.set_env) dropped.push_back(name_of(entry));
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text(*entry);
    if (std::find(dropped.begin(), dropped.end(), name_of(text)) == dropped.end()) env.push_back(text);
  }
  env.insert(env.end(), options.set_env.begin(), options.set_env.end());
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  result.reserve(strings.size() + 1);
  for (std::string& s : strings) result.push_back(s.data());
  result.push_back(nullptr);
  return result;
}

int open_capture(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
  return fd;
}

RunResult collect(const Child& child, int status, const rusage& usage, bool timed_out) {
  RunResult r;
  r.timed_out = timed_out;
  r.max_rss_kib = usage.ru_maxrss;
  if (WIFEXITED(status) && !timed_out) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status) && !timed_out) r.signal = WTERMSIG(status);
  if (child.options.stdout_fd < 0) r.out = bytes_of(child.capture / "stdout.txt");
  r.err = bytes_of(child.capture / "stderr.txt");
  return r;
}

void put_u16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

double sine_at(std::size_t frame, std::uint32_t sample_rate, double peak) {
  return peak * std::sin(2.0 * M_PI * 1000.0 * static_cast<double>(frame) / static_cast<double>(sample_rate));
}

struct SndfileCloser {
  void operator()(SNDFILE* file) const { sf_close(file); }
};

std::unique_ptr<SNDFILE, SndfileCloser> open_for_writing(const fs::path& path, int format, int channels,
                                                         int sample_rate) {
  SF_INFO info{};
  info.channels = channels;
  info.samplerate = sample_rate;
  info.format = format;
  std::unique_ptr<SNDFILE, SndfileCloser> file(sf_open(path.c_str(), SFM_WRITE, &info));
  if (!file) {
    throw std::runtime_error("libsndfile cannot write " + path.string() + ": " + sf_strerror(nullptr));
  }
  return file;
}

}  // namespace

std::string RunResult::describe() const {
  std::string text;
  if (timed_out) {
    text = "timed out (killed)";
  } else if (signal != 0) {
    text = "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  } else {
    text = "exit " + std::to_string(exit_code);
  }
  return text + "\n--- stderr ---\n" + escaped(err) + "\n--- stdout ---\n" + escaped(out.substr(0, 2000));
}

std::string auralis_cli() {
  const char* cli = std::getenv("AURALIS_CLI");
  return cli != nullptr ? cli : AURALIS_TEST_CLI;
}

Child spawn_program(const std::vector<std::string>& argv, const fs::path& capture,
                    const RunOptions& options) {
  fs::create_directories(capture);
  std::vector<std::string> args = argv;
  std::vector<std::string> env = child_environment(options);
  std::vector<char*> arg_pointers = pointers(args);
  std::vector<char*> env_pointers = pointers(env);
  const int in = ::open(options.stdin_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw std::runtime_error("cannot open " + options.stdin_path.string());
  const int out = options.stdout_fd >= 0 ? options.stdout_fd : open_capture(capture / "stdout.txt");
  const int err = open_capture(capture / "stderr.txt");
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here to execve.
    ::dup2(in, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    if (options.address_space_limit != 0 && !auralis::test::sanitized_build) {
      const rlimit limit{options.address_space_limit, options.address_space_limit};
      ::setrlimit(RLIMIT_AS, &limit);
    }
    for (int s = 1; s < NSIG; ++s) {
      if (s != SIGKILL && s != SIGSTOP) ::signal(s, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(arg_pointers[0], arg_pointers.data(), env_pointers.data());
    ::_exit(127);
  }
  const int fork_error = errno;
  ::close(in);
  if (options.stdout_fd < 0) ::close(out);
  ::close(err);
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(fork_error));
  return {pid, capture, options};
}

std::optional<RunResult> try_wait_program(const Child& child) {
  int status = 0;
  rusage usage{};
  const pid_t done = ::wait4(child.pid, &status, WNOHANG, &usage);
  if (done != child.pid) return std::nullopt;
  return collect(child, status, usage, false);
}

RunResult wait_program(const Child& child) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(child.options.timeout_ms);
  for (;;) {
    if (auto result = try_wait_program(child)) return *result;
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(child.pid, SIGKILL);
  int status = 0;
  rusage usage{};
  while (::wait4(child.pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  return collect(child, status, usage, true);
}

RunResult run_program(const std::vector<std::string>& argv, const fs::path& capture,
                      const RunOptions& options) {
  return wait_program(spawn_program(argv, capture, options));
}

RunResult run_auralis(const std::vector<std::string>& args, const fs::path& capture,
                      const RunOptions& options) {
  std::vector<std::string> argv{auralis_cli()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, capture, options);
}

bool has_ended(pid_t pid) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return true;
  return info.si_pid == pid;
}

bool holds_file_in(pid_t pid, const fs::path& folder) {
  const std::string prefix = folder.string() + "/";
  std::error_code error;
  for (fs::directory_iterator entry(fs::path("/proc") / std::to_string(pid) / "fd", error), end;
       !error && entry != end; entry.increment(error)) {
    char target[4096];
    const ssize_t length = ::readlink(entry->path().c_str(), target, sizeof target - 1);
    if (length <= 0) continue;
    if (std::string(target, static_cast<std::size_t>(length)).rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::vector<EntryState> snapshot(const fs::path& folder) {
  std::vector<EntryState> entries;
  std::error_code error;
  if (!fs::is_directory(fs::symlink_status(folder, error))) return entries;
  for (fs::recursive_directory_iterator it(folder, fs::directory_options::none, error), end;
       !error && it != end; it.increment(error)) {
    EntryState e;
    e.name = fs::relative(it->path(), folder, error).native();
    const fs::file_status status = it->symlink_status(error);
    switch (status.type()) {
      case fs::file_type::regular: {
        e.type = 'f';
        e.size = fs::file_size(it->path(), error);
        std::uint64_t hash = 0xcbf29ce484222325ULL;
        for (const char c : bytes_of(it->path())) {
          hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
        }
        e.content_hash = hash;
        break;
      }
      case fs::file_type::directory:
        e.type = 'd';
        break;
      case fs::file_type::symlink:
        e.type = 'l';
        break;
      case fs::file_type::fifo:
        e.type = 'p';
        break;
      case fs::file_type::character:
        e.type = 'c';
        break;
      case fs::file_type::block:
        e.type = 'b';
        break;
      case fs::file_type::socket:
        e.type = 's';
        break;
      default:
        e.type = '?';
        break;
    }
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(),
            [](const EntryState& a, const EntryState& b) { return a.name < b.name; });
  return entries;
}

std::string describe(const std::vector<EntryState>& entries) {
  if (entries.empty()) return "  (empty)\n";
  std::string text;
  for (const EntryState& e : entries) {
    text +=
        "  " + std::string(1, e.type) + " " + escaped(e.name) + " (" + std::to_string(e.size) + " bytes)\n";
  }
  return text;
}

std::string escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 0x20 && byte < 0x7f) || c == '\n' || c == '\t') {
      out.push_back(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", byte);
      out += hex;
    }
  }
  return out;
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string wav_bytes(const RawWav& wav) {
  const std::uint32_t data_bytes =
      wav.declared_data_bytes.value_or(static_cast<std::uint32_t>(wav.data.size()));
  const std::uint16_t block_align = static_cast<std::uint16_t>(wav.channels * (wav.bits / 8));
  std::string out = "RIFF";
  put_u32(out, 36u + data_bytes);
  out += "WAVEfmt ";
  put_u32(out, 16);
  put_u16(out, wav.format_tag);
  put_u16(out, wav.channels);
  put_u32(out, wav.sample_rate);
  put_u32(out, wav.sample_rate * block_align);
  put_u16(out, block_align);
  put_u16(out, wav.bits);
  out += "data";
  put_u32(out, data_bytes);
  out += wav.data;
  return out;
}

std::string pcm16_sine(std::uint16_t channels, std::uint32_t sample_rate, std::size_t frames, double peak) {
  std::string out;
  out.reserve(frames * channels * 2);
  for (std::size_t n = 0; n < frames; ++n) {
    const auto value = static_cast<std::int16_t>(std::lround(32767.0 * sine_at(n, sample_rate, peak)));
    for (std::uint16_t c = 0; c < channels; ++c) put_u16(out, static_cast<std::uint16_t>(value));
  }
  return out;
}

std::string float_sine(std::uint16_t channels, std::uint32_t sample_rate, std::size_t frames, double peak) {
  std::string out(frames * channels * sizeof(float), '\0');
  for (std::size_t n = 0; n < frames; ++n) {
    for (std::uint16_t c = 0; c < channels; ++c) {
      poke_float(out, n * channels + c, static_cast<float>(sine_at(n, sample_rate, peak)));
    }
  }
  return out;
}

void poke_float(std::string& data, std::size_t index, float value) {
  static_assert(sizeof(float) == 4);
  std::uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  for (std::size_t b = 0; b < 4; ++b) data.at(index * 4 + b) = static_cast<char>((bits >> (8 * b)) & 0xff);
}

void write_with_sndfile(const fs::path& path, int sndfile_format, const AudioBuffer& audio) {
  const auto channels = static_cast<int>(audio.channels());
  auto file = open_for_writing(path, sndfile_format, channels, static_cast<int>(audio.sample_rate()));
  constexpr std::size_t kBlock = 4096;
  std::vector<float> interleaved(kBlock * audio.channels());
  for (std::size_t first = 0; first < audio.frames(); first += kBlock) {
    const std::size_t count = std::min(kBlock, audio.frames() - first);
    for (std::size_t n = 0; n < count; ++n) {
      for (std::size_t c = 0; c < audio.channels(); ++c) {
        interleaved[n * audio.channels() + c] = audio.channel(c)[first + n];
      }
    }
    const auto wanted = static_cast<sf_count_t>(count);
    if (sf_writef_float(file.get(), interleaved.data(), wanted) != wanted) {
      throw std::runtime_error("libsndfile failed writing " + path.string() + ": " + sf_strerror(file.get()));
    }
  }
}

void write_silence_with_sndfile(const fs::path& path, int sndfile_format, int channels, int sample_rate,
                                std::uint64_t frames) {
  auto file = open_for_writing(path, sndfile_format, channels, sample_rate);
  constexpr std::uint64_t kBlock = 16384;
  const std::vector<float> zeros(kBlock * static_cast<std::size_t>(channels), 0.0f);
  for (std::uint64_t written = 0; written < frames; written += kBlock) {
    const auto wanted = static_cast<sf_count_t>(std::min(kBlock, frames - written));
    if (sf_writef_float(file.get(), zeros.data(), wanted) != wanted) {
      throw std::runtime_error("libsndfile failed writing " + path.string() + ": " + sf_strerror(file.get()));
    }
  }
}

std::optional<SndfileAudio> read_with_sndfile(const fs::path& path) {
  SF_INFO info{};
  std::unique_ptr<SNDFILE, SndfileCloser> file(sf_open(path.c_str(), SFM_READ, &info));
  if (!file) return std::nullopt;
  SndfileAudio audio;
  audio.channels = info.channels;
  audio.sample_rate = info.samplerate;
  audio.format = info.format;
  constexpr sf_count_t kBlock = 8192;
  std::vector<float> block(static_cast<std::size_t>(kBlock) * static_cast<std::size_t>(info.channels));
  for (;;) {
    const sf_count_t got = sf_readf_float(file.get(), block.data(), kBlock);
    if (got <= 0) break;
    audio.samples.insert(audio.samples.end(), block.begin(),
                         block.begin() + static_cast<std::ptrdiff_t>(got * info.channels));
    audio.frames += got;
  }
  return audio;
}

void truncate_to_fraction(const fs::path& path, double fraction) {
  const auto size = fs::file_size(path);
  fs::resize_file(path, static_cast<std::uintmax_t>(static_cast<double>(size) * fraction));
}

}  // namespace auralis::test
