// Retention and pruning of the audit log, on SQLite and PostgreSQL (the latter skipped with a
// message when FREMDRIFT_TEST_PG_URL is unset): periods parsed and turned into cutoffs; a prune
// archives exactly the entries before the cutoff into a signed file (mode 0600), removes them,
// leaves a log whose chain verifies from its anchor and records itself; archives are checked
// (changed byte, other key, re-signed edit, missing archive, wrong order); a failed prune leaves
// the log and the folder as they were.
#include "server/audit_prune.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "eventstore/test_database.h"
#include "server/audit_archive.h"
#include "server/audit_chain.h"

namespace fremdrift::server {
namespace {

namespace fs = std::filesystem;
using cases::TestDatabase;

TEST(RetentionPeriodTest, ParsesUnits) {
  struct Case {
    const char* text;
    int count;
    RetentionPeriod::Unit unit;
  };
  const Case cases[] = {{"6m", 6, RetentionPeriod::Unit::kMonths},
                        {"180d", 180, RetentionPeriod::Unit::kDays},
                        {"1y", 1, RetentionPeriod::Unit::kYears},
                        {"6 months", 6, RetentionPeriod::Unit::kMonths},
                        {"2 years", 2, RetentionPeriod::Unit::kYears},
                        {"30 dage", 30, RetentionPeriod::Unit::kDays},
                        {"5 år", 5, RetentionPeriod::Unit::kYears},
                        {"18 måneder", 18, RetentionPeriod::Unit::kMonths}};
  for (const Case& c : cases) {
    auto p = ParseRetentionPeriod(c.text);
    ASSERT_TRUE(p.ok()) << c.text << ": " << p.status().ToString();
    EXPECT_EQ(p->count, c.count) << c.text;
    EXPECT_EQ(p->unit, c.unit) << c.text;
  }
  for (const char* bad : {"", "6", "m", "0m", "-1m", "6w", "6 mo", "1.5y", "999999d"}) {
    auto p = ParseRetentionPeriod(bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_NE(p.status().message().find(std::string("'") + bad + "'"), std::string::npos)
        << p.status().ToString();
  }
}

std::int64_t Unix(const char* iso) {
  std::tm tm{};
  strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return timegm(&tm);
}

TEST(RetentionPeriodTest, CutoffKeepsTheDayOrTheMonthsLast) {
  struct Case {
    const char* now;
    const char* period;
    const char* cutoff;
  };
  const Case cases[] = {{"2026-12-07T10:30:00Z", "6m", "2026-06-07T10:30:00Z"},
                        {"2026-05-31T08:00:00Z", "3m", "2026-02-28T08:00:00Z"},
                        {"2024-02-29T00:00:00Z", "1y", "2023-02-28T00:00:00Z"},
                        {"2026-01-15T12:00:00Z", "13 months", "2024-12-15T12:00:00Z"},
                        {"2026-03-01T00:00:00Z", "1d", "2026-02-28T00:00:00Z"}};
  for (const Case& c : cases) {
    auto p = ParseRetentionPeriod(c.period);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(RetentionCutoff(*p, Unix(c.now)), c.cutoff) << c.now << " - " << c.period;
  }
}

AuditEntry Entry(const std::string& at, const std::string& action, const std::string& citizen) {
  AuditEntry e;
  e.at = at;
  e.username = "sb657";
  e.role = "caseworker";
  e.kommune = 657;
  e.action = action;
  e.what = "/api/v1/borgere/{person}";
  e.citizen = citizen;
  e.remote = "127.0.0.1";
  e.purpose = citizen.empty() ? "" : "sagsbehandling";
  return e;
}

AuditEntry Note() {
  AuditEntry e;
  e.username = "drift";
  e.role = "-";
  e.action = "audit_prune";
  e.what = "fremdrift audit prune";
  return e;
}

class AuditPruneTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string skip = TestDatabase::SkipReason(GetParam());
    if (!skip.empty()) GTEST_SKIP() << skip;
    auto db = TestDatabase::Create(GetParam());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(db).value());
    auto store = OpenAuthStore(db_->url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    archives_ = db_->dir() + "/archive";
    auto key = ReadArchiveKey(db_->dir() + "/archive.key", true);
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    key_ = *key;
    // Ten entries over ten months of 2025, in three batches.
    for (int batch = 0; batch < 3; ++batch) {
      std::vector<AuditEntry> entries;
      for (int i = 0; i < (batch == 2 ? 4 : 3); ++i) {
        const int month = batch * 3 + i + 1;
        entries.push_back(Entry(fmt::format("2025-{:02d}-10T09:00:00Z", month), "read",
                                fmt::format("p{}", month % 3)));
      }
      ASSERT_TRUE(store_->AppendAudit(entries).ok());
    }
  }
  Result<PruneReport> Prune(const std::string& cutoff) {
    PruneOptions o;
    o.cutoff = cutoff;
    o.archive_dir = archives_;
    o.key = key_;
    o.note = Note();
    return PruneAuditLog(*store_, o);
  }
  std::vector<AuditEntry> All() {
    AuditFilter f;
    auto r = store_->ReadAudit(f);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<AuditEntry>{};
  }
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static void Spit(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
  }

  std::optional<TestDatabase> db_;
  std::unique_ptr<AuthStore> store_;
  std::string archives_, key_;
};

TEST_P(AuditPruneTest, ArchivesRemovesAndLeavesAVerifiableLog) {
  auto r = Prune("2025-05-01T00:00:00Z");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->pruned, 4);
  EXPECT_EQ(fs::path(r->archive_path).filename(), "audit-00000001-00000004.jsonl");
  struct stat st {};
  ASSERT_EQ(::stat(r->archive_path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);

  auto left = All();
  ASSERT_EQ(left.size(), 7u);  // entries 5..10 and the prune's own entry
  EXPECT_EQ(left.front().seq, 5);
  EXPECT_EQ(left.back().seq, 11);
  EXPECT_EQ(left.back().action, "audit_prune");
  EXPECT_NE(left.back().detail.find("entries 1 to 4"), std::string::npos) << left.back().detail;
  auto anchor = store_->ReadAuditAnchor();
  ASSERT_TRUE(anchor.ok());
  EXPECT_EQ(anchor->seq, 4);

  auto alone = VerifyAuditChain(*store_);
  ASSERT_TRUE(alone.ok()) << alone.status().ToString();
  EXPECT_EQ(alone->entries, 7);
  EXPECT_EQ(alone->pruned_up_to, 4);

  auto archive = ReadAuditArchive(r->archive_path, key_);
  ASSERT_TRUE(archive.ok()) << archive.status().ToString();
  EXPECT_EQ(archive->entries.size(), 4u);
  EXPECT_EQ(archive->entries.front().at, "2025-01-10T09:00:00Z");
  auto with = VerifyAuditChain(*store_, {&*archive});
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  EXPECT_EQ(with->archived, 4);

  // The chain goes on after the prune, and a reopened store continues it.
  ASSERT_TRUE(store_->AppendAudit({Entry("2025-12-01T00:00:00Z", "read", "p1")}).ok());
  auto reopened = OpenAuthStore(db_->url());
  ASSERT_TRUE(reopened.ok());
  ASSERT_TRUE((*reopened)->AppendAudit({Entry("2025-12-02T00:00:00Z", "read", "p2")}).ok());
  EXPECT_TRUE(VerifyAuditChain(**reopened, {&*archive}).ok());
}

TEST_P(AuditPruneTest, SecondPruneLinksOnAndEveryArchiveIsNeeded) {
  auto r1 = Prune("2025-03-01T00:00:00Z");
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_EQ(r1->pruned, 2);
  auto r2 = Prune("2025-08-01T00:00:00Z");
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->pruned, 5);  // entries 3..7
  auto a1 = ReadAuditArchive(r1->archive_path, key_);
  auto a2 = ReadAuditArchive(r2->archive_path, key_);
  ASSERT_TRUE(a1.ok() && a2.ok());
  EXPECT_EQ(a2->prev_hash, a1->last_hash);
  // Given in either order, both archives and the log make one chain.
  auto both = VerifyAuditChain(*store_, {&*a2, &*a1});
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_EQ(both->archived, 7);
  // The newer archive alone still links to the log; the older alone leaves a gap.
  EXPECT_TRUE(VerifyAuditChain(*store_, {&*a2}).ok());
  auto gap = VerifyAuditChain(*store_, {&*a1});
  ASSERT_FALSE(gap.ok());
  EXPECT_NE(gap.status().message().find("audit entry 3: pruned, but in no archive given"),
            std::string::npos)
      << gap.status().ToString();
}

TEST_P(AuditPruneTest, ChangedArchiveIsRefused) {
  auto r = Prune("2025-05-01T00:00:00Z");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string original = Slurp(r->archive_path);
  // One byte changed: the signature no longer matches.
  std::string changed = original;
  changed.replace(changed.find("sb657"), 5, "sb658");
  Spit(r->archive_path, changed);
  auto a = ReadAuditArchive(r->archive_path, key_);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("signature does not match"), std::string::npos);
  // Another key: refused the same way.
  Spit(r->archive_path, original);
  EXPECT_FALSE(ReadAuditArchive(r->archive_path, std::string(32, 'x')).ok());
  // An entry edited and the file signed again by whoever holds the key: the chain names it.
  auto good = ReadAuditArchive(r->archive_path, key_);
  ASSERT_TRUE(good.ok());
  AuditArchive edited = *good;
  edited.entries[1].purpose = "tilsyn";
  fs::remove(r->archive_path);
  ASSERT_TRUE(WriteAuditArchive(r->archive_path, key_, edited).ok());
  auto resigned = ReadAuditArchive(r->archive_path, key_);
  ASSERT_TRUE(resigned.ok());
  auto v = VerifyAuditChain(*store_, {&*resigned});
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("audit entry 2: its hash does not match"), std::string::npos)
      << v.status().ToString();
  EXPECT_NE(v.status().ToString().find(r->archive_path), std::string::npos);
}

TEST_P(AuditPruneTest, NothingToPruneOnlyRecordsTheRun) {
  auto r = Prune("2024-01-01T00:00:00Z");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->pruned, 0);
  EXPECT_TRUE(r->archive_path.empty());
  auto left = All();
  ASSERT_EQ(left.size(), 11u);
  EXPECT_EQ(left.back().action, "audit_prune");
  EXPECT_FALSE(fs::exists(archives_) && !fs::is_empty(archives_));
}

TEST_P(AuditPruneTest, FailedPruneLeavesTheLogAsItWas) {
  // The archive's name is taken: nothing is written and nothing removed.
  fs::create_directories(archives_);
  Spit(archives_ + "/" + AuditArchiveFileName(1, 4), "someone else's file\n");
  auto r = Prune("2025-05-01T00:00:00Z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(All().size(), 10u);
  EXPECT_EQ(Slurp(archives_ + "/" + AuditArchiveFileName(1, 4)), "someone else's file\n");
  auto anchor = store_->ReadAuditAnchor();
  ASSERT_TRUE(anchor.ok());
  EXPECT_EQ(anchor->seq, 0);
  // The store refuses a prune whose last entry is not what was archived, and removes nothing.
  auto entries = All();
  Status s = store_->PruneAudit({4, "not-the-hash"}, "x.jsonl", Note());
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_EQ(All().size(), 10u);
  EXPECT_TRUE(VerifyAuditChain(*store_).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditPruneTest, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::server
