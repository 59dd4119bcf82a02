// Fetching jobindsats tables live (API v2): `POST {base}/v2/data/{table}/json` with the
// organisation's key in the Authorization header and a JSON body naming the areas ("*") and
// periods (docs/formats/jobindsats.md), over HTTPS with the server's certificate verified (the
// system's trust store, or a CA file given for tests and proxies). The key is read from a file
// that only its owner may read (0600) and never appears in a message or log line.
// Thread-safety: functions only; each call makes its own connection.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "domain/period.h"
#include "official/jobindsats_tables.h"

namespace fremdrift::official {

inline constexpr char kDefaultJobindsatsUrl[] = "https://api.jobindsats.dk";

struct FetchOptions {
  std::string base_url = kDefaultJobindsatsUrl;  // https://host[:port]
  std::string ca_file;                           // PEM; empty = the system's trust store
  int timeout_seconds = 120;
};

// The key in `path`: refused unless it is a regular file that neither group nor others may read
// or write (mode 0600 or stricter), and not empty. Surrounding white space is dropped.
Result<std::string> ReadKeyFile(const std::string& path);

// The jobindsats periods of months [from, to] for `table`: months "2020M01" for the benefit
// tables; for the benchmark, "YYYYQMAT02" for each June and "YYYYQMAT04" for each December in
// the range (the 12 months up to the end of those quarters). InvalidArgument when none.
Result<std::vector<std::string>> JobindsatsPeriods(const JobindsatsTable& table, MonthIndex from,
                                                   MonthIndex to);

// The JSON body of a data request.
std::string DataRequestBody(const JobindsatsTable& table, const std::vector<std::string>& periods);

// How a request is named in messages and as an import's source: "POST https://.../v2/data/
// y07a02/json (2020M01-2020M12)". Never holds the key.
std::string DataRequestName(const FetchOptions& options, const JobindsatsTable& table,
                            const std::vector<std::string>& periods);

// Sends the request and returns the response body (HTTP 200). A refused key (HTTP 401/403, or
// the bad-key sentence in any answer) is PermissionDenied; a failed TLS verification, a
// connection error or another HTTP status is Unavailable; each names the request, not the key.
Result<std::string> FetchJobindsats(const FetchOptions& options, const std::string& key,
                                    const JobindsatsTable& table,
                                    const std::vector<std::string>& periods);

}  // namespace fremdrift::official
