// WorkerPool: threads that claim task indices under a mutex until a run is exhausted.
#include "core/worker_pool.hpp"

#include <auralis/error.hpp>

#include "core/denormals.hpp"
#include "core/signal_free_thread.hpp"

#include <algorithm>
#include <string>
#include <system_error>

namespace auralis::core {

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
  std::lock_guard run_lock(run_mutex_);
  {
    std::lock_guard lock(mutex_);
    task_ = &task;
    count_ = count;
    next_ = 0;
    failure_ = nullptr;
    running_ = 1;  // the caller
    ++generation_;
  }
  if (count > 1) wake_.notify_all();
  {
    const core::ScopedFlushDenormals flush;
    work_on_current_run(0);
  }
  std::unique_lock lock(mutex_);
  done_.wait(lock, [this] { return running_ == 0; });
  task_ = nullptr;
  if (failure_) std::rethrow_exception(failure_);
}

void WorkerPool::worker_loop(unsigned worker) {
  const core::ScopedFlushDenormals flush;
  std::size_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
      if (task_ == nullptr || next_ >= count_) continue;  // this run is already handed out
      ++running_;
    }
    work_on_current_run(worker);
  }
}

void WorkerPool::work_on_current_run(unsigned worker) {
  for (;;) {
    std::size_t index;
    {
      std::lock_guard lock(mutex_);
      if (next_ >= count_) break;
      index = next_++;
    }
    try {
      (*task_)(index, worker);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!failure_ || index < failed_task_) {
        failure_ = std::current_exception();
        failed_task_ = index;
      }
      next_ = count_;  // skip what is left
    }
  }
  std::lock_guard lock(mutex_);
  if (--running_ == 0) done_.notify_all();
}

}  // namespace auralis::core
