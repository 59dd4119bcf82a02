// Retention of the audit log: "6m", "180d", "1y" (or "6 months", "180 days", "1 year", and the
// Danish "6 måneder", "180 dage", "1 år") as a cutoff time, and the prune itself: the oldest
// entries before the cutoff are written to a signed archive (audit_archive.h), then removed in
// one transaction that records the anchor the remaining chain builds on and appends an audit entry
// for the prune. A failed prune leaves the log and the archive folder as they were.
// Thread-safety: free functions; the store serialises.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "server/auth_store.h"

namespace fremdrift::server {

struct RetentionPeriod {
  enum class Unit { kDays, kMonths, kYears };
  int count = 0;
  Unit unit = Unit::kMonths;
};

// InvalidArgument naming the text for anything but a positive whole number and a unit.
Result<RetentionPeriod> ParseRetentionPeriod(std::string_view text);
// The moment `period` before `now_unix`, as "YYYY-MM-DDTHH:MM:SSZ" (a month back from 31 May is
// 30 April: the day is kept where the month has it, else its last day).
std::string RetentionCutoff(const RetentionPeriod& period, std::int64_t now_unix);

struct PruneOptions {
  std::string cutoff;       // entries written before this ("YYYY-MM-DDTHH:MM:SSZ") go
  std::string archive_dir;  // where the archive file is written
  std::string key;          // the archive signing key (ReadArchiveKey)
  AuditEntry note;          // the prune's own audit entry (who, what); detail is filled in
};

struct PruneReport {
  std::int64_t pruned = 0;   // entries archived and removed
  std::string archive_path;  // "" when nothing was pruned
  AuditAnchor anchor;        // the log's anchor afterwards
};

// Checks the chain (VerifyAuditChain; a broken log is not archived under a fresh signature),
// then archives and removes every entry from the start of the log up to the last one written
// before the cutoff. With nothing to prune only the note is appended.
Result<PruneReport> PruneAuditLog(AuthStore& store, const PruneOptions& options);

}  // namespace fremdrift::server
