// A citizen's access request: the look-ups of one citizen (by pseudonym) in the audit log and in
// given archives, with their dates, purposes (formål) and municipality, and nothing that names
// the staff (no username, role, address or query) or another citizen. Thread-safety: free
// functions; the store serialises.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "server/audit_archive.h"
#include "server/auth_store.h"

namespace fremdrift::server {

struct CitizenLookup {
  std::string at;       // "YYYY-MM-DDTHH:MM:SSZ"
  std::string action;   // "read" or "write"
  std::string what;     // the endpoint ("/api/v1/borgere/{person}", ...)
  std::string purpose;  // formål ("" when the entry predates purposes)
  int kommune = 0;      // the reading user's municipality (0: none)
};

// The reads and writes of `pseudonym` (32 hex digits), archives first, then the log, in order;
// an entry found in both (an archive given twice) is listed once.
Result<std::vector<CitizenLookup>> CitizenLookups(AuthStore& store,
                                                  const std::vector<const AuditArchive*>& archives,
                                                  const std::string& pseudonym);

// Danish text for a look-up's kind: "opslag i borgerlisten", "opslag på borgeren", ...
std::string CitizenLookupKind(const CitizenLookup& lookup);

}  // namespace fremdrift::server
