// Checks an OpenID Connect ID token (a JWS in compact form) against the provider's keys (a JWKS)
// and what the relying party expects: the signature (RS256 or ES256 only, with the key its `kid`
// names, of the matching key type), `iss`, `aud` (and `azp` when there are several audiences),
// `exp` (and `nbf`, `iat`) with a small clock leeway, and `nonce`. Uses cjose (JOSE, MIT).
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace fremdrift::server {

enum class IdTokenError {
  kNone,
  kMalformed,     // not a compact JWS with a JSON payload
  kAlgorithm,     // an algorithm other than RS256/ES256, or one the key cannot do
  kUnknownKey,    // its kid is not in the JWKS (refresh the JWKS once, then refuse)
  kBadSignature,  // the signature does not verify
  kIssuer,
  kAudience,
  kExpired,  // exp passed (or nbf/iat in the future)
  kNonce,
};

struct IdTokenExpectations {
  std::string issuer;
  std::string audience;  // the client id
  std::string nonce;
  std::int64_t now = 0;  // unix seconds
  std::int64_t leeway_seconds = 60;
};

// The token's claims when it passes every check; else a Status (Unauthenticated) whose message
// says what failed in English (for the audit), and `*error` (when given) which check it was.
Result<nlohmann::json> ValidateIdToken(std::string_view token, const nlohmann::json& jwks,
                                       const IdTokenExpectations& expect,
                                       IdTokenError* error = nullptr);

// The Danish sentence shown to a person whose sign-in failed the check `error`.
std::string_view IdTokenErrorDanish(IdTokenError error);
// A short English name of the check ("issuer", "audience", ...), for the audit.
std::string_view IdTokenErrorName(IdTokenError error);

}  // namespace fremdrift::server
