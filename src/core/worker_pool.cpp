// SPDX-License-Identifier: MIT
// WorkerPool: callers and pool threads claim task indices of a run under one mutex until it is exhausted.
#include "core/worker_pool.hpp"

#include <auralis/error.hpp>

#include "core/denormals.hpp"
#include "core/signal_free_thread.hpp"

#include <algorithm>
#include <string>
#include <system_error>

namespace auralis::core {

/// One call of run(), on its caller's stack. Every field is guarded by the pool's mutex.
struct WorkerPool::Run {
  Run(const Task& run_task, std::size_t task_count) : task(run_task), count(task_count) {}

  const Task& task;
  const std::size_t count;
  std::size_t next = 0;     // next task index to hand out
  std::size_t running = 1;  // threads working on this run, the caller included
  std::size_t failed_task = 0;
  std::exception_ptr failure;
  std::condition_variable done;  // signalled when `running` drops to 0
  bool listed = false;           // in the pool's list of runs with tasks left
  Run* older = nullptr;
  Run* newer = nullptr;
};

unsigned worker_count(unsigned workers) noexcept {
  return workers == 0 ? std::max(1u, std::thread::hardware_concurrency()) : workers;
}

WorkerPool::WorkerPool(unsigned workers) {
  workers = worker_count(workers);
  workers_ = workers;
  threads_.reserve(workers - 1);
  try {
    for (unsigned w = 1; w < workers; ++w) {
      threads_.push_back(core::start_signal_free_thread<std::thread>([this, w] { worker_loop(w); }));
    }
  } catch (const std::system_error& failure) {
    // Threads already started must be joined: a joinable std::thread destroyed while unwinding aborts.
    stop_and_join();
    throw Error(ErrorCode::out_of_memory, "cannot start " + std::to_string(workers - 1) +
                                              " worker threads (" + failure.what() +
                                              "): not enough memory or a process limit; try fewer threads");
  }
}

WorkerPool::~WorkerPool() {
  stop_and_join();
}

void WorkerPool::stop_and_join() noexcept {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::run(std::size_t count, const Task& task) {
  if (count == 0) return;
  Run run(task, count);
  std::unique_lock lock(mutex_);
  // A single task is the caller's alone; there is nothing for pool threads to help with.
  if (count > 1 && !threads_.empty()) {
    link(run);
    // All idle threads, not one per task: a woken thread helps the oldest run, which may be another one.
    wake_.notify_all();
  }
  {
    const core::ScopedFlushDenormals flush;
    work_on(run, 0, lock);
  }
  // `run` lives on this stack: wait for the helpers still inside one of its tasks.
  run.done.wait(lock, [&] { return run.running == 0; });
  lock.unlock();
  if (run.failure) std::rethrow_exception(run.failure);
}

void WorkerPool::worker_loop(unsigned worker) {
  const core::ScopedFlushDenormals flush;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || first_run_ != nullptr; });
    if (stopping_) return;
    Run& oldest = *first_run_;
    ++oldest.running;
    // A pool thread joins a run at most once (runs leave the list when exhausted, and a thread nested in
    // one of its tasks is that nested run's caller), and callers work as worker 0, so `worker` is unique
    // within the run.
    work_on(oldest, worker, lock);
  }
}

void WorkerPool::work_on(Run& run, unsigned worker, std::unique_lock<std::mutex>& lock) {
  while (run.next < run.count) {
    const std::size_t index = run.next++;
    if (run.next == run.count) unlink(run);  // nothing left for pool threads to join
    lock.unlock();
    std::exception_ptr failure;
    try {
      run.task(index, worker);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    if (failure) {
      if (!run.failure || index < run.failed_task) {
        run.failure = std::move(failure);
        run.failed_task = index;
      }
      if (run.next < run.count) {
        run.next = run.count;  // skip what is left
        unlink(run);
      }
    }
  }
  // Notified under the lock: once it is released the caller may return and destroy `run`.
  if (--run.running == 0) run.done.notify_all();
}

void WorkerPool::link(Run& run) noexcept {
  run.older = last_run_;
  (last_run_ ? last_run_->newer : first_run_) = &run;
  last_run_ = &run;
  run.listed = true;
}

void WorkerPool::unlink(Run& run) noexcept {
  if (!run.listed) return;
  (run.older ? run.older->newer : first_run_) = run.newer;
  (run.newer ? run.newer->older : last_run_) = run.older;
  run.listed = false;
}

}  // namespace auralis::core
