// SPDX-License-Identifier: MIT
// WorkerPool with several runs active at once: concurrent callers progress together, each gets only its own
// results and exceptions, and a task may start a run of its own. Waits are bounded so a regression that
// serialises or deadlocks runs fails instead of hanging.
#include "core/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using auralis::core::WorkerPool;

constexpr auto kPatience = std::chrono::seconds(10);

/// Flags that threads raise and wait for, with a bounded wait.
class Signals {
 public:
  explicit Signals(std::size_t count) : raised_(count, false) {}

  void raise(std::size_t flag) {
    {
      std::lock_guard lock(mutex_);
      raised_[flag] = true;
    }
    changed_.notify_all();
  }

  /// Whether `flag` was raised within kPatience.
  bool wait_for(std::size_t flag) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] { return raised_[flag]; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<bool> raised_;
};

TEST(WorkerPoolConcurrency, CallersAreNotSerialised) {
  constexpr int kTasks = 3;
  WorkerPool pool(2);
  Signals started(2);
  // Per run, its tasks that saw the other run start while they were running.
  std::atomic<int> overlapped[2] = {0, 0};
  auto call = [&](std::size_t me) {
    pool.run(kTasks, [&](std::size_t, unsigned) {
      started.raise(me);
      if (started.wait_for(1 - me)) overlapped[me].fetch_add(1);
    });
  };
  std::thread other(call, 1);
  call(0);
  other.join();
  EXPECT_EQ(overlapped[0].load(), kTasks) << "run A did not overlap run B";
  EXPECT_EQ(overlapped[1].load(), kTasks) << "run B did not overlap run A";
}

TEST(WorkerPoolConcurrency, RunCompletesWhileEveryPoolThreadIsBusyElsewhere) {
  constexpr unsigned kWorkers = 3;
  WorkerPool pool(kWorkers);
  std::atomic<unsigned> busy{0};
  Signals signals(2);
  enum : std::size_t { all_busy, other_run_done };
  std::atomic<bool> saw_other_run{false};
  std::thread hog([&] {
    // One task per thread of the pool, each held until the other run has finished.
    pool.run(kWorkers, [&](std::size_t, unsigned) {
      if (busy.fetch_add(1) + 1 == kWorkers) signals.raise(all_busy);
      if (signals.wait_for(other_run_done)) saw_other_run = true;
    });
  });
  ASSERT_TRUE(signals.wait_for(all_busy));
  std::atomic<int> done{0};
  pool.run(20, [&](std::size_t, unsigned) { done.fetch_add(1); });
  signals.raise(other_run_done);
  hog.join();
  EXPECT_EQ(done.load(), 20);
  EXPECT_TRUE(saw_other_run);
}

TEST(WorkerPoolConcurrency, ManyCallersGetTheirOwnResultsAndExceptions) {
  constexpr unsigned kWorkers = 3;
  constexpr int kCallers = 8;
  constexpr int kRunsEach = 50;
  WorkerPool pool(kWorkers);
  std::atomic<int> failures{0};
  auto caller = [&](int id) {
    for (int r = 0; r < kRunsEach; ++r) {
      const std::size_t count = 1 + static_cast<std::size_t>(id * 7 + r * 13) % 40;
      // Every fifth run fails in two tasks; the lower one's exception must come back (if it ran at all).
      const bool fails = r % 5 == 2;
      const std::size_t first_bad = count / 3;
      const std::size_t second_bad = count - 1;
      const std::string tag = std::to_string(id) + "/" + std::to_string(r) + "/";
      std::vector<std::atomic<int>> ran(count);
      std::vector<std::atomic<int>> holders(kWorkers);
      std::atomic<bool> shared_index{false};
      std::atomic<long> sum{0};
      try {
        pool.run(count, [&](std::size_t task, unsigned worker) {
          ASSERT_LT(worker, kWorkers);
          if (holders[worker].fetch_add(1) != 0) shared_index = true;
          ran[task].fetch_add(1);
          sum.fetch_add(static_cast<long>(task) + 1);
          std::this_thread::yield();
          holders[worker].fetch_sub(1);
          if (fails && (task == first_bad || task == second_bad)) {
            throw std::runtime_error(tag + std::to_string(task));
          }
        });
        EXPECT_FALSE(fails) << tag << " did not throw";
        const auto n = static_cast<long>(count);
        EXPECT_EQ(sum.load(), n * (n + 1) / 2) << tag;
        for (std::size_t t = 0; t < count; ++t) EXPECT_EQ(ran[t].load(), 1) << tag << t;
      } catch (const std::runtime_error& e) {
        failures.fetch_add(1);
        EXPECT_TRUE(fails) << tag << " threw " << e.what();
        const std::string expected = tag + std::to_string(ran[first_bad].load() ? first_bad : second_bad);
        EXPECT_EQ(e.what(), expected);
        for (std::size_t t = 0; t < count; ++t) EXPECT_LE(ran[t].load(), 1) << tag << t;
      }
      EXPECT_FALSE(shared_index) << tag << ": a worker index was held by two threads in one run";
    }
  };
  std::vector<std::thread> threads;
  for (int id = 1; id < kCallers; ++id) threads.emplace_back(caller, id);
  caller(0);
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), kCallers * kRunsEach / 5);
}

/// Ends the process if not destroyed within kPatience: a deadlock then fails the suite instead of hanging.
class Watchdog {
 public:
  explicit Watchdog(const char* what)
      : thread_([this, what] {
          if (!dismissed_.wait_for(0)) {
            std::fprintf(stderr, "deadlock: %s did not finish within %lld s\n", what,
                         static_cast<long long>(kPatience.count()));
            std::abort();
          }
        }) {}
  ~Watchdog() {
    dismissed_.raise(0);
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  Signals dismissed_{1};
  std::thread thread_;
};

TEST(WorkerPoolConcurrency, TaskMayStartANestedRun) {
  for (const unsigned workers : {1u, 2u, 4u}) {
    const Watchdog watchdog("a nested run");
    WorkerPool pool(workers);
    std::vector<std::atomic<int>> ran(6 * 9);
    pool.run(6, [&](std::size_t outer, unsigned) {
      pool.run(9, [&](std::size_t inner, unsigned worker) {
        ASSERT_LT(worker, workers);
        ran[outer * 9 + inner].fetch_add(1);
      });
    });
    for (std::size_t t = 0; t < ran.size(); ++t) EXPECT_EQ(ran[t].load(), 1) << workers << " workers, " << t;
  }
}

TEST(WorkerPoolConcurrency, IndexOrderedReductionIsTheSameForAnyWorkerCount) {
  constexpr std::size_t kTasks = 257;
  auto reduce = [&](unsigned workers) {
    WorkerPool pool(workers);
    std::vector<float> partials(kTasks);
    pool.run(kTasks, [&](std::size_t task, unsigned) {
      float partial = 0.0f;
      for (std::size_t i = 0; i < 1000; ++i) partial += 1.0f / static_cast<float>(task * 1000 + i + 1);
      partials[task] = partial;
    });
    float total = 0.0f;
    for (const float partial : partials) total += partial;
    return total;
  };
  const float one = reduce(1);
  for (const unsigned workers : {2u, 3u, 8u}) EXPECT_EQ(reduce(workers), one) << workers << " workers";
}

}  // namespace
