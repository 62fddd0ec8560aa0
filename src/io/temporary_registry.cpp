// SPDX-License-Identifier: MIT
// Named temporaries of unfinished outputs, kept where a signal handler can remove them, and the removal of
// temporaries that dead processes left behind.
#include "io/temporary_registry.hpp"

#include <auralis/audio_io.hpp>

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <mutex>
#include <string>
#include <system_error>

namespace auralis::io {
namespace {

// A slot is free, being filled (invisible to the handler), or holds a path the handler may unlink.
enum SlotState : int { kFree = 0, kFilling = 1, kHeld = 2 };

struct Slot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX]{};
};

// Plain static storage: the handler may only touch lock-free atomics and fixed buffers.
std::array<Slot, kTemporarySlots> slots;

constexpr const char* kMarker = ".auralis-";
constexpr std::size_t kRandomCharacters = 6;
// Keeps the temporary name within NAME_MAX (255) even for a destination name at the limit.
constexpr std::size_t kMaxNameBytesInTemporary = 200;

void remove_remembered_and_die(int signal_number) {
  for (Slot& slot : slots) {
    if (slot.state.load(std::memory_order_acquire) == kHeld) ::unlink(slot.path);
  }
  // Blocked while this handler runs; delivered with the default action as soon as it returns.
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

bool process_is_gone(pid_t pid) {
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

// The PID in a name made from temporary_name_pattern, or 0 when the name is not such a temporary.
pid_t owner_of(const std::string& name) {
  if (name.empty() || name.front() != '.') return 0;
  const std::size_t marker = name.rfind(kMarker);
  if (marker == std::string::npos) return 0;
  const char* first = name.data() + marker + std::strlen(kMarker);
  const char* last = name.data() + name.size();
  pid_t pid = 0;
  const auto [end, error] = std::from_chars(first, last, pid);
  if (error != std::errc() || end == first || pid <= 0) return 0;
  if (end == last || *end != '-' || static_cast<std::size_t>(last - end - 1) != kRandomCharacters) return 0;
  return pid;
}

}  // namespace

int remember_temporary(const std::filesystem::path& path) noexcept {
  const std::string& text = path.native();
  if (text.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kTemporarySlots; ++i) {
    Slot& slot = slots[static_cast<std::size_t>(i)];
    int expected = kFree;
    if (!slot.state.compare_exchange_strong(expected, kFilling, std::memory_order_acq_rel)) continue;
    std::memcpy(slot.path, text.c_str(), text.size() + 1);
    slot.state.store(kHeld, std::memory_order_release);
    return i;
  }
  return -1;
}

void forget_temporary(int slot) noexcept {
  if (slot >= 0 && slot < kTemporarySlots) {
    slots[static_cast<std::size_t>(slot)].state.store(kFree, std::memory_order_release);
  }
}

}  // namespace auralis::io

namespace auralis {

void remove_temporaries_on_signals() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    for (const int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
      struct sigaction previous {};
      if (::sigaction(signal_number, nullptr, &previous) != 0) continue;
      // A signal the program ignores (nohup, a shell ignoring SIGPIPE) or handles itself stays as it is.
      const bool defaulted = (previous.sa_flags & SA_SIGINFO) == 0 && previous.sa_handler == SIG_DFL;
      if (!defaulted) continue;
      struct sigaction action {};
      action.sa_handler = io::remove_remembered_and_die;
      sigemptyset(&action.sa_mask);
      ::sigaction(signal_number, &action, nullptr);
    }
  });
}

}  // namespace auralis

namespace auralis::io {

std::string temporary_name_pattern(const std::string& destination_name) {
  std::string name = destination_name;
  if (name.size() > kMaxNameBytesInTemporary) name.resize(kMaxNameBytesInTemporary);
  return "." + name + kMarker + std::to_string(::getpid()) + "-XXXXXX";
}

void remove_stale_temporaries(const std::filesystem::path& folder) noexcept {
  std::error_code error;
  const pid_t self = ::getpid();
  for (std::filesystem::directory_iterator entry(folder, error), end; !error && entry != end;
       entry.increment(error)) {
    const pid_t owner = owner_of(entry->path().filename().native());
    if (owner == 0 || owner == self || !process_is_gone(owner)) continue;
    std::error_code type_error;
    if (entry->is_regular_file(type_error) && !type_error) ::unlink(entry->path().c_str());
  }
}

}  // namespace auralis::io
