// SPDX-License-Identifier: MIT
// Reading a report_to_json document for the pages: parse errors and missing fields become auralis errors.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace auralis::report {

/// The parsed document; throws Error(invalid_argument) "report JSON: ..." for text that does not parse or
/// is not an object.
nlohmann::json parse_report(const std::string& text);
/// The field at a '/'-separated path ("after/integrated_lufs"); throws Error(invalid_argument) naming the
/// path when it is missing.
const nlohmann::json& field(const nlohmann::json& document, const std::string& path);
/// A number, or empty for null.
std::optional<double> number_at(const nlohmann::json& document, const std::string& path);
/// An array of numbers or nulls.
std::vector<std::optional<double>> series_at(const nlohmann::json& document, const std::string& path);
/// "-14.2" style text with `unit`, or "n/a" when empty.
std::string shown(std::optional<double> value, const char* unit, int decimals = 1);

}  // namespace auralis::report
