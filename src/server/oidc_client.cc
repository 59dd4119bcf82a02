// The OpenID Connect relying party's side of the provider (oidc_client.h).
#include "server/oidc_client.h"

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "common/log.h"

namespace fremdrift::server {
namespace {

constexpr std::int64_t kLoginSeconds = 600;
constexpr std::size_t kMaxPending = 10000;

std::string Base64(const unsigned char* data, std::size_t size, bool url) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data,
                          static_cast<int>(size));
  out.resize(static_cast<std::size_t>(n));
  if (url) {
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) {
      if (c == '+') c = '-';
      if (c == '/') c = '_';
    }
  }
  return out;
}

// "https://host[:port]" and "/path?query" of an https URL.
Result<std::pair<std::string, std::string>> SplitHttpsUrl(const std::string& url) {
  if (url.rfind("https://", 0) != 0) {
    return InvalidArgument("'{}' is not an https:// address", url);
  }
  std::size_t slash = url.find('/', 8);
  if (slash == std::string::npos) return std::pair{url, std::string("/")};
  return std::pair{url.substr(0, slash), url.substr(slash)};
}

std::string StringField(const nlohmann::json& j, const char* name) {
  return j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : std::string();
}

}  // namespace

std::string PkceChallenge(std::string_view verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return Base64(digest, sizeof digest, true);
}

Result<std::string> RandomUrlToken(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    return Internal("no random bytes");
  }
  return Base64(reinterpret_cast<const unsigned char*>(raw.data()), raw.size(), true);
}

std::string UrlEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<nlohmann::json> OidcClient::FetchJson(const std::string& url) {
  ASSIGN_OR_RETURN(auto parts, SplitHttpsUrl(url));
  try {
    httplib::Client client(parts.first);
    if (!client.is_valid()) return InvalidArgument("'{}' is not a usable address", url);
    client.enable_server_certificate_verification(true);
    if (!options_.ca_file.empty()) client.set_ca_cert_path(options_.ca_file.c_str());
    client.set_connection_timeout(options_.timeout_seconds, 0);
    client.set_read_timeout(options_.timeout_seconds, 0);
    client.set_follow_location(false);
    httplib::Result res = client.Get(parts.second.c_str(), {{"Accept", "application/json"}});
    if (!res) {
      if (res.error() == httplib::Error::SSLServerVerification) {
        return Unavailable("{}: the provider's TLS certificate could not be verified{}", url,
                           options_.ca_file.empty() ? " against the system's trust store"
                                                    : " against oidc_ca_file");
      }
      return Unavailable("{}: {}", url, httplib::to_string(res.error()));
    }
    if (res->status != 200) return Unavailable("{}: HTTP {}", url, res->status);
    nlohmann::json j = nlohmann::json::parse(res->body, nullptr, false);
    if (!j.is_object()) return Unavailable("{}: not a JSON object", url);
    return j;
  } catch (const std::exception& e) {
    return Unavailable("{}: {}", url, e.what());
  }
}

Result<ProviderMetadata> OidcClient::Metadata() {
  {
    std::lock_guard lock(mu_);
    if (metadata_) return *metadata_;
  }
  std::string issuer = options_.issuer;
  while (!issuer.empty() && issuer.back() == '/') issuer.pop_back();
  ASSIGN_OR_RETURN(nlohmann::json doc, FetchJson(issuer + "/.well-known/openid-configuration"));
  ProviderMetadata m;
  m.issuer = StringField(doc, "issuer");
  m.authorization_endpoint = StringField(doc, "authorization_endpoint");
  m.token_endpoint = StringField(doc, "token_endpoint");
  m.jwks_uri = StringField(doc, "jwks_uri");
  m.end_session_endpoint = StringField(doc, "end_session_endpoint");
  if (m.issuer != options_.issuer) {
    return Unavailable("the provider's discovery document names issuer '{}', not '{}'", m.issuer,
                       options_.issuer);
  }
  for (const std::string* url : {&m.authorization_endpoint, &m.token_endpoint, &m.jwks_uri}) {
    if (url->rfind("https://", 0) != 0) {
      return Unavailable("the provider's discovery document lacks an https endpoint ('{}')", *url);
    }
  }
  if (!m.end_session_endpoint.empty() && m.end_session_endpoint.rfind("https://", 0) != 0) {
    m.end_session_endpoint.clear();
  }
  std::lock_guard lock(mu_);
  metadata_ = m;
  return m;
}

Result<nlohmann::json> OidcClient::Jwks(bool refresh) {
  {
    std::lock_guard lock(mu_);
    if (jwks_ && !refresh) return *jwks_;
  }
  ASSIGN_OR_RETURN(ProviderMetadata m, Metadata());
  ASSIGN_OR_RETURN(nlohmann::json keys, FetchJson(m.jwks_uri));
  if (!keys.contains("keys") || !keys["keys"].is_array()) {
    return Unavailable("{}: no \"keys\" array", m.jwks_uri);
  }
  std::lock_guard lock(mu_);
  jwks_ = keys;
  return keys;
}

Result<std::string> OidcClient::BeginLogin(const std::string& browser, std::int64_t now) {
  ASSIGN_OR_RETURN(ProviderMetadata m, Metadata());
  PendingLogin login;
  ASSIGN_OR_RETURN(std::string state, RandomUrlToken(32));
  ASSIGN_OR_RETURN(login.nonce, RandomUrlToken(32));
  ASSIGN_OR_RETURN(login.code_verifier, RandomUrlToken(48));
  login.browser = browser;
  login.created = now;
  {
    std::lock_guard lock(mu_);
    for (auto it = pending_.begin(); it != pending_.end();) {
      it = it->second.created + kLoginSeconds <= now ? pending_.erase(it) : std::next(it);
    }
    if (pending_.size() >= kMaxPending) {
      return Unavailable("for mange login er i gang; prøv igen om lidt");
    }
    pending_[state] = login;
  }
  const char sep = m.authorization_endpoint.find('?') == std::string::npos ? '?' : '&';
  return fmt::format(
      "{}{}response_type=code&client_id={}&redirect_uri={}&scope={}&state={}&nonce={}"
      "&code_challenge={}&code_challenge_method=S256",
      m.authorization_endpoint, sep, UrlEncode(options_.client_id),
      UrlEncode(options_.redirect_url), UrlEncode(options_.scopes), state, login.nonce,
      PkceChallenge(login.code_verifier));
}

std::optional<PendingLogin> OidcClient::TakeLogin(const std::string& state, std::int64_t now) {
  std::lock_guard lock(mu_);
  auto it = pending_.find(state);
  if (it == pending_.end()) return std::nullopt;
  PendingLogin login = std::move(it->second);
  pending_.erase(it);
  if (login.created + kLoginSeconds <= now) return std::nullopt;
  return login;
}

Result<nlohmann::json> OidcClient::FinishLogin(const std::string& code, const PendingLogin& login,
                                               std::int64_t now, IdTokenError* error) {
  *error = IdTokenError::kNone;
  ASSIGN_OR_RETURN(ProviderMetadata m, Metadata());
  ASSIGN_OR_RETURN(auto parts, SplitHttpsUrl(m.token_endpoint));
  std::string body = fmt::format(
      "grant_type=authorization_code&code={}&redirect_uri={}&code_verifier={}&client_id={}",
      UrlEncode(code), UrlEncode(options_.redirect_url), UrlEncode(login.code_verifier),
      UrlEncode(options_.client_id));
  httplib::Headers headers = {{"Accept", "application/json"}};
  if (!options_.client_secret.empty()) {
    const std::string pair = UrlEncode(options_.client_id) + ":" + UrlEncode(options_.client_secret);
    headers.emplace("Authorization",
                    "Basic " + Base64(reinterpret_cast<const unsigned char*>(pair.data()),
                                      pair.size(), false));
  }
  std::string id_token;
  try {
    httplib::Client client(parts.first);
    client.enable_server_certificate_verification(true);
    if (!options_.ca_file.empty()) client.set_ca_cert_path(options_.ca_file.c_str());
    client.set_connection_timeout(options_.timeout_seconds, 0);
    client.set_read_timeout(options_.timeout_seconds, 0);
    client.set_follow_location(false);
    httplib::Result res = client.Post(parts.second.c_str(), headers, body,
                                      "application/x-www-form-urlencoded");
    if (!res) return Unavailable("token endpoint: {}", httplib::to_string(res.error()));
    nlohmann::json j = nlohmann::json::parse(res->body, nullptr, false);
    if (res->status != 200 || !j.is_object()) {
      return Status(StatusCode::kUnauthenticated,
                    fmt::format("token endpoint: HTTP {} {}", res->status,
                                j.is_object() ? StringField(j, "error").substr(0, 80) : ""));
    }
    id_token = StringField(j, "id_token");
  } catch (const std::exception& e) {
    return Unavailable("token endpoint: {}", e.what());
  }
  IdTokenExpectations expect{options_.issuer, options_.client_id, login.nonce, now, 60};
  ASSIGN_OR_RETURN(nlohmann::json keys, Jwks(false));
  Result<nlohmann::json> claims = ValidateIdToken(id_token, keys, expect, error);
  if (!claims.ok() && *error == IdTokenError::kUnknownKey) {
    // The provider may have rolled its keys: fetch them once more.
    ASSIGN_OR_RETURN(keys, Jwks(true));
    claims = ValidateIdToken(id_token, keys, expect, error);
  }
  return claims;
}

std::string OidcClient::LogoutUrl() {
  Result<ProviderMetadata> m = Metadata();
  if (!m.ok() || m->end_session_endpoint.empty()) return "";
  std::string after = options_.post_logout_url;
  if (after.empty()) {  // the redirect URL's origin
    const std::string& r = options_.redirect_url;
    std::size_t scheme = r.find("://");
    std::size_t slash = scheme == std::string::npos ? std::string::npos : r.find('/', scheme + 3);
    after = slash == std::string::npos ? std::string() : r.substr(0, slash) + "/";
  }
  const char sep = m->end_session_endpoint.find('?') == std::string::npos ? '?' : '&';
  std::string url = fmt::format("{}{}client_id={}", m->end_session_endpoint, sep,
                                UrlEncode(options_.client_id));
  if (!after.empty()) url += "&post_logout_redirect_uri=" + UrlEncode(after);
  return url;
}

}  // namespace fremdrift::server
