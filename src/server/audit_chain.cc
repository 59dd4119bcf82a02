#include "server/audit_chain.h"

#include <openssl/evp.h>

#include <memory>

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

Result<AuditChainReport> VerifyAuditChain(AuthStore& store) {
  AuditChainReport report;
  AuditFilter filter;
  filter.limit = 5000;
  std::string prev;
  std::int64_t prev_seq = 0;
  bool chained = false;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<AuditEntry> page, store.ReadAudit(filter));
    if (page.empty()) break;
    for (const AuditEntry& e : page) {
      ++report.entries;
      if (e.hash.empty()) {
        if (chained) {
          return DataLoss("audit entry {}: no hash after chained entries (inserted)", e.seq);
        }
        ++report.legacy;
        prev_seq = e.seq;
        continue;
      }
      if (chained && e.seq != prev_seq + 1) {
        return DataLoss("audit entry {}: follows entry {} ({} deleted)", e.seq, prev_seq,
                        e.seq - prev_seq == 2
                            ? fmt::format("entry {}", prev_seq + 1)
                            : fmt::format("entries {} to {}", prev_seq + 1, e.seq - 1));
      }
      if (AuditEntryHash(prev, e) != e.hash) {
        return DataLoss(
            "audit entry {}: its hash does not match (the entry or the one before it "
            "was changed, inserted or deleted)",
            e.seq);
      }
      chained = true;
      prev = e.hash;
      prev_seq = e.seq;
    }
    filter.after_seq = page.back().seq;
  }
  return report;
}

}  // namespace fremdrift::server
