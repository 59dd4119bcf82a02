// The audit log as a hash chain: each entry carries SHA-256 over the previous entry's hash and its
// own number and fields, so an entry changed, inserted or deleted in the database (even by the
// file's owner, who can drop the append-only triggers) breaks the chain from that entry on.
// `fremdrift audit verify` walks it (docs/security.md). Deleting the newest entries leaves a
// shorter chain that still verifies: keep the count of a recent verify (or a backup) to compare.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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
  std::int64_t entries = 0;  // entries read
  std::int64_t legacy = 0;   // entries written before the chain existed (no hash), at the start
};

// Walks the whole log in order. DataLoss naming the first bad entry ("audit entry 17: ...") when
// an entry's hash does not match, a number is missing (a deleted entry) or out of order, or an
// entry without a hash follows a chained one.
Result<AuditChainReport> VerifyAuditChain(AuthStore& store);

}  // namespace fremdrift::server
