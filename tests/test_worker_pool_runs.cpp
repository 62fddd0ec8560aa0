// SPDX-License-Identifier: MIT
// WorkerPool, the CPU backend's runtime: every task once, worker indices exclusive, exceptions carried back.
#include "core/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {

using auralis::core::WorkerPool;

TEST(WorkerPool, RunsEveryTaskOnceWithExclusiveWorkerIndices) {
  for (const unsigned workers : {1u, 2u, 3u, 8u}) {
    WorkerPool pool(workers);
    ASSERT_EQ(pool.workers(), workers);
    std::vector<std::atomic<int>> runs(1000);
    std::vector<std::atomic<int>> busy(workers);
    std::atomic<bool> overlap{false};
    pool.run(runs.size(), [&](std::size_t task, unsigned worker) {
      ASSERT_LT(worker, workers);
      if (busy[worker].fetch_add(1) != 0) overlap = true;
      runs[task].fetch_add(1);
      std::this_thread::yield();
      busy[worker].fetch_sub(1);
    });
    EXPECT_FALSE(overlap) << workers << " workers";
    for (std::size_t t = 0; t < runs.size(); ++t) EXPECT_EQ(runs[t].load(), 1) << "task " << t;
  }
}

TEST(WorkerPool, OneWorkerRunsOnTheCallingThread) {
  WorkerPool pool(1);
  const auto caller = std::this_thread::get_id();
  pool.run(10, [&](std::size_t, unsigned worker) {
    EXPECT_EQ(worker, 0u);
    EXPECT_EQ(std::this_thread::get_id(), caller);
  });
}

TEST(WorkerPool, ZeroWorkersMeansOnePerHardwareThread) {
  WorkerPool pool(0);
  EXPECT_EQ(pool.workers(), std::max(1u, std::thread::hardware_concurrency()));
}

TEST(WorkerPool, ExceptionsComeBackAndThePoolStaysUsable) {
  WorkerPool pool(3);
  EXPECT_THROW(pool.run(100,
                        [](std::size_t task, unsigned) {
                          if (task == 7) throw std::runtime_error("task 7");
                        }),
               std::runtime_error);
  try {
    pool.run(1, [](std::size_t, unsigned) { throw std::logic_error("only task"); });
    ADD_FAILURE() << "no exception";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "only task");
  }
  std::atomic<int> count{0};
  pool.run(50, [&](std::size_t, unsigned) { count.fetch_add(1); });
  EXPECT_EQ(count.load(), 50);
}

TEST(WorkerPool, ZeroTasksAndManySmallRuns) {
  WorkerPool pool(4);
  pool.run(0, [](std::size_t, unsigned) { FAIL() << "no task should run"; });
  std::atomic<long> sum{0};
  for (int run = 0; run < 500; ++run) {
    pool.run(3, [&](std::size_t task, unsigned) { sum.fetch_add(static_cast<long>(task) + 1); });
  }
  EXPECT_EQ(sum.load(), 500 * 6);
}

}  // namespace
