// SPDX-License-Identifier: MIT
// WorkerPool: the parallel runtime (the CPU backend runs on it; in core so any layer can share it). A fixed
// set of threads runs numbered tasks; which thread runs a task never changes what the task computes, so
// callers that split work by index and reduce in index order get bit-identical results for any worker count.
// Chosen over oneTBB: the backend needs only "run N chunks on W threads", and this is ThreadSanitizer-clean
// without suppressions (TBB's Debian build is not instrumented) and adds no dependency.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace auralis::core {

/// The threads a WorkerPool(workers) runs: `workers`, or one per hardware thread for 0.
unsigned worker_count(unsigned workers) noexcept;

class WorkerPool {
 public:
  /// `workers` threads in all, the caller's included (0 = one per hardware thread). Every worker runs with
  /// denormals flushed to zero. Throws Error(out_of_memory) when the threads cannot be started.
  explicit WorkerPool(unsigned workers);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned workers() const noexcept { return workers_; }

  /// The task: (task index, worker index < workers()). Within one run a worker index is held by one thread
  /// at a time, so it can select per-worker scratch memory. Runs that are active at the same time (from
  /// several callers, or a task calling run()) reuse the same indices: they need distinct scratch. Indices
  /// unique across all active runs would need more than workers() of them, since every caller also works.
  using Task = std::function<void(std::size_t task, unsigned worker)>;

  /// Runs task(0) ... task(count - 1) and returns when all have finished. If tasks throw, the remaining
  /// tasks of this run are skipped and the exception of the lowest-numbered failing task is rethrown.
  /// Several threads may call run() at once, and a task may call run(): each caller works through its own
  /// run's tasks (as worker 0), so a run completes even when every pool thread is busy elsewhere, and idle
  /// pool threads help the oldest run that still has tasks to hand out.
  void run(std::size_t count, const Task& task);

 private:
  struct Run;

  void worker_loop(unsigned worker);
  void stop_and_join() noexcept;
  void work_on(Run& run, unsigned worker, std::unique_lock<std::mutex>& lock);
  void link(Run& run) noexcept;
  void unlink(Run& run) noexcept;

  unsigned workers_;
  std::vector<std::thread> threads_;

  std::mutex mutex_;  // guards everything below and every active Run
  std::condition_variable wake_;
  bool stopping_ = false;
  // Runs with tasks not yet handed out, oldest first. Each Run lives on its caller's stack, so starting a
  // run allocates nothing.
  Run* first_run_ = nullptr;
  Run* last_run_ = nullptr;
};

}  // namespace auralis::core
