// A citizen's access request: the citizen's reads and writes, from archives and the log, in
// order, once each; other citizens, refused reads and entries without a citizen left out.
#include "server/audit_access_request.h"

#include <gtest/gtest.h>

#include "eventstore/test_database.h"
#include "server/audit_prune.h"

namespace fremdrift::server {
namespace {

using cases::TestDatabase;

AuditEntry Entry(const std::string& at, const std::string& action, const std::string& what,
                 const std::string& citizen, const std::string& purpose) {
  AuditEntry e;
  e.at = at;
  e.username = "sb657";
  e.role = "caseworker";
  e.kommune = 657;
  e.action = action;
  e.what = what;
  e.citizen = citizen;
  e.remote = "10.0.0.7";
  e.purpose = purpose;
  return e;
}

TEST(CitizenLookupsTest, ArchivesAndLogInOrderWithoutOthers) {
  auto db = TestDatabase::Create("sqlite");
  ASSERT_TRUE(db.ok());
  auto store = OpenAuthStore(db->url());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  const std::string me(32, 'a'), other(32, 'b');
  ASSERT_TRUE(
      (*store)
          ->AppendAudit(
              {Entry("2025-01-02T08:00:00Z", "read", "/api/v1/borgere", me, "sagsbehandling"),
               Entry("2025-01-02T08:00:00Z", "read", "/api/v1/borgere", other, "sagsbehandling"),
               Entry("2025-02-03T09:00:00Z", "denied", "/api/v1/borgere/{person}", me, ""),
               Entry("2025-03-04T10:00:00Z", "login", "/api/v1/login", "", "")})
          .ok());
  PruneOptions o;
  o.cutoff = "2025-06-01T00:00:00Z";
  o.archive_dir = db->dir() + "/archive";
  auto key = ReadArchiveKey(db->dir() + "/key", true);
  ASSERT_TRUE(key.ok());
  o.key = *key;
  o.note.username = "drift";
  o.note.action = "audit_prune";
  auto pruned = PruneAuditLog(**store, o);
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  ASSERT_TRUE(
      (*store)
          ->AppendAudit(
              {Entry("2025-07-05T11:00:00Z", "read", "/api/v1/borgere/{person}", me, "klagesag"),
               Entry("2025-07-06T12:00:00Z", "write", "/api/v1/events", me, ""),
               Entry("2025-07-07T13:00:00Z", "read", "/api/v1/borgere/{person}", other, "tilsyn")})
          .ok());
  auto archive = ReadAuditArchive(pruned->archive_path, o.key);
  ASSERT_TRUE(archive.ok());

  // The archive given twice still lists each look-up once.
  auto found = CitizenLookups(**store, {&*archive, &*archive}, me);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 3u);
  EXPECT_EQ((*found)[0].at, "2025-01-02T08:00:00Z");
  EXPECT_EQ((*found)[0].purpose, "sagsbehandling");
  EXPECT_EQ(CitizenLookupKind((*found)[0]), "opslag i borgerlisten");
  EXPECT_EQ((*found)[1].purpose, "klagesag");
  EXPECT_EQ(CitizenLookupKind((*found)[1]), "opslag på borgeren");
  EXPECT_EQ((*found)[1].kommune, 657);
  EXPECT_EQ(CitizenLookupKind((*found)[2]), "registrering på borgeren");

  // Without the archive, only what the log still holds.
  auto recent = CitizenLookups(**store, {}, me);
  ASSERT_TRUE(recent.ok());
  EXPECT_EQ(recent->size(), 2u);
  auto none = CitizenLookups(**store, {}, std::string(32, 'c'));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace fremdrift::server
