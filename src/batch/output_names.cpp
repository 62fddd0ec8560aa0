// SPDX-License-Identifier: MIT
// batch_output_path: where a track's master goes, from the output name template (--name).
#include <auralis/audio_io.hpp>
#include <auralis/batch.hpp>
#include <auralis/error.hpp>

#include <string_view>

namespace auralis {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const std::string& name_template, const std::string& why) {
  throw Error(ErrorCode::invalid_argument, "output name template '" + name_template + "': " + why);
}

// {ext}: the input's own extension (lower-cased) when it is WAV or FLAC, else wav: an MP3 or Ogg input is
// not encoded lossy again unless the name template asks for it.
std::string output_extension(const fs::path& input) {
  try {
    return file_type_for(input) == FileType::flac ? "flac" : "wav";
  } catch (const Error&) {
    return "wav";
  }
}

// `name_template` with its fields replaced; the text outside fields is kept as it is.
std::string expand_fields(const std::string& name_template, const fs::path& relative, std::size_t index) {
  std::string name;
  for (std::size_t at = 0; at < name_template.size();) {
    if (name_template[at] != '{') {
      name += name_template[at++];
      continue;
    }
    const std::size_t close = name_template.find('}', at);
    if (close == std::string::npos) refuse(name_template, "a '{' without its '}'");
    const std::string_view field(name_template.data() + at + 1, close - at - 1);
    at = close + 1;
    if (field == "stem") {
      name += relative.stem().string();
    } else if (field == "ext") {
      name += output_extension(relative);
    } else if (field == "name") {
      name += relative.filename().string();
    } else if (field == "index") {
      name += std::to_string(index);
    } else if (field == "dir") {
      const std::string dir = relative.parent_path().string();
      name += dir;
      // A track found at the top of its folder (or given itself) has no folder: "{dir}/" vanishes whole
      // rather than leave a leading "/", which would make the name absolute.
      if (dir.empty() && at < name_template.size() && name_template[at] == '/') ++at;
    } else {
      refuse(name_template, "unknown field {" + std::string(field) +
                                "} (the fields are {stem}, {ext}, {name}, {dir} and {index})");
    }
  }
  return name;
}

}  // namespace

std::filesystem::path batch_output_path(const BatchTrack& track, std::size_t index,
                                        const std::filesystem::path& output_dir,
                                        const std::string& name_template) {
  // A track made by hand may have no relative path: its file name stands for it, as for a file given itself.
  const fs::path relative = track.relative.empty() ? track.input.filename() : track.relative;
  const fs::path name(expand_fields(name_template, relative, index));
  if (name.has_root_path()) {
    refuse(name_template, "'" + name.string() + "' is absolute; outputs go below the output folder");
  }
  for (const fs::path& part : name) {
    if (part == "..") refuse(name_template, "'" + name.string() + "' leaves the output folder");
  }
  try {
    file_type_for(name);
  } catch (const Error&) {
    refuse(name_template, "'" + name.string() +
                              "' is not a file type auralis writes (the name must end in .wav, .flac, "
                              ".aif(f), .ogg, .opus or .mp3)");
  }
  return output_dir / name.lexically_normal();
}

}  // namespace auralis
