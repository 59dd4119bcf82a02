#include "common/log.h"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

namespace fremdrift {
namespace {

// Restores the options in force before the test.
class LogTest : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = CurrentLogOptions(); }
  void TearDown() override { ConfigureLogging(saved_); }
  LogOptions saved_;
};

TEST_F(LogTest, ParsesLevelsAndFormats) {
  EXPECT_EQ(*ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(*ParseLogLevel("INFO"), LogLevel::kInfo);
  EXPECT_EQ(*ParseLogLevel("warning"), LogLevel::kWarn);
  EXPECT_EQ(*ParseLogLevel("error"), LogLevel::kError);
  EXPECT_EQ(*ParseLogLevel("off"), LogLevel::kOff);
  EXPECT_FALSE(ParseLogLevel("loud").ok());
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
    EXPECT_EQ(*ParseLogLevel(LogLevelName(l)), l);
  }
  EXPECT_EQ(*ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(*ParseLogFormat("text"), LogFormat::kText);
  EXPECT_FALSE(ParseLogFormat("xml").ok());
}

TEST_F(LogTest, FlagsWinOverQuietVerboseAndTheEnvironment) {
  LogFlags flags;
  EXPECT_EQ(ResolveLogOptions(flags, nullptr, nullptr)->level, LogLevel::kInfo);
  EXPECT_EQ(ResolveLogOptions(flags, "", "")->format, LogFormat::kText);
  EXPECT_EQ(ResolveLogOptions(flags, "debug", "json")->level, LogLevel::kDebug);
  EXPECT_EQ(ResolveLogOptions(flags, "debug", "json")->format, LogFormat::kJson);
  flags.quiet = true;
  EXPECT_EQ(ResolveLogOptions(flags, "debug", nullptr)->level, LogLevel::kWarn);
  flags.quiet = false;
  flags.verbose = true;
  EXPECT_EQ(ResolveLogOptions(flags, "error", nullptr)->level, LogLevel::kDebug);
  flags.level = "error";
  flags.format = "text";
  EXPECT_EQ(ResolveLogOptions(flags, "debug", "json")->level, LogLevel::kError);
  EXPECT_EQ(ResolveLogOptions(flags, "debug", "json")->format, LogFormat::kText);
  auto bad_env = ResolveLogOptions(LogFlags{}, "chatty", nullptr);
  ASSERT_FALSE(bad_env.ok());
  EXPECT_NE(bad_env.status().message().find("FREMDRIFT_LOG_LEVEL"), std::string::npos);
  LogFlags bad_flag;
  bad_flag.format = "yaml";
  auto bad = ResolveLogOptions(bad_flag, nullptr, nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("--log-format"), std::string::npos);
}

TEST_F(LogTest, TextLinesHaveTimeLevelMessageAndFields) {
  ConfigureLogging({LogLevel::kInfo, LogFormat::kText});
  LogCapture capture;
  LogInfo("ingest: {} persons", 1200);
  LogEvent(LogLevel::kInfo, "request",
           {{"method", "GET"},
            {"path", "/api/v1/me"},
            {"status", 200},
            {"ms", 1.25, 2},
            {"user", "anna jensen"}});
  auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 2u);
  const std::regex time(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z )");
  EXPECT_TRUE(std::regex_search(lines[0], time)) << lines[0];
  EXPECT_EQ(lines[0].substr(25), "info ingest: 1200 persons");
  EXPECT_EQ(lines[1].substr(25),
            R"(info request method=GET path=/api/v1/me status=200 ms=1.25 user="anna jensen")");
}

TEST_F(LogTest, LevelsBelowTheThresholdAreDropped) {
  ConfigureLogging({LogLevel::kWarn, LogFormat::kText});
  LogCapture capture;
  LogDebug("d");
  LogInfo("i");
  LogWarn("w");
  LogError("e");
  EXPECT_FALSE(LogEnabled(LogLevel::kInfo));
  EXPECT_TRUE(LogEnabled(LogLevel::kError));
  auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].substr(25), "warn w");
  EXPECT_EQ(lines[1].substr(25), "error e");
  ConfigureLogging({LogLevel::kOff, LogFormat::kText});
  LogError("nothing");
  EXPECT_EQ(capture.Lines().size(), 2u);
}

TEST_F(LogTest, JsonLinesAreOneObjectEach) {
  ConfigureLogging({LogLevel::kDebug, LogFormat::kJson});
  LogCapture capture;
  LogEvent(LogLevel::kDebug, "say \"hi\"\nnext",
           {{"status", 404}, {"ms", 0.5}, {"path", "/x?a=\x01"}, {"bad", "\xff"}});
  auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  const std::regex json(
      R"(^\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","level":"debug",)"
      R"("msg":"say \\"hi\\"\\nnext","status":404,"ms":0\.5,"path":"/x\?a=\\u0001",)"
      R"("bad":"\\ufffd"\}$)");
  EXPECT_TRUE(std::regex_match(lines[0], json)) << lines[0];
}

TEST_F(LogTest, ALoggedValueCannotStartANewLine) {
  ConfigureLogging({LogLevel::kInfo, LogFormat::kText});
  LogCapture capture;
  LogInfo("user {}", "x\n2024-01-01T00:00:00.000Z error forged");
  LogEvent(LogLevel::kInfo, "m", {{"v", "a\r\nb"}});
  auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& l : lines) EXPECT_EQ(l.find_first_of("\r\n"), std::string::npos) << l;
  EXPECT_NE(lines[0].find(R"(x\n2024)"), std::string::npos);
  EXPECT_NE(lines[1].find(R"(v=a\r\nb)"), std::string::npos);
}

TEST_F(LogTest, ThreadsLogWholeLines) {
  ConfigureLogging({LogLevel::kInfo, LogFormat::kText});
  LogCapture capture;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 50; ++i) LogEvent(LogLevel::kInfo, "tick", {{"t", t}, {"i", i}});
    });
  }
  for (auto& th : threads) th.join();
  auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 200u);
  const std::regex line(R"(^\S+ info tick t=\d i=\d+$)");
  for (const auto& l : lines) EXPECT_TRUE(std::regex_match(l, line)) << l;
}

}  // namespace
}  // namespace fremdrift
