// SPDX-License-Identifier: MIT
// Which backend a SpectralEngine gets: the CPU backend, or a Vulkan backend inside the failover wrapper with
// the CPU backend behind it. The one place that knows every backend, so it sits above them (src/engine/).
#pragma once

#include "backend/backend.hpp"

#include <auralis/backend.hpp>

#include <memory>

namespace auralis::engine {

/// The backend the options ask for; throws Error(backend_unavailable) as SpectralEngine documents.
std::unique_ptr<backend::Backend> make_backend(const BackendOptions& options);

}  // namespace auralis::engine
