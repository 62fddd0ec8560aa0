// SPDX-License-Identifier: MIT
// Names of the mastering enums, as the CLI, JSON and reports spell them.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include <array>
#include <string>

namespace auralis {

namespace {
constexpr std::array<const char*, 6> kPresetNames = {"adaptive", "gentle", "warm",
                                                     "bright",   "punchy", "live"};
constexpr std::array<const char*, 7> kDeliveryNames = {"streaming", "apple", "youtube", "ebu-r128",
                                                       "atsc-a85",  "cd",    "podcast"};
constexpr std::array<const char*, 3> kEqPhaseNames = {"linear", "minimum", "mixed"};
}  // namespace

const char* to_string(LevelClass level) noexcept {
  switch (level) {
    case LevelClass::silent:
      return "silent";
    case LevelClass::under_levelled:
      return "under_levelled";
    case LevelClass::live_dynamic:
      return "live_dynamic";
    case LevelClass::over_levelled:
      return "over_levelled";
    case LevelClass::hot:
      return "hot";
    case LevelClass::well_levelled:
      return "well_levelled";
  }
  return "unknown";
}

const char* to_string(Genre genre) noexcept {
  switch (genre) {
    case Genre::unknown:
      return "unknown";
    case Genre::classical:
      return "classical";
    case Genre::rock:
      return "rock";
    case Genre::electronic:
      return "electronic";
    case Genre::jazz:
      return "jazz";
    case Genre::pop:
      return "pop";
    case Genre::hip_hop:
      return "hip_hop";
    case Genre::acoustic:
      return "acoustic";
    case Genre::ambient:
      return "ambient";
    case Genre::speech:
      return "speech";
  }
  return "unknown";
}

const char* to_string(Preset preset) noexcept {
  return kPresetNames[static_cast<std::size_t>(preset)];
}

Preset preset_from_string(const std::string& name) {
  for (std::size_t i = 0; i < kPresetNames.size(); ++i) {
    if (name == kPresetNames[i]) return static_cast<Preset>(i);
  }
  throw Error(ErrorCode::invalid_argument,
              "unknown preset '" + name + "' (choose adaptive, gentle, warm, bright, punchy or live)");
}

const char* to_string(Delivery delivery) noexcept {
  return kDeliveryNames[static_cast<std::size_t>(delivery)];
}

Delivery delivery_from_string(const std::string& name) {
  for (std::size_t i = 0; i < kDeliveryNames.size(); ++i) {
    if (name == kDeliveryNames[i]) return static_cast<Delivery>(i);
  }
  throw Error(ErrorCode::invalid_argument, "unknown delivery '" + name +
                                               "' (choose streaming, apple, youtube, ebu-r128, atsc-a85, cd "
                                               "or podcast)");
}

const char* to_string(MasteringMode mode) noexcept {
  switch (mode) {
    case MasteringMode::adaptive:
      return "adaptive";
    case MasteringMode::reference:
      return "reference";
    case MasteringMode::hybrid:
      return "hybrid";
  }
  return "adaptive";
}

const char* to_string(EqPhase phase) noexcept {
  return kEqPhaseNames[static_cast<std::size_t>(phase)];
}

EqPhase eq_phase_from_string(const std::string& name) {
  for (std::size_t i = 0; i < kEqPhaseNames.size(); ++i) {
    if (name == kEqPhaseNames[i]) return static_cast<EqPhase>(i);
  }
  throw Error(ErrorCode::invalid_argument,
              "unknown EQ phase '" + name + "' (choose linear, minimum or mixed)");
}

}  // namespace auralis
