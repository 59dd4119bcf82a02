// `fremdrift token issue | list | revoke`: API tokens for analysts' tools (Power BI, Excel, R,
// Python; src/server/bearer_token.h, docs/security.md) in the auth database. `issue` prints the
// token once on standard output (only its SHA-256 is stored) and what it may do on standard
// error; every change is audited as made by "cli" from "local".
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>

#include "app/app_util.h"
#include "app/cli_auth.h"
#include "server/auth_store.h"
#include "server/bearer_token.h"

namespace fremdrift {
namespace {

struct TokenArgs {
  std::string auth_db, store, name, kommune_text;
  bool all_kommuner = false;
  int days = server::kDefaultTokenDays;
};

int Issue(const AppContext& ctx, const TokenArgs& a) {
  auto ref = LoadReference(ctx);
  if (!ref.ok()) return ReportError(ref.status());
  server::TokenSpec spec;
  spec.name = a.name;
  spec.days = a.days;
  spec.all_kommuner = a.all_kommuner;
  spec.by = "cli";
  for (const std::string& part : SplitList(a.kommune_text)) {
    char* end = nullptr;
    long code = std::strtol(part.c_str(), &end, 10);
    if (end == part.c_str() || *end != '\0' || code <= 0 || code > 9999) {
      return ReportError(InvalidArgument("--kommune: '{}' is not a municipality code", part));
    }
    spec.kommuner.push_back(static_cast<int>(code));
  }
  auto auth = OpenCliAuth(a.auth_db, a.store);
  if (!auth.ok()) return ReportError(auth.status());
  auto issued = server::IssueToken(**auth, *ref, spec, std::time(nullptr));
  if (!issued.ok()) {
    const Status& s = issued.status();
    if (s.message().rfind("kommuner:", 0) == 0) {
      return ReportError(InvalidArgument("--kommune or --all-kommuner: {}",
                                         s.message().substr(sizeof("kommuner:"))));
    }
    return ReportError(
        s.code() == StatusCode::kInvalidArgument ? InvalidArgument("--{}", s.message()) : s);
  }
  if (Status s = AuditCli(**auth, "token_issue", "fremdrift token issue",
                          "token=" + spec.name +
                              " kommuner=" + server::KommunerText(issued->token.kommuner) +
                              " expires=" + server::FormatUtc(issued->token.expires));
      !s.ok()) {
    return ReportError(s);
  }
  std::fprintf(stderr,
               "API token '%s': reads aggregate measurements of kommune %s until %s.\n"
               "It is shown only now; keep it secret. Send it as 'Authorization: Bearer TOKEN'.\n",
               spec.name.c_str(), server::KommunerText(issued->token.kommuner).c_str(),
               server::FormatUtc(issued->token.expires).c_str());
  std::printf("%s\n", issued->secret.c_str());
  return kExitOk;
}

int List(const TokenArgs& a) {
  auto auth = OpenCliAuth(a.auth_db, a.store);
  if (!auth.ok()) return ReportError(auth.status());
  auto tokens = (*auth)->ListTokens();
  if (!tokens.ok()) return ReportError(tokens.status());
  const std::int64_t now = std::time(nullptr);
  auto time = [](std::int64_t t) { return t == 0 ? std::string() : server::FormatUtc(t); };
  std::printf("name,kommuner,state,created,created_by,expires,revoked,revoked_by,last_used\n");
  for (const auto& t : *tokens) {
    std::string kommuner;
    for (int k : t.kommuner) kommuner += (kommuner.empty() ? "" : " ") + std::to_string(k);
    std::printf("%s,%s,%s,%s,%s,%s,%s,%s,%s\n", t.name.c_str(),
                t.kommuner.empty() ? "alle" : kommuner.c_str(),
                std::string(server::TokenState(t, now)).c_str(), time(t.created).c_str(),
                t.created_by.c_str(), time(t.expires).c_str(), time(t.revoked).c_str(),
                t.revoked_by.c_str(), time(t.last_used).c_str());
  }
  return kExitOk;
}

int Revoke(const TokenArgs& a) {
  auto auth = OpenCliAuth(a.auth_db, a.store);
  if (!auth.ok()) return ReportError(auth.status());
  if (Status s = (*auth)->RevokeToken(a.name, "cli", std::time(nullptr)); !s.ok()) {
    return ReportError(s);
  }
  if (Status s = AuditCli(**auth, "token_revoke", "fremdrift token revoke", "token=" + a.name);
      !s.ok()) {
    return ReportError(s);
  }
  std::printf("revoked %s\n", a.name.c_str());
  return kExitOk;
}

void AddDbOptions(CLI::App* sub, TokenArgs& a) {
  sub->add_option("--auth-db", a.auth_db,
                  "users, sessions, tokens and the audit log: a SQLite file or postgresql://... "
                  "(default: STORE.auth.db)");
  sub->add_option("--store", a.store, "spell store whose STORE.auth.db to use");
}

CommandRegistrar reg([](AppContext& ctx) {
  auto* token = ctx.Command("token");
  token->require_subcommand(1);
  auto a = std::make_shared<TokenArgs>();
  auto* issue = token->add_subcommand(
      "issue", "issue a read-only token for aggregate measurements; printed once on stdout");
  AddDbOptions(issue, *a);
  issue->add_option("name,--name", a->name, "the token's name: a-z, 0-9, '.', '_', '-'")
      ->required();
  auto* kommune = issue->add_option("--kommune", a->kommune_text,
                                    "the municipality codes it may read, comma separated");
  auto* all = issue->add_flag("--all-kommuner", a->all_kommuner, "it may read every municipality");
  kommune->excludes(all);
  issue->add_option("--days", a->days, "days until it expires (1 to 366, default 90)");
  ctx.OnRun(issue, [&ctx, a] { return Issue(ctx, *a); });
  auto* list = token->add_subcommand("list", "list tokens as CSV (never their secrets)");
  AddDbOptions(list, *a);
  ctx.OnRun(list, [a] { return List(*a); });
  auto* revoke = token->add_subcommand("revoke", "revoke a token: refused from now on");
  AddDbOptions(revoke, *a);
  revoke->add_option("name,--name", a->name, "the token's name")->required();
  ctx.OnRun(revoke, [a] { return Revoke(*a); });
});

}  // namespace
}  // namespace fremdrift
