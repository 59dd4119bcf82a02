// The OpenID Connect relying party's side of the provider (`serve` with an OIDC issuer): the
// provider's metadata (discovery, /.well-known/openid-configuration) and keys (JWKS), fetched over
// TLS with the certificate verified (the system's trust store, or a CA file) and cached, the keys
// fetched again once when a token names an unknown key id; the authorization code flow with PKCE
// (S256), state and nonce: the logins under way (each state used once, for 10 minutes, bound to
// the browser that started it), the authorization URL, the code exchange at the token endpoint
// and the ID token's checks (oidc_token.h).
// Thread-safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/status.h"
#include "server/oidc_claims.h"
#include "server/oidc_token.h"

namespace fremdrift::server {

struct OidcOptions {
  std::string issuer;         // https://...; its discovery document must name the same issuer
  std::string client_id;
  std::string client_secret;  // read from a file; empty: a public client (PKCE only)
  std::string redirect_url;   // https://fremdrift.kommune.dk/auth/oidc/callback
  std::string provider_name = "kommunens login";  // "Log ind med <provider_name>"
  std::string ca_file;        // PEM CA(s) that sign the provider's certificate; empty: the system's
  std::string scopes = "openid profile";
  // Where the provider sends the browser after its logout (post_logout_redirect_uri); empty: the
  // redirect URL's origin followed by "/".
  std::string post_logout_url;
  OidcClaimMapping mapping;
  int timeout_seconds = 10;
};

struct ProviderMetadata {
  std::string issuer, authorization_endpoint, token_endpoint, jwks_uri, end_session_endpoint;
};

// A login under way, kept from the redirect to the provider until its callback.
struct PendingLogin {
  std::string nonce;
  std::string code_verifier;  // PKCE
  std::string browser;        // the random value of the browser's login cookie
  std::int64_t created = 0;
};

// PKCE's S256 challenge of a verifier: base64url(SHA-256(verifier)), no padding.
std::string PkceChallenge(std::string_view verifier);
// A random base64url string of `bytes` random bytes.
Result<std::string> RandomUrlToken(std::size_t bytes);
// Percent-encodes a query value.
std::string UrlEncode(std::string_view value);

class OidcClient {
 public:
  explicit OidcClient(OidcOptions options) : options_(std::move(options)) {}

  const OidcOptions& options() const { return options_; }

  // The provider's metadata, fetched on first use and kept (Unavailable when it cannot be
  // fetched or verified; tried again at the next login).
  Result<ProviderMetadata> Metadata();

  // Starts a login for the browser whose login cookie holds `browser`: the URL to send it to.
  Result<std::string> BeginLogin(const std::string& browser, std::int64_t now);

  // Takes the login under way for `state` (once: a second call gets nullopt), when it was begun
  // within 10 minutes.
  std::optional<PendingLogin> TakeLogin(const std::string& state, std::int64_t now);

  // Exchanges the code at the token endpoint and checks the ID token: its claims, or
  // Unauthenticated with `*error` saying which check failed (kNone: the exchange itself failed).
  Result<nlohmann::json> FinishLogin(const std::string& code, const PendingLogin& login,
                                     std::int64_t now, IdTokenError* error);

  // The provider's logout URL for the end of a session (RP-initiated logout), or "" when the
  // provider offers none.
  std::string LogoutUrl();

 private:
  Result<nlohmann::json> FetchJson(const std::string& url);
  Result<nlohmann::json> Jwks(bool refresh);

  OidcOptions options_;
  std::mutex mu_;
  std::optional<ProviderMetadata> metadata_;
  std::optional<nlohmann::json> jwks_;
  std::map<std::string, PendingLogin> pending_;  // by state
};

}  // namespace fremdrift::server
