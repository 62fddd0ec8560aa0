// SPDX-License-Identifier: MIT
// --backend, --device and --threads, shared by the commands that compute with one engine (analyze, master,
// batch).
#pragma once

#include <auralis/backend.hpp>

#include "cli/command_line.hpp"

#include <string>

namespace auralis::cli {

/// Adds the three options, in the group "Compute", storing into `options`; `given`, when not null, is set
/// when any of them is read. `threads_help` says what --threads does in this command (empty: no --threads).
void add_backend_options(CLI::App& app, BackendOptions& options, const std::string& threads_help,
                         bool* given = nullptr);

/// Under --quiet the warning of a GPU that failed mid-job (the job re-ran on the CPU) is not printed; the
/// results still say which backend ran.
void apply_verbosity(const Verbosity& verbosity, BackendOptions& options);

/// The ValueParser of --backend auto|cpu|vulkan.
ValueParser backend_kind_parser(std::function<void(BackendKind)> store);

}  // namespace auralis::cli
