// SPDX-License-Identifier: MIT
// The pages' shared frame: the document head with its inline style sheet, and the closing tags.
#pragma once

#include <string>

namespace auralis::report {

/// <!DOCTYPE html> up to and including <body>, titled `title` (escaped here).
std::string page_head(const std::string& title);
/// Closes what page_head opened.
std::string page_tail();

}  // namespace auralis::report
