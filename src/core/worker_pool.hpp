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

  /// The task: (task index, worker index < workers()). A worker index is held by one thread at a time,
  /// so it can select per-worker scratch memory.
  using Task = std::function<void(std::size_t task, unsigned worker)>;

  /// Runs task(0) ... task(count - 1) on the workers and returns when all have finished. If tasks throw,
  /// the remaining tasks are skipped and the exception of the lowest-numbered failing task is rethrown.
  /// One run at a time: calls from several threads are serialised.
  void run(std::size_t count, const Task& task);

 private:
  void worker_loop(unsigned worker);
  void stop_and_join() noexcept;
  void work_on_current_run(unsigned worker);

  unsigned workers_;
  std::vector<std::thread> threads_;
  std::mutex run_mutex_;  // serialises run()

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::size_t generation_ = 0;  // bumped per run; workers wait for a change
  bool stopping_ = false;
  const Task* task_ = nullptr;
  std::size_t count_ = 0;
  std::size_t next_ = 0;     // next task index to hand out
  std::size_t running_ = 0;  // threads inside the current run
  std::size_t failed_task_ = 0;
  std::exception_ptr failure_;
};

}  // namespace auralis::core
