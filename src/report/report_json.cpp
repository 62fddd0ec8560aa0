// SPDX-License-Identifier: MIT
// Field access into a report document with the path in every error.
#include "report/report_json.hpp"

#include <auralis/error.hpp>

#include <cstdio>

namespace auralis::report {

namespace {

Error bad_report(const std::string& what) {
  return Error(ErrorCode::invalid_argument, "report JSON: " + what);
}

}  // namespace

nlohmann::json parse_report(const std::string& text) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw bad_report(std::string("not valid JSON: ") + e.what());
  }
  if (!document.is_object()) throw bad_report("expected an object");
  return document;
}

const nlohmann::json& field(const nlohmann::json& document, const std::string& path) {
  const nlohmann::json* at = &document;
  for (std::size_t start = 0; start <= path.size();) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string key = path.substr(start, end - start);
    if (!at->is_object() || !at->contains(key)) throw bad_report("missing field " + path);
    at = &at->at(key);
    start = end + 1;
  }
  return *at;
}

std::optional<double> number_at(const nlohmann::json& document, const std::string& path) {
  const nlohmann::json& value = field(document, path);
  if (value.is_null()) return std::nullopt;
  if (!value.is_number()) throw bad_report(path + " is not a number");
  return value.get<double>();
}

std::vector<std::optional<double>> series_at(const nlohmann::json& document, const std::string& path) {
  const nlohmann::json& values = field(document, path);
  if (!values.is_array()) throw bad_report(path + " is not an array");
  std::vector<std::optional<double>> series;
  for (const nlohmann::json& v : values) {
    if (v.is_null()) {
      series.emplace_back();
    } else if (v.is_number()) {
      series.emplace_back(v.get<double>());
    } else {
      throw bad_report(path + " holds something other than numbers");
    }
  }
  return series;
}

std::string shown(std::optional<double> value, const char* unit, int decimals) {
  if (!value) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f %s", decimals, *value, unit);
  return text;
}

}  // namespace auralis::report
