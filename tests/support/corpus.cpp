// SPDX-License-Identifier: MIT
// Corpus lookup: $AURALIS_CORPUS_DIR, else the folder tests/CMakeLists.txt built in.
#include "support/corpus.hpp"

#include <cstdlib>

namespace auralis::test {

std::optional<std::filesystem::path> corpus_track(const std::string& name) {
  const char* dir = std::getenv("AURALIS_CORPUS_DIR");
  if (dir == nullptr || *dir == '\0') dir = AURALIS_TEST_CORPUS_DIR;
  std::filesystem::path path = std::filesystem::path(dir) / name;
  if (!std::filesystem::is_regular_file(path)) return std::nullopt;
  return path;
}

bool corpus_required() {
  const char* required = std::getenv("AURALIS_CORPUS_REQUIRED");
  if (required == nullptr) return AURALIS_TEST_CORPUS_REQUIRED == 1;
  return std::string(required) == "1";
}

}  // namespace auralis::test
