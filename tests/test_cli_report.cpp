// SPDX-License-Identifier: MIT
// The report's command line: `auralis master --report` and `auralis report` write the same page, a report
// path that names a file in use is refused before any work, and a bad JSON report is named.
#include "support/cli_runner.hpp"
#include "support/music_like.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using auralis::test::quoted;
using auralis::test::read_file;
using auralis::test::run_cli;

class CliReport : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = fs::temp_directory_path() /
               ("auralis-cli-report-" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
                std::to_string(::getpid()));
    fs::create_directories(scratch_);
    input_ = scratch_ / "in.wav";
    auralis::test::write_music_like(input_, 4.0, 0.0, 0x72657074ULL);
  }
  void TearDown() override { fs::remove_all(scratch_); }

  fs::path scratch_, input_;
};

TEST_F(CliReport, MasterAndReportWriteTheSamePage) {
  const fs::path json = scratch_ / "r.json", page = scratch_ / "r.html", again = scratch_ / "again.html";
  const auto master = run_cli("master " + quoted(input_) + " " + quoted(scratch_ / "out.wav") +
                                  " --quiet --json " + quoted(json) + " --report " + quoted(page),
                              scratch_);
  ASSERT_EQ(master.exit_code, 0) << master.err;
  const auto report = run_cli("report " + quoted(json) + " -o " + quoted(again), scratch_);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const std::string html = read_file(page);
  EXPECT_NE(html.find("<svg class=\"plot\""), std::string::npos);
  EXPECT_EQ(html, read_file(again));
}

TEST_F(CliReport, AReportPathInUseIsRefusedBeforeAnyWork) {
  const std::string before = read_file(input_);
  const auto r = run_cli(
      "master " + quoted(input_) + " " + quoted(scratch_ / "out.wav") + " --quiet --report " + quoted(input_),
      scratch_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--report names a file already in use"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(input_), before);
  EXPECT_FALSE(fs::exists(scratch_ / "out.wav"));
}

TEST_F(CliReport, ABadReportIsNamed) {
  const fs::path bad = scratch_ / "bad.json";
  {
    std::FILE* f = std::fopen(bad.c_str(), "w");
    std::fputs("{\"profile\": {}}", f);
    std::fclose(f);
  }
  const auto r = run_cli("report " + quoted(bad) + " -o " + quoted(scratch_ / "x.html"), scratch_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(bad.string() + ": report JSON: missing field"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch_ / "x.html"));
  EXPECT_EQ(run_cli("report " + quoted(bad), scratch_).exit_code, 2);
  const auto missing = run_cli("report " + quoted(scratch_ / "none.json") + " -o x.html", scratch_);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("none.json"), std::string::npos) << missing.err;
}

}  // namespace
