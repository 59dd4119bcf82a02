// API tokens for analysts' tools (bearer_token.h).
#include "server/bearer_token.h"

#include <algorithm>

#include "server/audit_chain.h"
#include "server/password_hash.h"

namespace fremdrift::server {

Result<IssuedToken> IssueToken(AuthStore& store, const ReferenceData& reference,
                               const TokenSpec& spec, std::int64_t now) {
  if (Status s = ValidateUsername(spec.name); !s.ok()) {
    return InvalidArgument("name: 2 to 64 characters of a-z, 0-9, '.', '_' and '-'");
  }
  if (spec.days < 1 || spec.days > kMaxTokenDays) {
    return InvalidArgument("days: 1 to {} (a token must expire; issue a new one after)",
                           kMaxTokenDays);
  }
  if (spec.kommuner.empty() && !spec.all_kommuner) {
    return InvalidArgument("kommuner: name the municipalities the token may read, or all");
  }
  if (!spec.kommuner.empty() && spec.all_kommuner) {
    return InvalidArgument("kommuner: either municipality codes or all, not both");
  }
  for (std::size_t i = 0; i < spec.kommuner.size(); ++i) {
    const int k = spec.kommuner[i];
    if (reference.MunicipalityIndex(k) < 0) {
      return InvalidArgument("kommuner: {} is not a municipality code", k);
    }
    if (std::find(spec.kommuner.begin(), spec.kommuner.begin() + static_cast<std::ptrdiff_t>(i),
                  k) != spec.kommuner.begin() + static_cast<std::ptrdiff_t>(i)) {
      return InvalidArgument("kommuner: {} is given twice", k);
    }
  }
  IssuedToken out;
  ASSIGN_OR_RETURN(std::string random, RandomHex(32));
  out.secret = std::string(kTokenPrefix) + random;
  out.token.name = spec.name;
  out.token.kommuner = spec.kommuner;
  out.token.created_by = spec.by;
  out.token.created = now;
  out.token.expires = now + static_cast<std::int64_t>(spec.days) * 86400;
  RETURN_IF_ERROR(store.AddToken(out.token, TokenDigest(out.secret)));
  return out;
}

std::optional<std::string_view> BearerCredential(std::string_view authorization) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  authorization = trim(authorization);
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() < kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    char c = authorization[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kScheme[i]) return std::nullopt;
  }
  std::string_view rest = authorization.substr(kScheme.size());
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return std::nullopt;
  return trim(rest);
}

bool IsTokenShaped(std::string_view credential) {
  if (credential.size() != kTokenPrefix.size() + 64 || !credential.starts_with(kTokenPrefix)) {
    return false;
  }
  return std::all_of(credential.begin() + static_cast<std::ptrdiff_t>(kTokenPrefix.size()),
                     credential.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string TokenDigest(std::string_view secret) { return Sha256Hex(secret); }

std::string KommunerText(const std::vector<int>& kommuner) {
  if (kommuner.empty()) return "alle";
  std::string out;
  for (int k : kommuner) out += (out.empty() ? "" : ", ") + std::to_string(k);
  return out;
}

bool TokenMayRead(const ApiToken& token, int kommune) {
  return token.kommuner.empty() ||
         std::find(token.kommuner.begin(), token.kommuner.end(), kommune) != token.kommuner.end();
}

std::string_view TokenState(const ApiToken& token, std::int64_t now) {
  if (token.revoked != 0) return "revoked";
  if (now >= token.expires) return "expired";
  return "active";
}

}  // namespace fremdrift::server
