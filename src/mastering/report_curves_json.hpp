// SPDX-License-Identifier: MIT
// What report_to_json adds for the HTML report: the curves, the EQ applied, the plan in words and the
// loudness-matched comparison.
#pragma once

#include <auralis/mastering.hpp>

#include <nlohmann/json.hpp>

namespace auralis::mastering {

/// {"curves": ..., "eq_applied": ..., "comparison": ..., "plan_in_words": [...]} for `report`.
nlohmann::json report_curves_json(const MasterReport& report);

}  // namespace auralis::mastering
