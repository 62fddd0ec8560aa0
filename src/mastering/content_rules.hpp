// SPDX-License-Identifier: MIT
// Deterministic classification of a measured ContentProfile: its level class and a genre estimate, by the
// fixed rules documented in docs/mastering.md (no randomness, no learned weights).
#pragma once

#include <auralis/mastering.hpp>

namespace auralis::mastering {

/// Share of the long-term power below `hz` (0-1), from the log-band spectrum.
double power_share_below(const ContentProfile& profile, double hz);

/// Sets profile.level_class and profile.genre from the measured features.
void classify(ContentProfile& profile);

}  // namespace auralis::mastering
