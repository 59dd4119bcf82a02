// ID token checks (oidc_token.h), on cjose.
#include "server/oidc_token.h"

#include <cjose/cjose.h>
#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <optional>

namespace fremdrift::server {
namespace {

struct JwsFree {
  void operator()(cjose_jws_t* p) const { cjose_jws_release(p); }
};
struct JwkFree {
  void operator()(cjose_jwk_t* p) const { cjose_jwk_release(p); }
};

Result<nlohmann::json> Fail(IdTokenError* out, IdTokenError kind, std::string message) {
  if (out) *out = kind;
  return Status(StatusCode::kUnauthenticated, std::move(message));
}

std::string HeaderValue(cjose_header_t* header, const char* name) {
  cjose_err err;
  const char* v = header ? cjose_header_get(header, name, &err) : nullptr;
  return v ? std::string(v) : std::string();
}

bool AudienceHas(const nlohmann::json& aud, const std::string& client) {
  if (aud.is_string()) return aud.get<std::string>() == client;
  if (!aud.is_array()) return false;
  for (const auto& a : aud) {
    if (a.is_string() && a.get<std::string>() == client) return true;
  }
  return false;
}

}  // namespace

Result<nlohmann::json> ValidateIdToken(std::string_view token, const nlohmann::json& jwks,
                                       const IdTokenExpectations& expect, IdTokenError* error) {
  if (error) *error = IdTokenError::kNone;
  if (token.empty() || token.size() > 64 * 1024) {
    return Fail(error, IdTokenError::kMalformed, "id_token: missing or too long");
  }
  cjose_err err;
  std::unique_ptr<cjose_jws_t, JwsFree> jws(cjose_jws_import(token.data(), token.size(), &err));
  if (!jws) {
    return Fail(error, IdTokenError::kMalformed,
                fmt::format("id_token: not a compact JWS ({})", err.message ? err.message : "?"));
  }
  cjose_header_t* header = cjose_jws_get_protected(jws.get());
  const std::string alg = HeaderValue(header, CJOSE_HDR_ALG);
  const std::string kid = HeaderValue(header, CJOSE_HDR_KID);
  cjose_jwk_kty_t want_kty;
  if (alg == "RS256") {
    want_kty = CJOSE_JWK_KTY_RSA;
  } else if (alg == "ES256") {
    want_kty = CJOSE_JWK_KTY_EC;
  } else {
    return Fail(error, IdTokenError::kAlgorithm,
                fmt::format("id_token: algorithm '{}' not accepted (RS256, ES256)",
                            alg.substr(0, 20)));
  }
  // The key its kid names; a token without kid may use the only key of a one-key set.
  const nlohmann::json* jwk_json = nullptr;
  if (jwks.is_object() && jwks.contains("keys") && jwks["keys"].is_array()) {
    const auto& keys = jwks["keys"];
    for (const auto& k : keys) {
      if (!k.is_object()) continue;
      if (k.contains("use") && k["use"] != "sig") continue;
      const bool same_kid = k.contains("kid") && k["kid"].is_string() && k["kid"] == kid;
      if ((kid.empty() && keys.size() == 1) || (!kid.empty() && same_kid)) {
        jwk_json = &k;
        break;
      }
    }
  }
  if (!jwk_json) {
    return Fail(error, IdTokenError::kUnknownKey,
                fmt::format("id_token: key id '{}' is not in the provider's key set",
                            kid.substr(0, 80)));
  }
  const std::string jwk_text = jwk_json->dump();
  std::unique_ptr<cjose_jwk_t, JwkFree> jwk(cjose_jwk_import(jwk_text.data(), jwk_text.size(), &err));
  if (!jwk || cjose_jwk_get_kty(jwk.get(), &err) != want_kty) {
    return Fail(error, IdTokenError::kAlgorithm,
                fmt::format("id_token: key '{}' does not fit algorithm {}", kid.substr(0, 80), alg));
  }
  if (!cjose_jws_verify(jws.get(), jwk.get(), &err)) {
    return Fail(error, IdTokenError::kBadSignature, "id_token: the signature does not verify");
  }
  uint8_t* plain = nullptr;
  size_t plain_len = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &plain, &plain_len, &err)) {
    return Fail(error, IdTokenError::kMalformed, "id_token: no payload");
  }
  nlohmann::json claims = nlohmann::json::parse(
      std::string_view(reinterpret_cast<const char*>(plain), plain_len), nullptr, false);
  if (!claims.is_object()) {
    return Fail(error, IdTokenError::kMalformed, "id_token: the payload is not a JSON object");
  }
  if (!claims.contains("iss") || claims["iss"] != expect.issuer) {
    return Fail(error, IdTokenError::kIssuer,
                fmt::format("id_token: issuer {} is not {}",
                            claims.value("iss", nlohmann::json()).dump().substr(0, 120),
                            expect.issuer));
  }
  if (!claims.contains("aud") || !AudienceHas(claims["aud"], expect.audience)) {
    return Fail(error, IdTokenError::kAudience,
                fmt::format("id_token: audience {} does not name client '{}'",
                            claims.value("aud", nlohmann::json()).dump().substr(0, 120),
                            expect.audience));
  }
  if (claims["aud"].is_array() && claims["aud"].size() > 1 &&
      (!claims.contains("azp") || claims["azp"] != expect.audience)) {
    return Fail(error, IdTokenError::kAudience,
                "id_token: several audiences and azp is not this client");
  }
  auto number = [&](const char* name) -> std::optional<std::int64_t> {
    if (!claims.contains(name) || !claims[name].is_number()) return std::nullopt;
    return static_cast<std::int64_t>(claims[name].get<double>());
  };
  const std::optional<std::int64_t> exp = number("exp");
  if (!exp || *exp + expect.leeway_seconds <= expect.now) {
    return Fail(error, IdTokenError::kExpired,
                exp ? fmt::format("id_token: expired (exp {}, now {})", *exp, expect.now)
                    : std::string("id_token: no exp"));
  }
  for (const char* name : {"nbf", "iat"}) {
    if (auto t = number(name); t && *t - expect.leeway_seconds > expect.now) {
      return Fail(error, IdTokenError::kExpired,
                  fmt::format("id_token: {} {} is in the future (now {})", name, *t, expect.now));
    }
  }
  if (expect.nonce.empty() || !claims.contains("nonce") || claims["nonce"] != expect.nonce) {
    return Fail(error, IdTokenError::kNonce, "id_token: nonce does not match the login's");
  }
  return claims;
}

std::string_view IdTokenErrorDanish(IdTokenError error) {
  switch (error) {
    case IdTokenError::kNone:
      return "";
    case IdTokenError::kMalformed:
      return "login-udbyderens svar kunne ikke læses";
    case IdTokenError::kAlgorithm:
      return "login-udbyderens svar er signeret med en algoritme, fremdrift ikke godtager";
    case IdTokenError::kUnknownKey:
      return "login-udbyderens svar er signeret med en nøgle, som udbyderen ikke har offentliggjort";
    case IdTokenError::kBadSignature:
      return "signaturen på login-udbyderens svar er ikke gyldig";
    case IdTokenError::kIssuer:
      return "svaret kommer ikke fra den login-udbyder, fremdrift er sat op til";
    case IdTokenError::kAudience:
      return "svaret er udstedt til et andet system end fremdrift";
    case IdTokenError::kExpired:
      return "svaret fra login-udbyderen er udløbet (eller uret på en af serverne går forkert)";
    case IdTokenError::kNonce:
      return "svaret hører ikke til det login, der blev startet i denne browser";
  }
  return "";
}

std::string_view IdTokenErrorName(IdTokenError error) {
  switch (error) {
    case IdTokenError::kNone: return "none";
    case IdTokenError::kMalformed: return "malformed";
    case IdTokenError::kAlgorithm: return "algorithm";
    case IdTokenError::kUnknownKey: return "unknown key";
    case IdTokenError::kBadSignature: return "signature";
    case IdTokenError::kIssuer: return "issuer";
    case IdTokenError::kAudience: return "audience";
    case IdTokenError::kExpired: return "expired";
    case IdTokenError::kNonce: return "nonce";
  }
  return "";
}

}  // namespace fremdrift::server
