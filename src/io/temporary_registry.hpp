// SPDX-License-Identifier: MIT
// Named temporaries of unfinished outputs, kept where a signal handler can remove them (the handlers are
// auralis::remove_temporaries_on_signals), and the removal of temporaries that dead processes left behind.
#pragma once

#include <filesystem>
#include <string>

namespace auralis::io {

/// Slots for the temporaries of outputs written at once (a batch writes a few per track).
inline constexpr int kTemporarySlots = 256;

/// Remembers `path` until forget_temporary(slot); returns the slot, or -1 when every slot is taken (the
/// temporary is then only removed by its owner or by a later run's remove_stale_temporaries).
int remember_temporary(const std::filesystem::path& path) noexcept;
void forget_temporary(int slot) noexcept;

/// The name of a named temporary for `destination_name` made by this process: ".NAME.auralis-PID-" followed
/// by six characters that mkstemp fills in. NAME is cut to keep the whole within NAME_MAX.
std::string temporary_name_pattern(const std::string& destination_name);

/// Removes, in `folder`, the named temporaries of processes that no longer run (their PID is in the name;
/// see temporary_name_pattern). Best effort: errors are ignored.
void remove_stale_temporaries(const std::filesystem::path& folder) noexcept;

}  // namespace auralis::io
