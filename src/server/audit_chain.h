// The audit log as a hash chain: each entry carries SHA-256 over the previous entry's hash and its
// own number and fields, so an entry changed, inserted or deleted in the database (even by the
// file's owner, who can drop the append-only triggers) breaks the chain from that entry on.
// `fremdrift audit verify` walks it (docs/security.md). Deleting the newest entries leaves a
// shorter chain that still verifies: keep the count of a recent verify (or a backup) to compare.
// A pruned log starts on the anchor its prune left (the archived entries' last hash), and the
// signed archives (audit_archive.h) can be walked in front of it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "server/auth_store.h"

namespace fremdrift::server {

// SHA-256 of `text`, lower-case hex.
std::string Sha256Hex(std::string_view text);

// The link of `e` (its seq, at, username, role, kommune, action, what, citizen, detail, remote,
// and its purpose when it has one) after `prev_hash` ("" for the first entry): lower-case hex
// SHA-256.
std::string AuditEntryHash(const std::string& prev_hash, const AuditEntry& e);

struct AuditChainReport {
  std::int64_t entries = 0;   // entries read from the log
  std::int64_t legacy = 0;    // entries written before the chain existed (no hash), at the start
  std::int64_t archived = 0;  // entries read from archives
  std::int64_t pruned_up_to = 0;  // the log's anchor: entries up to this number were pruned
};

// Follows a chain entry by entry from a starting link (an anchor, or {0, ""} for the start).
class AuditChainWalker {
 public:
  explicit AuditChainWalker(AuditAnchor start);
  // DataLoss naming `e` ("audit entry 17: ...") when its hash does not match, a number is
  // missing (a deleted entry) or out of order, or it has no hash but follows a chained entry.
  Status Next(const AuditEntry& e);
  // The last entry walked (the start when none).
  const AuditAnchor& last() const { return last_; }
  std::int64_t legacy() const { return legacy_; }

 private:
  AuditAnchor last_;
  bool chained_ = false;
  std::int64_t legacy_ = 0;
};

struct AuditArchive;

// Walks the archives (in order of their first entry; each one's entries must continue the one
// before, and the last must end on the log's anchor) and then the whole log in order, from its
// anchor. DataLoss naming the first bad entry, an entry in no archive ("audit entry 17: pruned,
// but in no archive given"), or a broken link between archive and log.
Result<AuditChainReport> VerifyAuditChain(AuthStore& store,
                                          std::vector<const AuditArchive*> archives = {});

}  // namespace fremdrift::server
