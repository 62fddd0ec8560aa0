// SPDX-License-Identifier: MIT
// flac_comments(): FLAC__metadata_get_tags, copied out.
#include "support/flac_tags.hpp"

#include <FLAC/metadata.h>
#include <gtest/gtest.h>

namespace auralis::test {

std::vector<std::string> flac_comments(const std::filesystem::path& path) {
  FLAC__StreamMetadata* tags = nullptr;
  EXPECT_TRUE(FLAC__metadata_get_tags(path.c_str(), &tags)) << path;
  std::vector<std::string> comments;
  if (tags == nullptr) return comments;
  const FLAC__StreamMetadata_VorbisComment& block = tags->data.vorbis_comment;
  for (FLAC__uint32 i = 0; i < block.num_comments; ++i) {
    comments.emplace_back(reinterpret_cast<const char*>(block.comments[i].entry), block.comments[i].length);
  }
  FLAC__metadata_object_delete(tags);
  return comments;
}

}  // namespace auralis::test
