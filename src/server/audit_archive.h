// Signed archive files of pruned audit entries: JSON lines (a header line with the entry range
// and the hash the first entry builds on, one line per entry with every field and its chain hash,
// and a last line with an HMAC-SHA256 over all lines before it, under a key kept apart from the
// archives, mode 0600). An archive changed anywhere, or signed with another key, does not read.
// Written atomically (a temporary file, fsync, rename). Thread-safety: free functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "server/auth_store.h"

namespace fremdrift::server {

struct AuditArchive {
  std::string path;  // where it was read from or written to
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
  std::string prev_hash;  // the link the first entry builds on ("" for the log's very start)
  std::string last_hash;  // the last entry's hash (the log's anchor after the prune)
  std::string created;    // "YYYY-MM-DDTHH:MM:SSZ"
  std::vector<AuditEntry> entries;
};

// The archive signing key at `path` (64 hex digits, mode 0600); created when `create` and the
// file is missing.
Result<std::string> ReadArchiveKey(const std::string& path, bool create);

// "audit-00000001-00000042.jsonl" for entries 1 to 42.
std::string AuditArchiveFileName(std::int64_t first_seq, std::int64_t last_seq);

// Writes `archive` (its entries consecutive, from first_seq; path, first/last seq and last_hash
// filled in from them) to `path`, mode 0600, atomically; AlreadyExists when `path` exists.
Status WriteAuditArchive(const std::string& path, const std::string& key,
                         const AuditArchive& archive);

// Reads and checks an archive: DataLoss naming the file when the signature does not match
// (changed, or another key), and naming the line when the header or an entry is malformed or the
// header does not describe the entries. The chain itself is walked by VerifyAuditChain.
Result<AuditArchive> ReadAuditArchive(const std::string& path, const std::string& key);

}  // namespace fremdrift::server
