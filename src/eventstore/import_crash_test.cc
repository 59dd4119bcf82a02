// Crash test: an import process is killed (SIGKILL) at random points; afterwards the store must
// hold either all of that import's events or none of them, on both backends. The import runs in a
// forked child, so the kill hits a real process in the middle of parsing, checking or committing.
// One more import is held inside its transaction, after it has written half of its events, by a
// test-only trigger, and killed there: it must leave the store as it was (rolled back).
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "db/connection.h"
#include "eventstore/event_import.h"
#include "eventstore/test_database.h"
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

// `kPersons` citizens of four events each whose ids ascend (the pipelined path into an empty
// store, when parsed in pieces).
std::string AscendingFile() {
  std::string out = "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at\n";
  for (int p = 0; p < kPersons; ++p) {
    out += fmt::format(
        "a{0:05d}_0;A{0};657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-03-01T08:00:00\n"
        "a{0:05d}_1;A{0};657;2020-01-08;jobformidler_assigned;jobformidler=JF;sb;"
        "2020-03-01T08:00:00\n"
        "a{0:05d}_2;A{0};657;2020-01-09;cv_registered;;sb;2020-03-01T08:00:00\n"
        "a{0:05d}_3;A{0};657;2020-02-01;paid_hours;month=2020-01|hours=12;sb;2020-03-01T08:00:00\n",
        p);
  }
  return out;
}

// Runs the import in a child process (parsing in pieces of `piece_bytes`); returns its pid.
pid_t StartImport(const std::string& url, const std::string& path,
                  std::size_t piece_bytes = ImportOptions{}.parse_piece_bytes) {
  pid_t pid = fork();
  if (pid == 0) {
    auto store = EventStore::Open(url);
    if (!store.ok()) _exit(2);
    auto ref = ReferenceData::LoadEmbedded();
    ImportOptions options;
    options.reference = &*ref;
    options.imported_by = "crash-test";
    options.parse_piece_bytes = piece_bytes;
    auto r = ImportEventsFile(path, **store, options);
    _exit(r.ok() ? 0 : 1);
  }
  return pid;
}

// SQLite: a function `crash_test_stall()` on every connection this process (and its children)
// opens. It tells the parent through a pipe that it was reached, then waits to be killed.
int g_stall_fd = -1;
void CrashTestStall(sqlite3_context* ctx, int, sqlite3_value**) {
  const char c = 'w';
  if (g_stall_fd < 0 || write(g_stall_fd, &c, 1) != 1) {
    sqlite3_result_error(ctx, "crash_test_stall: no pipe", -1);
    return;
  }
  for (;;) pause();
}
int RegisterCrashTestStall(sqlite3* db, char**, const sqlite3_api_routines*) {
  return sqlite3_create_function(db, "crash_test_stall", 0, SQLITE_UTF8, nullptr, CrashTestStall,
                                 nullptr, nullptr);
}

// The event in the middle of a stall batch, where the trigger holds the import.
std::string StallEventId(int batch) { return fmt::format("b{}_{}_0", batch, kPersons / 2); }

// Installs the trigger that holds an import inside its transaction once it has inserted
// StallEventId(batch) (half the file's events, after the imports row). PostgreSQL: the trigger
// bumps a sequence (sequences ignore rollback, so the parent sees it) and then waits for an
// advisory lock the parent holds.
// `when`: "AFTER" or "BEFORE" (PostgreSQL fires an AFTER row trigger at the end of its
// statement, a BEFORE one as the row goes in, in the middle of a COPY).
Status InstallStallTrigger(EventStore& store, const std::string& id,
                           std::string_view when = "AFTER") {
  if (store.backend() == "sqlite") {
    return store.ExecuteForTest(
        fmt::format("CREATE TRIGGER crash_test_stall AFTER INSERT ON events WHEN NEW.event_id = "
                    "'{}' BEGIN SELECT crash_test_stall(); END",
                    id));
  }
  return store.ExecuteForTest(fmt::format(
      "CREATE SEQUENCE crash_test_reached; "
      "CREATE FUNCTION crash_test_stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "PERFORM nextval('crash_test_reached'); PERFORM pg_advisory_xact_lock(74201); RETURN NEW; "
      "END $$; "
      "CREATE TRIGGER crash_test_stall {} INSERT ON events FOR EACH ROW WHEN (NEW.event_id = "
      "'{}') EXECUTE FUNCTION crash_test_stall()",
      when, id));
}

Status InstallStallTrigger(EventStore& store, int batch) {
  return InstallStallTrigger(store, StallEventId(batch));
}

// Starts an import of `path` whose events hold the stall trigger's event, waits until the import
// is inside the trigger (inside its transaction, after writing part of its events), and kills it
// there (SIGKILL). A failure is a fatal gtest failure in the caller.
void ImportAndKillInsideTrigger(const std::string& backend, const std::string& url,
                                const std::string& path,
                                std::size_t piece_bytes = ImportOptions{}.parse_piece_bytes) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  g_stall_fd = pipe_fds[1];
  std::unique_ptr<EventStore> lock_holder;  // PostgreSQL: holds the lock the trigger waits for
  if (backend == "postgresql") {
    auto store = EventStore::Open(url);
    ASSERT_TRUE(store.ok());
    lock_holder = std::move(*store);
    ASSERT_TRUE(lock_holder->ExecuteForTest("SELECT pg_advisory_lock(74201)").ok());
  }
  pid_t pid = StartImport(url, path, piece_bytes);
  g_stall_fd = -1;
  close(pipe_fds[1]);
  int status = 0;
  // Wait until the child is inside the trigger (or has ended, which fails the test).
  bool reached = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!reached && std::chrono::steady_clock::now() < deadline) {
    if (lock_holder) {
      reached = lock_holder
                    ->ExecuteForTest(
                        "DO $$ BEGIN IF NOT (SELECT is_called FROM crash_test_reached) THEN "
                        "RAISE EXCEPTION 'not yet'; END IF; END $$")
                    .ok();
      if (!reached) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    } else {
      pollfd p{pipe_fds[0], POLLIN, 0};
      char c;
      reached = poll(&p, 1, 100) == 1 && read(pipe_fds[0], &c, 1) == 1;
    }
    if (!reached && waitpid(pid, &status, WNOHANG) == pid) {
      close(pipe_fds[0]);
      FAIL() << "the stalled import ended by itself (status " << status << ")";
    }
  }
  close(pipe_fds[0]);
  kill(pid, SIGKILL);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(reached) << "the import never reached the trigger";
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  // PostgreSQL: let the killed import's server session go on; with its client gone it can only
  // roll back (opening a store waits for it, as it holds the store's append lock).
}

// Makes crash_test_stall() known to every SQLite connection opened while it lives (children
// included).
class StallFunction {
 public:
  StallFunction() {
    ok_ = sqlite3_auto_extension(reinterpret_cast<void (*)()>(RegisterCrashTestStall)) ==
          SQLITE_OK;
  }
  ~StallFunction() {
    sqlite3_cancel_auto_extension(reinterpret_cast<void (*)()>(RegisterCrashTestStall));
  }
  bool ok() const { return ok_; }

 private:
  bool ok_ = false;
};

class ImportCrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportCrashTest, KilledImportLeavesAllOrNothing) {
  std::string skip = TestDatabase::SkipReason(GetParam());
  if (!skip.empty()) GTEST_SKIP() << skip;
  auto db = TestDatabase::Create(GetParam());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  // Every SQLite connection opened from here on (children included) knows crash_test_stall().
  StallFunction stall_function;
  ASSERT_TRUE(stall_function.ok());
  constexpr int kStallBatch = 9;
  {
    auto store = EventStore::Open(db->url());  // migrate before any child runs
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Status st = InstallStallTrigger(**store, kStallBatch);
    ASSERT_TRUE(st.ok()) << st.ToString();
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
  bool batch1_stored = false;
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
      batch1_stored |= batch == 1;
    }
  }
  // The store is still usable: a killed batch can be imported again in full.
  std::string again = db->dir() + "/batch1.csv";
  pid = StartImport(db->url(), again);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  {
    auto store = EventStore::Open(db->url());
    ASSERT_TRUE(store.ok());
    auto count = (*store)->CountEvents();
    ASSERT_TRUE(count.ok());
    if (!batch1_stored) expected += per_batch;  // batch 1 had been killed before its commit
    ASSERT_EQ(*count, expected);
  }
  std::cout << "[ crash    ] " << GetParam() << ": full import "
            << std::chrono::duration_cast<std::chrono::milliseconds>(full).count() << " ms; "
            << killed << " of 8 killed; afterwards " << none << " with none, " << all
            << " with all\n";
  EXPECT_GT(killed, 0);

  // A kill that certainly lands after the import's first write: the stall batch is held by the
  // trigger after inserting its imports row and half its events, and killed there.
  std::string stall = db->dir() + fmt::format("/batch{}.csv", kStallBatch);
  ASSERT_TRUE(WriteStringToFile(stall, BigFile(kStallBatch)).ok());
  ImportAndKillInsideTrigger(GetParam(), db->url(), stall);
  if (HasFatalFailure()) return;
  {
    auto store = EventStore::Open(db->url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto count = store->get()->CountEvents();
    ASSERT_TRUE(count.ok()) << count.status().ToString();
    EXPECT_EQ(*count, expected) << "a kill after the first write left part of the import";
  }
}

// A first import large enough for the bulk path (SQLite drops its secondary indexes, inserts the
// rows and builds the indexes again, all in one transaction), killed half-way through its rows:
// the store is as before (empty, with its indexes), and the same file imports in full afterwards.
TEST_P(ImportCrashTest, KilledBulkImportLeavesTheStoreAsItWas) {
  std::string skip = TestDatabase::SkipReason(GetParam());
  if (!skip.empty()) GTEST_SKIP() << skip;
  auto db = TestDatabase::Create(GetParam());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  StallFunction stall_function;
  ASSERT_TRUE(stall_function.ok());
  {
    auto store = EventStore::Open(db->url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Status st = InstallStallTrigger(**store, 0);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  std::string path = db->dir() + "/batch0.csv";
  ASSERT_TRUE(WriteStringToFile(path, BigFile(0)).ok());  // 12,000 events: the bulk path
  ImportAndKillInsideTrigger(GetParam(), db->url(), path);
  if (HasFatalFailure()) return;
  auto store = EventStore::Open(db->url());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->CountEvents(), 0);
  if (GetParam() == "sqlite") {
    auto conn = db::Connection::Open(db->url());
    ASSERT_TRUE(conn.ok());
    auto q = (*conn)->Prepare(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('events_person', "
        "'events_recorded_at')");
    ASSERT_TRUE(q.ok());
    auto row = (*q)->Step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ((*q)->ColumnInt64(0), 2) << "the dropped indexes must come back with the rollback";
  }
  const char* drop = GetParam() == "sqlite" ? "DROP TRIGGER crash_test_stall"
                                            : "DROP TRIGGER crash_test_stall ON events";
  ASSERT_TRUE((*store)->ExecuteForTest(drop).ok());
  pid_t pid = StartImport(db->url(), path);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(*(*store)->CountEvents(), 4 * kPersons);
}

// A pipelined first import (ids ascending, parsed in pieces: the pieces parsed first are inserted
// while the rest are parsed), killed inside its transaction after half its rows: the store is as
// before (empty, no import recorded, its indexes in place), and the file imports in full after.
TEST_P(ImportCrashTest, KilledPipelinedImportLeavesTheStoreAsItWas) {
  std::string skip = TestDatabase::SkipReason(GetParam());
  if (!skip.empty()) GTEST_SKIP() << skip;
  auto db = TestDatabase::Create(GetParam());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  StallFunction stall_function;
  ASSERT_TRUE(stall_function.ok());
  {
    auto store = EventStore::Open(db->url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Status st = InstallStallTrigger(**store, fmt::format("a{:05d}_0", kPersons / 2), "BEFORE");
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  std::string path = db->dir() + "/ascending.csv";
  ASSERT_TRUE(WriteStringToFile(path, AscendingFile()).ok());
  constexpr std::size_t kPiece = 32 << 10;
  ImportAndKillInsideTrigger(GetParam(), db->url(), path, kPiece);
  if (HasFatalFailure()) return;
  auto store = EventStore::Open(db->url());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->CountEvents(), 0);
  auto conn = db::Connection::Open(db->url());
  ASSERT_TRUE(conn.ok());
  {
    auto q = (*conn)->Prepare(
        GetParam() == "sqlite"
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
              "('events_person', 'events_recorded_at')"
            : "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'events' AND indexname IN "
              "('events_person', 'events_recorded_at')");
    ASSERT_TRUE(q.ok());
    auto row = (*q)->Step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ((*q)->ColumnInt64(0), 2) << "the dropped indexes must come back with the rollback";
  }
  {
    auto q = (*conn)->Prepare("SELECT COUNT(*) FROM imports");
    ASSERT_TRUE(q.ok());
    auto row = (*q)->Step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ((*q)->ColumnInt64(0), 0) << "the import's record must go with the rollback";
  }
  const char* drop = GetParam() == "sqlite" ? "DROP TRIGGER crash_test_stall"
                                            : "DROP TRIGGER crash_test_stall ON events";
  ASSERT_TRUE((*store)->ExecuteForTest(drop).ok());
  pid_t pid = StartImport(db->url(), path, kPiece);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(*(*store)->CountEvents(), 4 * kPersons);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportCrashTest, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::cases
