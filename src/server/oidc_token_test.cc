// Tests of the ID token checks (oidc_token.h) with keys made in the test (RSA and EC, by cjose):
// a good token of each algorithm passes; a wrong issuer, audience, an expired or not yet valid
// token, a bad signature, a key id not in the set, a wrong nonce, "none" and HS256 (signed with
// the RSA key's public modulus as an HMAC secret) and a garbled token are each refused with the
// check named.
#include "server/oidc_token.h"

#include <cjose/cjose.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace fremdrift::server {
namespace {

constexpr std::int64_t kNow = 1800000000;

struct Key {
  cjose_jwk_t* jwk = nullptr;
  std::string kid;
  ~Key() { cjose_jwk_release(jwk); }
  // The public half as a JWKS entry.
  nlohmann::json Public() const {
    cjose_err err;
    char* text = cjose_jwk_to_json(jwk, false, &err);
    nlohmann::json j = nlohmann::json::parse(text);
    std::free(text);
    j["kid"] = kid;
    j["use"] = "sig";
    return j;
  }
};

std::unique_ptr<Key> RsaKey(const std::string& kid) {
  auto k = std::make_unique<Key>();
  cjose_err err;
  static const uint8_t e[] = {1, 0, 1};
  k->jwk = cjose_jwk_create_RSA_random(2048, e, sizeof e, &err);
  k->kid = kid;
  return k;
}

std::unique_ptr<Key> EcKey(const std::string& kid) {
  auto k = std::make_unique<Key>();
  cjose_err err;
  k->jwk = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err);
  k->kid = kid;
  return k;
}

std::string Sign(const Key& key, const std::string& alg, const nlohmann::json& claims,
                 const std::string& kid) {
  cjose_err err;
  cjose_header_t* h = cjose_header_new(&err);
  cjose_header_set(h, CJOSE_HDR_ALG, alg.c_str(), &err);
  if (!kid.empty()) cjose_header_set(h, CJOSE_HDR_KID, kid.c_str(), &err);
  const std::string payload = claims.dump();
  cjose_jws_t* jws = cjose_jws_sign(key.jwk, h, reinterpret_cast<const uint8_t*>(payload.data()),
                                    payload.size(), &err);
  cjose_header_release(h);
  EXPECT_NE(jws, nullptr) << (err.message ? err.message : "");
  const char* compact = nullptr;
  cjose_jws_export(jws, &compact, &err);
  std::string out = compact;
  cjose_jws_release(jws);
  return out;
}

nlohmann::json GoodClaims() {
  return {{"iss", "https://login.kommune.dk"},
          {"aud", "fremdrift"},
          {"sub", "u1"},
          {"exp", kNow + 300},
          {"iat", kNow - 5},
          {"nonce", "n-123"}};
}

IdTokenExpectations Expect() { return {"https://login.kommune.dk", "fremdrift", "n-123", kNow, 60}; }

TEST(OidcToken, GoodTokensOfBothAlgorithmsPass) {
  auto rsa = RsaKey("r1");
  auto ec = EcKey("e1");
  nlohmann::json jwks = {{"keys", {rsa->Public(), ec->Public()}}};
  for (auto [key, alg] : {std::pair{rsa.get(), "RS256"}, std::pair{ec.get(), "ES256"}}) {
    IdTokenError error = IdTokenError::kMalformed;
    auto claims = ValidateIdToken(Sign(*key, alg, GoodClaims(), key->kid), jwks, Expect(), &error);
    ASSERT_TRUE(claims.ok()) << alg << ": " << claims.status().message();
    EXPECT_EQ((*claims)["sub"], "u1");
    EXPECT_EQ(error, IdTokenError::kNone);
  }
  // Several audiences with azp naming fremdrift.
  nlohmann::json c = GoodClaims();
  c["aud"] = {"fremdrift", "other"};
  c["azp"] = "fremdrift";
  EXPECT_TRUE(ValidateIdToken(Sign(*rsa, "RS256", c, "r1"), jwks, Expect()).ok());
}

TEST(OidcToken, EachCheckRefuses) {
  auto rsa = RsaKey("r1");
  auto other = RsaKey("r1");  // same kid, another key: a forged signature
  nlohmann::json jwks = {{"keys", {rsa->Public()}}};
  struct Case {
    const char* name;
    std::string token;
    IdTokenError want;
  };
  auto with = [&](const char* field, nlohmann::json value) {
    nlohmann::json c = GoodClaims();
    if (value.is_null()) {
      c.erase(field);
    } else {
      c[field] = value;
    }
    return Sign(*rsa, "RS256", c, "r1");
  };
  std::string good = Sign(*rsa, "RS256", GoodClaims(), "r1");
  std::string flipped = good;
  flipped[flipped.size() - 5] = flipped[flipped.size() - 5] == 'A' ? 'B' : 'A';
  // "none": header {"alg":"none"}, the good payload, no signature.
  std::string payload = good.substr(good.find('.') + 1);
  payload = payload.substr(0, payload.find('.'));
  const std::string none = "eyJhbGciOiJub25lIn0." + payload + ".";
  const Case cases[] = {
      {"wrong issuer", with("iss", "https://evil.example"), IdTokenError::kIssuer},
      {"issuer with slash", with("iss", "https://login.kommune.dk/"), IdTokenError::kIssuer},
      {"no issuer", with("iss", nullptr), IdTokenError::kIssuer},
      {"wrong audience", with("aud", "andet-system"), IdTokenError::kAudience},
      {"audience list without us", with("aud", {"a", "b"}), IdTokenError::kAudience},
      {"audience list, azp not us", with("aud", {"fremdrift", "b"}), IdTokenError::kAudience},
      {"expired", with("exp", kNow - 61), IdTokenError::kExpired},
      {"no exp", with("exp", nullptr), IdTokenError::kExpired},
      {"not yet valid", with("nbf", kNow + 3600), IdTokenError::kExpired},
      {"issued in the future", with("iat", kNow + 3600), IdTokenError::kExpired},
      {"wrong nonce", with("nonce", "n-999"), IdTokenError::kNonce},
      {"no nonce", with("nonce", nullptr), IdTokenError::kNonce},
      {"bad signature", Sign(*other, "RS256", GoodClaims(), "r1"), IdTokenError::kBadSignature},
      {"changed signature", flipped, IdTokenError::kBadSignature},
      {"unknown kid", Sign(*rsa, "RS256", GoodClaims(), "r2"), IdTokenError::kUnknownKey},
      {"alg none", none, IdTokenError::kAlgorithm},
      {"garbled", "abc.def", IdTokenError::kMalformed},
      {"empty", "", IdTokenError::kMalformed},
  };
  for (const Case& c : cases) {
    IdTokenError error = IdTokenError::kNone;
    auto r = ValidateIdToken(c.token, jwks, Expect(), &error);
    EXPECT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(error, c.want) << c.name << ": " << r.status().message();
    EXPECT_FALSE(IdTokenErrorDanish(error).empty()) << c.name;
  }
}

TEST(OidcToken, AnHmacTokenKeyedWithThePublicKeyIsRefused) {
  auto rsa = RsaKey("r1");
  nlohmann::json pub = rsa->Public();
  nlohmann::json jwks = {{"keys", {pub}}};
  // An attacker signs HS256 with the public modulus as the secret (algorithm confusion).
  cjose_err err;
  const std::string n = pub["n"];
  cjose_jwk_t* secret = cjose_jwk_create_oct_spec(reinterpret_cast<const uint8_t*>(n.data()),
                                                  n.size(), &err);
  Key hmac;
  hmac.jwk = secret;
  IdTokenError error = IdTokenError::kNone;
  EXPECT_FALSE(ValidateIdToken(Sign(hmac, "HS256", GoodClaims(), "r1"), jwks, Expect(), &error).ok());
  EXPECT_EQ(error, IdTokenError::kAlgorithm);
}

TEST(OidcToken, AKeyOfTheWrongTypeForItsAlgorithmIsRefused) {
  auto ec = EcKey("k");
  nlohmann::json jwks = {{"keys", {ec->Public()}}};
  auto rsa = RsaKey("k");
  IdTokenError error = IdTokenError::kNone;
  EXPECT_FALSE(ValidateIdToken(Sign(*rsa, "RS256", GoodClaims(), "k"), jwks, Expect(), &error).ok());
  EXPECT_EQ(error, IdTokenError::kAlgorithm);
}

}  // namespace
}  // namespace fremdrift::server
