// Backups and restores of SQLite databases and a store: consistent copies with a manifest, the key
// kept apart, private modes, every kind of tampering found, nothing overwritten on restore, and a
// backup taken while another connection writes holding every row committed before it began.
#include "backup/backup.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/file_util.h"
#include "db/sqlite_db.h"

namespace fremdrift::backup {
namespace {

namespace fs = std::filesystem;

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("fremdrift_backup_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "live");
    db_ = (dir_ / "live" / "events.db").string();
    auth_ = (dir_ / "live" / "auth.db").string();
    store_ = (dir_ / "live" / "demo.store").string();
    auto db = db::SqliteDb::Open(db_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("PRAGMA journal_mode=WAL; CREATE TABLE events(id INTEGER PRIMARY KEY, "
                         "what TEXT); INSERT INTO events(what) VALUES ('a'), ('b');")
                    .ok());
    auto auth = db::SqliteDb::Open(auth_);
    ASSERT_TRUE(auth.ok());
    ASSERT_TRUE(auth->Exec("CREATE TABLE users(name TEXT); INSERT INTO users VALUES ('x');").ok());
    ASSERT_TRUE(WriteStringToFile(store_, std::string(5000, 's')).ok());
    ASSERT_TRUE(WriteStringToFile(store_ + ".key", "00112233\n").ok());
    ASSERT_TRUE(WriteStringToFile(store_ + ".population.csv", "kommune\n657\n").ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::int64_t Count(const std::string& path, const std::string& table) {
    auto db = db::SqliteDb::Open(path);
    if (!db.ok()) return -1;
    auto st = db->Prepare("SELECT count(*) FROM " + table);
    if (!st.ok() || !st->Step().ok()) return -1;
    return st->ColumnInt64(0);
  }
  static unsigned Mode(const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
  }
  Sources All() const { return {store_, "sqlite:" + db_, auth_}; }

  fs::path dir_;
  std::string db_, auth_, store_;
};

TEST_F(BackupTest, CopiesEveryFileWithTheKeyApartAndPrivate) {
  const std::string out = (dir_ / "b1").string();
  auto m = TakeBackup(All(), out);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  std::vector<std::string> paths;
  for (const auto& f : m->files) paths.push_back(f.role + ":" + f.path);
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "cases:data/events.db", "auth:data/auth.db", "store:data/demo.store",
                       "population:data/demo.store.population.csv", "key:key/demo.store.key"}));
  EXPECT_EQ(Count(out + "/data/events.db", "events"), 2);
  EXPECT_EQ(Count(out + "/data/auth.db", "users"), 1);
  EXPECT_EQ(*ReadFileToString(out + "/key/demo.store.key"), "00112233\n");
  EXPECT_EQ(Mode(out), 0700u);
  EXPECT_EQ(Mode(fs::path(out) / "key"), 0700u);
  EXPECT_EQ(Mode(fs::path(out) / "key" / "demo.store.key"), 0600u);
  EXPECT_EQ(Mode(fs::path(out) / "data" / "events.db"), 0600u);
  EXPECT_EQ(Mode(fs::path(out) / "manifest.json"), 0600u);
  EXPECT_FALSE(fs::exists(out + ".partial"));
  EXPECT_TRUE(VerifyBackup(out).ok());
  // A second backup into the same folder is refused.
  EXPECT_EQ(TakeBackup(All(), out).status().code(), StatusCode::kAlreadyExists);
}

TEST_F(BackupTest, VerifyFindsAChangedAMissingAndAnExtraFile) {
  const std::string out = (dir_ / "b2").string();
  ASSERT_TRUE(TakeBackup(All(), out).ok());
  {
    std::fstream f(out + "/data/demo.store", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('X');
  }
  auto v = VerifyBackup(out);
  EXPECT_EQ(v.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(v.status().message().find("data/demo.store has changed"), std::string::npos)
      << v.status().ToString();
  // Restore checks first and writes nothing.
  const std::string to = (dir_ / "restored").string();
  EXPECT_EQ(Restore(out, to).status().code(), StatusCode::kDataLoss);
  EXPECT_FALSE(fs::exists(to));

  const std::string out3 = (dir_ / "b3").string();
  ASSERT_TRUE(TakeBackup(All(), out3).ok());
  fs::remove(out3 + "/key/demo.store.key");
  EXPECT_NE(VerifyBackup(out3).status().message().find("key/demo.store.key is missing"),
            std::string::npos);

  const std::string out4 = (dir_ / "b4").string();
  ASSERT_TRUE(TakeBackup(All(), out4).ok());
  ASSERT_TRUE(WriteStringToFile(out4 + "/data/extra.db", "x").ok());
  EXPECT_NE(VerifyBackup(out4).status().message().find("data/extra.db is not in the manifest"),
            std::string::npos);
}

TEST_F(BackupTest, RestoreKeepsNamesAndNeverOverwrites) {
  const std::string out = (dir_ / "b").string();
  ASSERT_TRUE(TakeBackup(All(), out).ok());
  const std::string to = (dir_ / "restored").string();
  auto r = Restore(out, to);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (const char* name :
       {"events.db", "auth.db", "demo.store", "demo.store.key", "demo.store.population.csv"}) {
    EXPECT_TRUE(fs::exists(fs::path(to) / name)) << name;
    EXPECT_EQ(Mode(fs::path(to) / name), 0600u) << name;
  }
  EXPECT_EQ(Count(to + "/events.db", "events"), 2);
  EXPECT_EQ(*ReadFileToString(to + "/demo.store"), std::string(5000, 's'));
  EXPECT_EQ(Restore(out, to).status().code(), StatusCode::kAlreadyExists);
}

TEST_F(BackupTest, RefusesPostgresqlAndNothingAndMissingSources) {
  EXPECT_EQ(TakeBackup({"", "postgresql://h/db", ""}, (dir_ / "x").string()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(TakeBackup({}, (dir_ / "x").string()).status().code(), StatusCode::kInvalidArgument);
  auto missing =
      TakeBackup({"", "sqlite:" + (dir_ / "nope.db").string(), ""}, (dir_ / "y").string());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ / "nope.db"));  // not created by the attempt
  EXPECT_FALSE(fs::exists(dir_ / "y"));
  EXPECT_FALSE(fs::exists(dir_ / "y.partial"));
}

// A writer commits rows one by one while the backup runs: the copy holds every row committed
// before the backup began, and is a consistent prefix (ids 1..n without a hole).
TEST_F(BackupTest, OnlineBackupHoldsEveryRowCommittedBeforeItBegan) {
  std::atomic<std::int64_t> committed{2};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    auto db = db::SqliteDb::Open(db_);
    ASSERT_TRUE(db.ok());
    while (!stop) {
      ASSERT_TRUE(db->Exec("INSERT INTO events(what) VALUES ('w')").ok());
      committed.fetch_add(1);
    }
  });
  while (committed.load() < 500) std::this_thread::yield();
  const std::int64_t before = committed.load();
  const std::string out = (dir_ / "online").string();
  auto m = TakeBackup({"", db_, ""}, out);
  stop = true;
  writer.join();
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const std::int64_t copied = Count(out + "/data/events.db", "events");
  EXPECT_GE(copied, before);
  EXPECT_LE(copied, committed.load());
  auto db = db::SqliteDb::Open(out + "/data/events.db");
  ASSERT_TRUE(db.ok());
  auto st = db->Prepare("SELECT max(id) FROM events");
  ASSERT_TRUE(st.ok() && st->Step().ok());
  EXPECT_EQ(st->ColumnInt64(0), copied);
}

}  // namespace
}  // namespace fremdrift::backup
