#include "server/audit_chain.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>

#include "server/audit_archive.h"

namespace fremdrift::server {

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string AuditEntryHash(const std::string& prev_hash, const AuditEntry& e) {
  // Fields separated by the unit separator, which no field holds (they are short texts).
  const std::string text = fmt::format(
      "{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", prev_hash, e.seq, e.at,
      e.username, e.role, e.kommune, e.action, e.what, e.citizen, e.detail, e.remote);
  // The purpose of a citizen lookup joins the hashed text only when there is one, so entries
  // written before purposes existed (and entries without one) hash as they always did.
  if (!e.purpose.empty()) return Sha256Hex(text + "\x1f" + e.purpose);
  return Sha256Hex(text);
}

AuditChainWalker::AuditChainWalker(AuditAnchor start)
    : last_(std::move(start)), chained_(last_.seq > 0 && !last_.hash.empty()) {}

Status AuditChainWalker::Next(const AuditEntry& e) {
  if (e.hash.empty()) {
    if (chained_)
      return DataLoss("audit entry {}: no hash after chained entries (inserted)", e.seq);
    ++legacy_;
    last_ = {e.seq, ""};
    return Status::Ok();
  }
  if ((chained_ || last_.seq > 0) && e.seq != last_.seq + 1) {
    if (e.seq <= last_.seq) {
      return DataLoss("audit entry {}: follows entry {} (out of order)", e.seq, last_.seq);
    }
    return DataLoss("audit entry {}: follows entry {} ({} deleted)", e.seq, last_.seq,
                    e.seq - last_.seq == 2
                        ? fmt::format("entry {}", last_.seq + 1)
                        : fmt::format("entries {} to {}", last_.seq + 1, e.seq - 1));
  }
  if (AuditEntryHash(last_.hash, e) != e.hash) {
    return DataLoss(
        "audit entry {}: its hash does not match (the entry or the one before it "
        "was changed, inserted or deleted)",
        e.seq);
  }
  chained_ = true;
  last_ = {e.seq, e.hash};
  return Status::Ok();
}

Result<AuditChainReport> VerifyAuditChain(AuthStore& store,
                                          std::vector<const AuditArchive*> archives) {
  AuditChainReport report;
  ASSIGN_OR_RETURN(AuditAnchor anchor, store.ReadAuditAnchor());
  report.pruned_up_to = anchor.seq;
  std::sort(archives.begin(), archives.end(), [](const AuditArchive* a, const AuditArchive* b) {
    return a->first_seq < b->first_seq;
  });
  if (!archives.empty()) {
    AuditChainWalker walker({archives.front()->first_seq - 1, archives.front()->prev_hash});
    for (const AuditArchive* a : archives) {
      for (const AuditEntry& e : a->entries) {
        if (Status s = walker.Next(e); !s.ok()) return s.WithContext(a->path);
        ++report.archived;
      }
    }
    if (walker.last().seq < anchor.seq) {
      return DataLoss(
          "audit entry {}: pruned, but in no archive given (the archives end at "
          "entry {}; the log's first entries were pruned up to entry {})",
          walker.last().seq + 1, walker.last().seq, anchor.seq);
    }
    if (walker.last().seq > anchor.seq || walker.last().hash != anchor.hash) {
      return DataLoss(
          "audit entry {}: the log's prune anchor (entry {}) does not match the archives' "
          "last entry (archive {})",
          anchor.seq + 1, anchor.seq, archives.back()->path);
    }
  }
  AuditChainWalker walker(anchor);
  AuditFilter filter;
  filter.limit = 5000;
  filter.after_seq = 0;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<AuditEntry> page, store.ReadAudit(filter));
    if (page.empty()) break;
    for (const AuditEntry& e : page) {
      ++report.entries;
      RETURN_IF_ERROR(walker.Next(e));
    }
    filter.after_seq = page.back().seq;
  }
  report.legacy = walker.legacy();
  return report;
}

}  // namespace fremdrift::server
