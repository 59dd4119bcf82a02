// `fremdrift backup DIR` and `fremdrift restore DIR --to DIR2`: consistent online copies of the
// SQLite databases, the register store and its key (kept apart) with a checksummed manifest, and
// their checked restore (backup/backup.h, docs/drift.md).
#include <cstdio>
#include <memory>
#include <string>

#include "app/app_util.h"
#include "backup/backup.h"

namespace fremdrift {
namespace {

struct BackupArgs {
  std::string dir, to;
  backup::Sources sources;
  bool verify_only = false;
};

void PrintManifest(const backup::Manifest& m) {
  for (const auto& f : m.files) {
    std::printf("%-10s %-40s %12llu  %s\n", f.role.c_str(), f.path.c_str(),
                static_cast<unsigned long long>(f.size), f.sha256.c_str());
  }
}

int RunBackup(const BackupArgs& a) {
  auto m = backup::TakeBackup(a.sources, a.dir);
  if (!m.ok()) return ReportError(m.status());
  PrintManifest(*m);
  std::printf("backup: %zu files in %s (%s)\n", m->files.size(), a.dir.c_str(), m->created.c_str());
  return kExitOk;
}

int RunRestore(const BackupArgs& a) {
  if (a.verify_only) {
    auto m = backup::VerifyBackup(a.dir);
    if (!m.ok()) return ReportError(m.status());
    PrintManifest(*m);
    std::printf("restore: %s is whole: %zu files match the manifest of %s\n", a.dir.c_str(),
                m->files.size(), m->created.c_str());
    return kExitOk;
  }
  if (a.to.empty()) return ReportError(InvalidArgument("--to: give the folder to restore into"));
  auto m = backup::Restore(a.dir, a.to);
  if (!m.ok()) return ReportError(m.status());
  PrintManifest(*m);
  std::printf("restore: %zu files checked and restored into %s\n", m->files.size(), a.to.c_str());
  return kExitOk;
}

CommandRegistrar reg([](AppContext& ctx) {
  {
    auto a = std::make_shared<BackupArgs>();
    auto* sub = ctx.root.add_subcommand(
        "backup",
        "consistent online backup of the SQLite databases, the register store and its key (kept "
        "apart), with a checksummed manifest; the server may keep running");
    sub->add_option("dir", a->dir, "backup folder (must not exist)")->required();
    sub->add_option("--store", a->sources.store,
                    "register spell store (with its .key and population)");
    sub->add_option("--db", a->sources.db, "case database: sqlite:PATH (PostgreSQL: pg_dump)");
    sub->add_option("--auth-db", a->sources.auth_db, "auth database file (users, sessions, audit)");
    ctx.OnRun(sub, [a] { return RunBackup(*a); });
  }
  {
    auto a = std::make_shared<BackupArgs>();
    auto* sub = ctx.root.add_subcommand(
        "restore",
        "check a backup's checksums and copy its files into a folder, keeping their names");
    sub->add_option("dir", a->dir, "backup folder written by `fremdrift backup`")->required();
    sub->add_option("--to", a->to, "folder to restore into (no file is overwritten)");
    sub->add_flag("--verify", a->verify_only, "only check the backup against its manifest");
    ctx.OnRun(sub, [a] { return RunRestore(*a); });
  }
});

}  // namespace
}  // namespace fremdrift
