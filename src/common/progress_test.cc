#include "common/progress.h"

#include <gtest/gtest.h>

#include <regex>

#include "common/log.h"

namespace fremdrift {
namespace {

class ProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (Progress::StderrIsTerminal()) GTEST_SKIP() << "stderr is a terminal: a bar, not log lines";
    saved_ = CurrentLogOptions();
    ConfigureLogging({LogLevel::kInfo, LogFormat::kText});
  }
  void TearDown() override {
    if (!IsSkipped()) ConfigureLogging(saved_);
  }
  LogOptions saved_;
};

TEST_F(ProgressTest, WithoutATerminalFinishedWorkIsOneLogLineWithCountsAndRate) {
  LogCapture capture;
  {
    Progress p("ingest", 10, "MB", true);
    p.Update(4);
    p.Update(10);
    p.Finish();
    p.Finish();  // once only
  }
  auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(std::regex_match(
      lines[0],
      std::regex(R"(\S+ info progress finished task=ingest done=10 total=10 unit=MB per_s=\d+\.\d )"
                 R"(s=\d+\.\d)")))
      << lines[0];
}

TEST_F(ProgressTest, AbandonedDisabledOrQuietWorkLogsNothing) {
  LogCapture capture;
  {
    Progress abandoned("simulerer", 100, "personer", true);
    abandoned.Update(3);
  }
  {
    Progress disabled("simulerer", 100, "personer", false);
    disabled.Update(100);
    disabled.Finish();
  }
  ConfigureLogging({LogLevel::kWarn, LogFormat::kText});  // --quiet
  {
    Progress quiet("simulerer", 0, "personer", true);
    quiet.Update(100);
    quiet.Finish();
  }
  EXPECT_TRUE(capture.Lines().empty());
}

}  // namespace
}  // namespace fremdrift
