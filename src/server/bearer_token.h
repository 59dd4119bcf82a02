// API tokens for analysts' tools (Power BI, Excel, R, Python): named, expiring, revocable,
// read-only tokens an administrator issues, sent as "Authorization: Bearer fdt_<64 hex digits>".
// A token reads aggregate measurements of the municipalities it names and nothing else; only the
// SHA-256 of its secret is stored (ApiToken, auth_store.h). The checks here are pure; IssueToken
// writes to the store. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/reference.h"
#include "server/auth_store.h"

namespace fremdrift::server {

inline constexpr std::string_view kTokenPrefix = "fdt_";
inline constexpr int kDefaultTokenDays = 90;
inline constexpr int kMaxTokenDays = 366;

// What an administrator asks for.
struct TokenSpec {
  std::string name;              // [a-z0-9._-]{2,64}
  std::vector<int> kommuner;     // municipality codes; empty: every municipality (all_kommuner)
  bool all_kommuner = false;     // must be set for an empty `kommuner` (no scope by mistake)
  int days = kDefaultTokenDays;  // 1 to kMaxTokenDays
  std::string by;                // the administrator ("cli" from the command line)
};

struct IssuedToken {
  std::string secret;  // "fdt_" and 64 hex digits: shown once, never stored
  ApiToken token;      // as stored
};

// Checks `spec` (name shape, 1 to 366 days, known municipality codes without repeats, a scope
// given), makes a 256-bit random secret and stores the token by its digest. InvalidArgument naming
// the field ("name: ...", "days: ...", "kommuner: ..."); AlreadyExists for a taken name.
Result<IssuedToken> IssueToken(AuthStore& store, const ReferenceData& reference,
                               const TokenSpec& spec, std::int64_t now);

// The credential of an Authorization header with the Bearer scheme (the scheme's case ignored,
// RFC 9110 11.1), without the spaces around it; nullopt for another scheme or no header. A
// "Bearer" with nothing after it gives "".
std::optional<std::string_view> BearerCredential(std::string_view authorization);
// "fdt_" and 64 lower-case hex digits: what IssueToken hands out.
bool IsTokenShaped(std::string_view credential);
// The SHA-256 of a secret, lower-case hex: the store's key.
std::string TokenDigest(std::string_view secret);

// The token's municipalities for people: "657, 217", or "alle" for every one.
std::string KommunerText(const std::vector<int>& kommuner);
// May the token read municipality `kommune`'s aggregates?
bool TokenMayRead(const ApiToken& token, int kommune);
// "active", "expired" or "revoked" at `now`.
std::string_view TokenState(const ApiToken& token, std::int64_t now);

// The Danish message of a request a token may not make (citizen or staff level, a write, any
// endpoint other than the aggregate ones).
inline constexpr std::string_view kTokenOnlyAggregates =
    "en API-nøgle giver kun læseadgang til aggregerede målinger; ikke til data om borgere eller "
    "medarbejdere og ikke til ændringer";

}  // namespace fremdrift::server
