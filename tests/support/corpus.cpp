// Corpus lookup through $AURALIS_CORPUS_DIR (set by ctest from tests/CMakeLists.txt).
#include "support/corpus.hpp"

#include <cstdlib>

namespace auralis::test {

std::optional<std::filesystem::path> corpus_track(const std::string& name) {
  const char* dir = std::getenv("AURALIS_CORPUS_DIR");
  if (dir == nullptr || *dir == '\0') return std::nullopt;
  std::filesystem::path path = std::filesystem::path(dir) / name;
  if (!std::filesystem::is_regular_file(path)) return std::nullopt;
  return path;
}

bool corpus_required() {
  const char* required = std::getenv("AURALIS_CORPUS_REQUIRED");
  return required != nullptr && std::string(required) == "1";
}

}  // namespace auralis::test
