// SPDX-License-Identifier: MIT
// write_report_file: a page goes to disk as every output does, whole or not at all.
#include <auralis/error.hpp>
#include <auralis/report.hpp>

#include "io/atomic_output_file.hpp"

namespace auralis {

void write_report_file(const std::filesystem::path& path, const std::string& html) {
  try {
    io::AtomicOutputFile file(path);
    file.write(html);
    file.commit();
  } catch (const io::WriteStepFailed& failure) {
    throw Error(ErrorCode::write_failed, path.string() + ": cannot write: " + failure.reason);
  }
}

}  // namespace auralis
