// SPDX-License-Identifier: MIT
// One inline style sheet for every page: nothing is fetched, and the page reads the same without scripts.
#include "report/page_style.hpp"

#include "report/svg_plot.hpp"

namespace auralis::report {

std::string page_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         escape_html(title) +
         "</title>\n<style>\n"
         "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1000px;color:#222;padding:0 "
         "1em}\n"
         "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}\n"
         "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;"
         "text-align:right}th:first-child,td:first-child{text-align:left}\n"
         "svg.plot{width:100%;height:auto;display:block;margin:.5em 0;background:#fff}\n"
         ".frame{fill:none;stroke:#444}.grid{stroke:#e3e3e3}.tick,.legend{font-size:12px;fill:#333}\n"
         ".axis-label{font-size:13px;fill:#222}.plot-title{font-size:15px;font-weight:600;fill:#111}\n"
         ".warning{color:#a40}\n"
         "</style>\n</head>\n<body>\n";
}

std::string page_tail() {
  return "</body>\n</html>\n";
}

}  // namespace auralis::report
