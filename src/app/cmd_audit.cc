// `fremdrift audit verify`: walks the audit log's hash chain and names the first entry that was
// changed, inserted or deleted (server/audit_chain.h, docs/security.md).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "app/app_util.h"
#include "server/audit_chain.h"
#include "server/auth_store.h"

namespace fremdrift {
namespace {

struct AuditArgs {
  std::string auth_db, store;
};

int RunVerify(const AuditArgs& a) {
  const std::string path = a.auth_db.empty() ? server::DefaultAuthDbPath(a.store) : a.auth_db;
  if (path.empty()) return ReportError(InvalidArgument("give --auth-db FILE or --store STORE"));
  if (!std::filesystem::exists(path)) return ReportError(NotFound("{} not found", path));
  auto auth = server::OpenSqliteAuthStore(path);
  if (!auth.ok()) return ReportError(auth.status());
  auto report = server::VerifyAuditChain(**auth);
  if (!report.ok()) return ReportError(report.status().WithContext(path));
  std::printf("audit: %lld entries, the hash chain is intact",
              static_cast<long long>(report->entries));
  if (report->legacy > 0) {
    std::printf(" (the first %lld were written before the chain and cannot be checked)",
                static_cast<long long>(report->legacy));
  }
  std::printf("\n");
  return kExitOk;
}

CommandRegistrar reg([](AppContext& ctx) {
  auto* audit = ctx.Command("audit");
  audit->require_subcommand(1);
  auto a = std::make_shared<AuditArgs>();
  auto* verify = audit->add_subcommand(
      "verify",
      "check the audit log's hash chain; names the first changed, inserted or deleted entry");
  verify->add_option("--auth-db", a->auth_db,
                     "SQLite file with users, sessions and the audit log (default: STORE.auth.db)");
  verify->add_option("--store", a->store, "spell store whose STORE.auth.db to use");
  ctx.OnRun(verify, [a] { return RunVerify(*a); });
});

}  // namespace
}  // namespace fremdrift
