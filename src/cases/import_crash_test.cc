// Crash test: an import process is killed (SIGKILL) at random points; afterwards the store must
// hold either all of that import's events or none of them, on both backends. The import runs in a
// forked child, so the kill hits a real process in the middle of parsing, checking or committing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "cases/event_import.h"
#include "cases/test_database.h"
#include "common/file_util.h"

namespace fremdrift::cases {
namespace {

constexpr int kPersons = 3000;  // 4 events each

std::string BigFile(int batch) {
  std::string out = "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at\n";
  for (int p = 0; p < kPersons; ++p) {
    std::string person = fmt::format("B{}P{}", batch, p);
    auto row = [&](int n, const char* day, const char* type, const char* attrs) {
      out += fmt::format("b{}_{}_{};{};657;{};{};{};sb;2020-03-01T08:00:00\n", batch, p, n, person,
                         day, type, attrs);
    };
    row(0, "2020-01-06", "visitation", "project=fsm2|group=1");
    row(1, "2020-01-08", "jobformidler_assigned", "jobformidler=JF");
    row(2, "2020-01-09", "cv_registered", "");
    row(3, "2020-02-01", "paid_hours", "month=2020-01|hours=12");
  }
  return out;
}

// Runs the import in a child process; returns its pid.
pid_t StartImport(const std::string& url, const std::string& path) {
  pid_t pid = fork();
  if (pid == 0) {
    auto store = EventStore::Open(url);
    if (!store.ok()) _exit(2);
    auto ref = ReferenceData::LoadEmbedded();
    ImportOptions options;
    options.reference = &*ref;
    options.imported_by = "crash-test";
    auto r = ImportEventsFile(path, **store, options);
    _exit(r.ok() ? 0 : 1);
  }
  return pid;
}

class ImportCrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportCrashTest, KilledImportLeavesAllOrNothing) {
  std::string skip = TestDatabase::SkipReason(GetParam());
  if (!skip.empty()) GTEST_SKIP() << skip;
  auto db = TestDatabase::Create(GetParam());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  {
    auto store = EventStore::Open(db->url());  // migrate before any child runs
    ASSERT_TRUE(store.ok()) << store.status().ToString();
  }
  // Calibrate: how long one whole import takes here.
  std::string first = db->dir() + "/batch0.csv";
  ASSERT_TRUE(WriteStringToFile(first, BigFile(0)).ok());
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = StartImport(db->url(), first);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "calibration import failed";
  auto full = std::chrono::steady_clock::now() - t0;
  const std::int64_t per_batch = 4 * kPersons;
  std::int64_t expected = per_batch;

  std::mt19937 rng(20240601);
  std::uniform_real_distribution<double> when(0.05, 1.6);
  int killed = 0, all = 0, none = 0;
  for (int batch = 1; batch <= 8; ++batch) {
    std::string path = db->dir() + fmt::format("/batch{}.csv", batch);
    ASSERT_TRUE(WriteStringToFile(path, BigFile(batch)).ok());
    pid = StartImport(db->url(), path);
    auto delay = std::chrono::duration_cast<std::chrono::microseconds>(full * when(rng));
    std::this_thread::sleep_for(delay);
    kill(pid, SIGKILL);
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status)) ++killed;
    auto store = EventStore::Open(db->url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto count = (*store)->CountEvents();
    ASSERT_TRUE(count.ok()) << count.status().ToString();
    ASSERT_TRUE(*count == expected || *count == expected + per_batch)
        << "partial import after kill at " << delay.count() << " us: " << *count << " events, "
        << "expected " << expected << " or " << expected + per_batch;
    if (*count == expected) {
      ++none;
    } else {
      ++all;
      expected += per_batch;
    }
  }
  // The store is still usable: a killed batch can be imported again in full.
  std::string again = db->dir() + "/batch1.csv";
  pid = StartImport(db->url(), again);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::cout << "[ crash    ] " << GetParam() << ": full import "
            << std::chrono::duration_cast<std::chrono::milliseconds>(full).count() << " ms; "
            << killed << " of 8 killed; afterwards " << none << " with none, " << all
            << " with all\n";
  EXPECT_GT(killed, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportCrashTest, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::cases
