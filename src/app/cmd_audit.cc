// `fremdrift audit verify | prune | borger`: the audit log's hash chain checked (with the signed
// archives of pruned entries), old entries archived and pruned (retention), and a citizen's
// access request answered: the dates and purposes of look-ups of one citizen, whose CPR number is
// read from standard input and turned into the store's pseudonym, without staff names
// (server/audit_chain.h, audit_prune.h, audit_access_request.h, docs/security.md).
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/app_util.h"
#include "domain/clock.h"
#include "domain/cpr.h"
#include "domain/pseudonym.h"
#include "registry/ingest.h"
#include "server/audit_access_request.h"
#include "server/audit_archive.h"
#include "server/audit_chain.h"
#include "server/audit_prune.h"
#include "server/auth_store.h"

namespace fremdrift {
namespace {

struct AuditArgs {
  std::string auth_db, store, archive_key, archive_dir, older_than, key_file, format = "text";
  std::vector<std::string> archives;
  std::vector<std::string> stray;  // borger: words on the command line (refused, never repeated)
  bool cpr = false;
};

std::string AuthPath(const AuditArgs& a) {
  return a.auth_db.empty() ? server::DefaultAuthDbPath(a.store) : a.auth_db;
}

// What to call the auth database in messages: a postgresql:// URL may hold a password.
std::string AuthName(const std::string& path) {
  return server::IsPostgresUrl(path) ? "postgresql://..." : path;
}

Result<std::unique_ptr<server::AuthStore>> OpenExisting(const std::string& path) {
  if (!server::IsPostgresUrl(path) && !std::filesystem::exists(path)) {
    return NotFound("{} not found", path);
  }
  auto auth = server::OpenAuthStore(path);
  if (!auth.ok()) return auth.status().WithContext(AuthName(path));
  return auth;
}

// The archive key: --archive-key, else AUTH_DB.archive.key beside a SQLite auth database.
Result<std::string> ArchiveKeyPath(const AuditArgs& a, const std::string& auth_path) {
  if (!a.archive_key.empty()) return a.archive_key;
  if (server::IsPostgresUrl(auth_path)) {
    return InvalidArgument("--archive-key: required with a postgresql:// auth database");
  }
  return auth_path + ".archive.key";
}

Result<std::vector<server::AuditArchive>> ReadArchives(const AuditArgs& a,
                                                       const std::string& auth_path) {
  std::vector<server::AuditArchive> out;
  if (a.archives.empty()) return out;
  ASSIGN_OR_RETURN(std::string key_path, ArchiveKeyPath(a, auth_path));
  ASSIGN_OR_RETURN(std::string key, server::ReadArchiveKey(key_path, false));
  for (const std::string& f : a.archives) {
    ASSIGN_OR_RETURN(server::AuditArchive archive, server::ReadAuditArchive(f, key));
    out.push_back(std::move(archive));
  }
  return out;
}

std::vector<const server::AuditArchive*> Pointers(const std::vector<server::AuditArchive>& v) {
  std::vector<const server::AuditArchive*> out;
  for (const auto& a : v) out.push_back(&a);
  return out;
}

// A command-line run in the audit log (user "cli", from "local").
server::AuditEntry CliEntry(std::string action, std::string what) {
  server::AuditEntry e;
  e.username = "cli";
  e.role = "-";
  e.action = std::move(action);
  e.what = std::move(what);
  e.remote = "local";
  return e;
}

int RunVerify(const AuditArgs& a) {
  const std::string path = AuthPath(a);
  auto auth = OpenExisting(path);
  if (!auth.ok()) return ReportError(auth.status());
  auto archives = ReadArchives(a, path);
  if (!archives.ok()) return ReportError(archives.status());
  auto report = server::VerifyAuditChain(**auth, Pointers(*archives));
  if (!report.ok()) return ReportError(report.status().WithContext(AuthName(path)));
  std::printf("audit: %lld entries, the hash chain is intact",
              static_cast<long long>(report->entries));
  if (report->pruned_up_to > 0) {
    std::printf(" (entries up to %lld were pruned", static_cast<long long>(report->pruned_up_to));
    if (report->archived > 0) {
      std::printf("; %lld of them checked in %zu archive(s)",
                  static_cast<long long>(report->archived), archives->size());
    }
    std::printf(")");
  }
  if (report->legacy > 0) {
    std::printf(" (the first %lld were written before the chain and cannot be checked)",
                static_cast<long long>(report->legacy));
  }
  std::printf("\n");
  return kExitOk;
}

int RunPrune(const AuditArgs& a) {
  if (a.older_than.empty()) {
    return ReportError(InvalidArgument(
        "--older-than: give the retention period (e.g. 6m, 180d, 1y), or older-than in the "
        "[audit.prune] section of the configuration file"));
  }
  auto period = server::ParseRetentionPeriod(a.older_than);
  if (!period.ok()) return ReportError(period.status().WithContext("--older-than"));
  const std::string path = AuthPath(a);
  auto auth = OpenExisting(path);
  if (!auth.ok()) return ReportError(auth.status());
  auto key_path = ArchiveKeyPath(a, path);
  if (!key_path.ok()) return ReportError(key_path.status());
  if (a.archive_dir.empty() && server::IsPostgresUrl(path)) {
    return ReportError(
        InvalidArgument("--archive-dir: required with a postgresql:// auth database"));
  }
  auto key = server::ReadArchiveKey(*key_path, true);
  if (!key.ok()) return ReportError(key.status());
  server::PruneOptions o;
  o.cutoff = server::RetentionCutoff(*period, CurrentClock()->UnixSeconds());
  o.archive_dir = a.archive_dir.empty() ? path + ".archive" : a.archive_dir;
  o.key = *key;
  o.note = CliEntry("audit_prune", "fremdrift audit prune");
  auto report = server::PruneAuditLog(**auth, o);
  if (!report.ok()) return ReportError(report.status().WithContext(AuthName(path)));
  if (report->pruned == 0) {
    std::printf("audit prune: no entries before %s\n", o.cutoff.c_str());
  } else {
    std::printf(
        "audit prune: %lld entries before %s archived in %s and removed; the log now "
        "starts after entry %lld\n",
        static_cast<long long>(report->pruned), o.cutoff.c_str(), report->archive_path.c_str(),
        static_cast<long long>(report->anchor.seq));
  }
  return kExitOk;
}

// One line from standard input, not echoed on a terminal; never printed or logged.
Result<std::string> ReadCprLine() {
  const bool tty = isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::fprintf(stderr, "CPR-nummer: ");
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  if (!got) return InvalidArgument("--cpr: no CPR number on standard input");
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  while (!line.empty() && line.front() == ' ') line.erase(0, 1);
  return line;
}

int RunBorger(const AuditArgs& a) {
  if (!a.stray.empty()) {
    return ReportError(InvalidArgument(
        "audit borger takes no arguments: the CPR number is never given on the command line "
        "(where other users can see it); give --cpr and write it on standard input"));
  }
  if (!a.cpr) {
    return ReportError(InvalidArgument(
        "give --cpr and the CPR number on standard input (never on the command line)"));
  }
  if (a.format != "text" && a.format != "json") {
    return ReportError(InvalidArgument("--format: text or json, not '{}'", a.format));
  }
  const std::string key_path =
      a.key_file.empty() ? (a.store.empty() ? "" : DefaultKeyPath(a.store)) : a.key_file;
  if (key_path.empty()) {
    return ReportError(InvalidArgument("give --store STORE (its key STORE.key) or --key FILE"));
  }
  auto key = Pseudonymizer::ReadKeyFile(key_path);
  if (!key.ok()) return ReportError(key.status().WithContext("--key"));
  std::string pseudonym;
  {
    auto line = ReadCprLine();
    if (!line.ok()) return ReportError(line.status());
    auto cpr = ParseCpr(*line);
    if (!cpr.ok()) {
      return ReportError(InvalidArgument(
          "--cpr: the line on standard input is {} (10 digits, DDMMYYSSSS or DDMMYY-SSSS)",
          LooksLikeCpr(*line) ? "not a valid CPR number" : "not a CPR number"));
    }
    pseudonym = PseudonymToHex(Pseudonymizer(*key).Of(cpr->digits));
  }
  const std::string path = AuthPath(a);
  auto auth = OpenExisting(path);
  if (!auth.ok()) return ReportError(auth.status());
  auto archives = ReadArchives(a, path);
  if (!archives.ok()) return ReportError(archives.status());
  auto found = server::CitizenLookups(**auth, Pointers(*archives), pseudonym);
  if (!found.ok()) return ReportError(found.status());
  // The request itself is a processing of the citizen's data: recorded, by pseudonym.
  server::AuditEntry note = CliEntry("access_request", "fremdrift audit borger");
  note.citizen = pseudonym;
  note.detail = fmt::format("{} look-ups listed", found->size());
  if (Status s = (*auth)->AppendAudit({note}); !s.ok()) return ReportError(s);

  if (a.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& l : *found) {
      list.push_back({{"dato", l.at.substr(0, 10)},
                      {"tidspunkt_utc", l.at.size() >= 19 ? l.at.substr(11, 8) : ""},
                      {"formaal", l.purpose},
                      {"art", server::CitizenLookupKind(l)},
                      {"kommune", l.kommune}});
    }
    nlohmann::json out = {{"opslag", list}, {"antal", found->size()}};
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  if (found->empty()) {
    std::printf("Ingen opslag på borgeren i adgangsloggen%s.\n",
                archives->empty() ? "" : " eller de givne arkiver");
    return kExitOk;
  }
  std::printf("Opslag på borgeren i adgangsloggen: %zu\n", found->size());
  std::printf("%-10s  %-14s  %-16s  %-7s  %s\n", "dato", "tidspunkt_utc", "formål", "kommune",
              "art");
  for (const auto& l : *found) {
    const std::string purpose = l.purpose.empty() ? "(ikke angivet)" : l.purpose;
    std::printf("%-10s  %-14s  %-16s  %-7s  %s\n", l.at.substr(0, 10).c_str(),
                l.at.size() >= 19 ? l.at.substr(11, 8).c_str() : "", purpose.c_str(),
                l.kommune > 0 ? std::to_string(l.kommune).c_str() : "-",
                server::CitizenLookupKind(l).c_str());
  }
  return kExitOk;
}

void AddAuthOptions(CLI::App* sub, AuditArgs& a) {
  sub->add_option("--auth-db", a.auth_db,
                  "users, sessions and the audit log: a SQLite file or postgresql://... "
                  "(default: STORE.auth.db)");
  sub->add_option("--store", a.store, "spell store whose STORE.auth.db (and STORE.key) to use");
}

void AddArchiveOptions(CLI::App* sub, AuditArgs& a) {
  sub->add_option("--archive", a.archives,
                  "archive file(s) of pruned entries to check and include (repeatable)");
  sub->add_option("--archive-key", a.archive_key,
                  "the archives' signing key, mode 0600, kept apart from the archives (default: "
                  "AUTH_DB.archive.key)");
}

// Every option also from the environment, FREMDRIFT_AUDIT_<COMMAND>_<NAME>
// (prune --older-than: FREMDRIFT_AUDIT_PRUNE_OLDER_THAN).
void EnvNames(CLI::App* sub, const std::string& command) {
  for (CLI::Option* o : sub->get_options()) {
    if (o->get_lnames().empty() || o->get_lnames().front() == "help") continue;
    std::string env = "FREMDRIFT_AUDIT_" + command + "_";
    for (char c : o->get_lnames().front()) {
      env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    o->envname(env);
  }
}

CommandRegistrar reg([](AppContext& ctx) {
  auto* audit = ctx.Command("audit");
  audit->require_subcommand(1);
  auto a = std::make_shared<AuditArgs>();
  auto* verify = audit->add_subcommand(
      "verify",
      "check the audit log's hash chain (and archives of pruned entries); names the first "
      "changed, inserted or deleted entry");
  AddAuthOptions(verify, *a);
  AddArchiveOptions(verify, *a);
  ctx.OnRun(verify, [a] { return RunVerify(*a); });

  auto* prune = audit->add_subcommand(
      "prune",
      "archive the entries older than the retention period in a signed file, then remove them");
  AddAuthOptions(prune, *a);
  prune->add_option("--older-than", a->older_than,
                    "retention period: entries older than this go (6m, 180d, 1y; '6 months')");
  prune->add_option("--archive-dir", a->archive_dir,
                    "folder for the archive files (default: AUTH_DB.archive)");
  prune->add_option("--archive-key", a->archive_key,
                    "signing key, mode 0600, created when missing; keep it apart from the "
                    "archives (default: AUTH_DB.archive.key)");
  EnvNames(prune, "PRUNE");
  ctx.OnRun(prune, [a] { return RunPrune(*a); });

  auto* borger = audit->add_subcommand(
      "borger",
      "a citizen's access request: dates and purposes of look-ups of the citizen whose CPR "
      "number is read from standard input, without staff names");
  AddAuthOptions(borger, *a);
  borger->add_flag("--cpr", a->cpr, "read the citizen's CPR number from standard input");
  borger->add_option("--key", a->key_file,
                     "the register's pseudonym key (default: STORE.key beside --store)");
  borger->add_option("--format", a->format, "text or json")->capture_default_str();
  AddArchiveOptions(borger, *a);
  // Caught so that a number typed here is refused without CLI11 repeating it in its error.
  borger->add_option("words", a->stray)->group("");
  ctx.OnRun(borger, [a] { return RunBorger(*a); });
});

}  // namespace
}  // namespace fremdrift
