// SPDX-License-Identifier: MIT
// Locates rendered corpus tracks for tests; a missing corpus is a visible skip, never a silent pass.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace auralis::test {

/// Path of corpus track `name` (e.g. "default_rock.wav") under $AURALIS_CORPUS_DIR, or empty when the
/// corpus was not rendered (no ../shared beside the checkout).
std::optional<std::filesystem::path> corpus_track(const std::string& name);

/// True when the corpus must exist ($AURALIS_CORPUS_REQUIRED=1: ../shared is beside the checkout).
bool corpus_required();

/// The five tracks of the default corpus set.
inline constexpr const char* corpus_tracks[] = {"default_rock.wav", "default_orchestral.wav",
                                                "default_electronic.wav", "default_piano.wav",
                                                "default_speech.wav"};

}  // namespace auralis::test

/// Skips the current test with a reason when the corpus track is missing; otherwise yields its path.
/// Fails instead when the corpus is required (../shared exists) but the track is missing.
#define AURALIS_REQUIRE_CORPUS_TRACK(var, name)                                                       \
  const auto var##_opt = ::auralis::test::corpus_track(name);                                         \
  if (!var##_opt && ::auralis::test::corpus_required())                                               \
    FAIL() << "corpus track " << (name) << " missing although ../shared/corpus exists";               \
  if (!var##_opt) GTEST_SKIP() << "corpus track " << (name) << " not rendered (no ../shared/corpus)"; \
  const std::filesystem::path var = *var##_opt
