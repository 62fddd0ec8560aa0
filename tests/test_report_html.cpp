// SPDX-License-Identifier: MIT
// The HTML report drawn from a master's JSON report: every plot has a series with the curves' points, the
// page refers to nothing outside itself, text from the report is escaped, and bad JSON is refused by name.
#include <auralis/backend.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>
#include <auralis/report.hpp>

#include "support/music_like.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace auralis;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

MasterReport mastered_report() {
  MasterOptions options;
  options.backend = BackendOptions::cpu(1);
  options.curves = true;
  return master(test::music_like(2, 44100, 0, 5 * 44100, 0x68746d6cULL), options).report;
}

TEST(ReportHtml, EveryPlotHasASeriesAndNothingIsFetched) {
  MasterReport report = mastered_report();
  report.warnings.push_back("a <b>warning</b> & more");
  const std::string html = render_report_html(report_to_json(report));
  // Loudness, gain reduction, mid and side spectra, EQ; no overs under the limiter, so no overs plot.
  EXPECT_EQ(count(html, "<svg class=\"plot\""), 5u);
  EXPECT_EQ(count(html, "</svg>"), 5u);
  // Each loudness series is one path (broken only before the first value), 50 points for 5 s.
  // Searched by hand, not with std::regex (GCC 12 warns inside <regex> under the sanitizer preset's -O1).
  std::size_t paths = 0;
  for (std::size_t at = html.find("<path class=\"series\""); at != std::string::npos;
       at = html.find("<path class=\"series\"", at + 1)) {
    const std::size_t end = html.find('>', at);
    const std::size_t d = html.find(" d=\"", at);
    ASSERT_TRUE(end != std::string::npos && d != std::string::npos && d < end);
    const std::size_t d_end = html.find('"', d + 4);
    ++paths;
    EXPECT_GE(count(html.substr(d + 4, d_end - d - 4), "L") + 1, 2u);
  }
  EXPECT_GE(paths, 12u);
  EXPECT_EQ(html.find("http:"), std::string::npos);
  EXPECT_EQ(html.find("https:"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("a &lt;b&gt;warning&lt;/b&gt; &amp; more"), std::string::npos);
  EXPECT_EQ(html.find("<b>warning"), std::string::npos);
  EXPECT_NE(html.find("No true-peak overs"), std::string::npos);
}

TEST(ReportHtml, ReferenceModeDrawsTheReferencesSpectrum) {
  MasterOptions options;
  options.backend = BackendOptions::cpu(1);
  options.curves = true;
  options.mode = MasteringMode::reference;
  const AudioBuffer reference = test::music_like(2, 44100, 0, 4 * 44100, 0x72656672ULL);
  const MasterReport report =
      master(test::music_like(2, 44100, 0, 4 * 44100, 0x68746d6cULL), options, &reference).report;
  const std::string html = render_report_html(report_to_json(report));
  // The legend of the mid and the side spectrum.
  EXPECT_EQ(count(html, ">reference</text>"), 2u);
  EXPECT_NE(html.find("Separate mid and side curves match the reference."), std::string::npos);
}

TEST(ReportHtml, TheIndexLinksEachTracksPage) {
  const std::string json = report_to_json(mastered_report());
  const std::string index = render_report_index_html(
      {{"one.wav", "one.wav.report.html", json}, {"two & three.wav", "two.wav.report.html", json}});
  EXPECT_NE(index.find("<a href=\"one.wav.report.html\">one.wav</a>"), std::string::npos);
  EXPECT_NE(index.find("two &amp; three.wav"), std::string::npos);
  EXPECT_EQ(count(index, "<tr>"), 3u);
}

TEST(ReportHtml, BadJsonIsRefusedByName) {
  try {
    render_report_html("{\"profile\": {}}");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("report JSON: missing field"), std::string::npos) << e.what();
  }
  EXPECT_THROW(render_report_html("not json"), Error);
}

}  // namespace
