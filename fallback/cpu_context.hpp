// SPDX-License-Identifier: MIT
// What the CPU backend's operations share: the worker pool, FFT plans and per-worker scratch.
#pragma once

#include "core/worker_pool.hpp"
#include "fallback/plan_cache.hpp"
#include "fallback/worker_scratch.hpp"

namespace auralis::fallback {

struct CpuContext {
  explicit CpuContext(unsigned max_workers) : pool(max_workers), scratch(pool.workers()) {}

  core::WorkerPool pool;
  PlanCache plans;
  WorkerScratch scratch;
};

}  // namespace auralis::fallback
