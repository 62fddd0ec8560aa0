// SPDX-License-Identifier: MIT
// The CPU backend: Highway kernels on a WorkerPool, with work split into fixed chunks by frame (or block)
// index and partial sums reduced in chunk order, so results do not depend on the worker count.
#pragma once

#include "backend/backend.hpp"

#include <memory>

namespace auralis::fallback {

/// `max_workers` as in BackendOptions (0 = one per hardware thread).
std::unique_ptr<backend::Backend> make_cpu_backend(unsigned max_workers);

/// The SIMD target Highway dispatches to on this machine (e.g. "AVX3", "AVX2", "SSE4", "NEON", "EMU128").
const char* simd_target_name() noexcept;

}  // namespace auralis::fallback
