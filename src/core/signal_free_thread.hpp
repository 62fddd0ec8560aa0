// SPDX-License-Identifier: MIT
// Threads the library starts take no asynchronous signals (SIGINT, SIGTERM, ...): those go to the
// application's own threads, where a handler runs at a moment the application controls. (The CLI's
// handler removes the temporaries of unfinished outputs; run on a helper thread it could fire while the
// main thread, signals blocked, is between creating a temporary and registering it.)
#pragma once

#include <pthread.h>
#include <signal.h>

#include <thread>
#include <utility>

namespace auralis::core {

/// Starts `work` on a new thread whose asynchronous signals are blocked (faults a thread causes itself,
/// such as SIGSEGV, are not). Throws std::system_error when no thread can be started.
template <class Thread, class Work>
Thread start_signal_free_thread(Work&& work) {
  sigset_t blocked, previous;
  sigfillset(&blocked);
  for (const int synchronous : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS}) {
    sigdelset(&blocked, synchronous);
  }
  // A new thread inherits its creator's mask: block here, start, restore.
  pthread_sigmask(SIG_BLOCK, &blocked, &previous);
  struct Restore {
    sigset_t mask;
    ~Restore() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
  } restore{previous};
  return Thread(std::forward<Work>(work));
}

}  // namespace auralis::core
