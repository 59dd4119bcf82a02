#include "server/audit_access_request.h"

#include <algorithm>
#include <set>

namespace fremdrift::server {
namespace {

bool Counts(const AuditEntry& e, const std::string& pseudonym) {
  return e.citizen == pseudonym && (e.action == "read" || e.action == "write");
}

CitizenLookup FromEntry(const AuditEntry& e) {
  return {e.at, e.action, e.what, e.purpose, e.kommune};
}

}  // namespace

Result<std::vector<CitizenLookup>> CitizenLookups(AuthStore& store,
                                                  const std::vector<const AuditArchive*>& archives,
                                                  const std::string& pseudonym) {
  if (pseudonym.empty()) return InvalidArgument("no pseudonym");
  std::vector<std::pair<std::int64_t, CitizenLookup>> found;
  std::set<std::int64_t> seen;
  for (const AuditArchive* a : archives) {
    for (const AuditEntry& e : a->entries) {
      if (Counts(e, pseudonym) && seen.insert(e.seq).second)
        found.emplace_back(e.seq, FromEntry(e));
    }
  }
  AuditFilter filter;
  filter.citizen = pseudonym;
  filter.limit = 5000;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<AuditEntry> page, store.ReadAudit(filter));
    if (page.empty()) break;
    for (const AuditEntry& e : page) {
      if (Counts(e, pseudonym) && seen.insert(e.seq).second)
        found.emplace_back(e.seq, FromEntry(e));
    }
    filter.after_seq = page.back().seq;
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CitizenLookup> out;
  out.reserve(found.size());
  for (auto& [seq, lookup] : found) out.push_back(std::move(lookup));
  return out;
}

std::string CitizenLookupKind(const CitizenLookup& lookup) {
  if (lookup.action == "write") return "registrering på borgeren";
  if (lookup.what == "/api/v1/borgere") return "opslag i borgerlisten";
  if (lookup.what == "/api/v1/borgere/{person}") return "opslag på borgeren";
  return "opslag (" + lookup.what + ")";
}

}  // namespace fremdrift::server
