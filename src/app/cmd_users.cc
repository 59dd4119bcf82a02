// `fremdrift users add | list | passwd | disable | enable | unlock`: dashboard users in the auth
// database (argon2id password hashes). Passwords are read from standard input (one line; not echoed
// on a terminal), never from the command line, where other users could see them, and must pass the
// password rule. Whoever runs these has the server's shell, so accounts made here are active at
// once (through the API, accounts with citizen access wait for a second administrator).
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "app/app_util.h"
#include "app/cli_auth.h"
#include "server/auth_store.h"
#include "server/password_hash.h"

namespace fremdrift {
namespace {

struct UsersArgs {
  std::string auth_db, store, username, name, role, kommune_text;
};

// One line from stdin; the terminal's echo is off while typing.
Result<std::string> ReadPassword(const char* prompt) {
  const bool tty = isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt);
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  if (!got) return InvalidArgument("password: nothing on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int Add(const AppContext& ctx, const UsersArgs& a) {
  auto ref = LoadReference(ctx);
  if (!ref.ok()) return ReportError(ref.status());
  server::User u;
  u.username = a.username;
  u.display_name = a.name.empty() ? a.username : a.name;
  auto role = server::ParseRole(a.role);
  if (!role.ok()) return ReportError(InvalidArgument("--role: {}", role.status().message()));
  u.role = *role;
  if (server::BoundToMunicipality(u.role)) {
    int code = std::atoi(a.kommune_text.c_str());
    if (a.kommune_text.empty() || ref->MunicipalityIndex(code) < 0) {
      return ReportError(
          InvalidArgument("--kommune: a municipality code is required for role {}", a.role));
    }
    u.kommune = code;
  } else if (!a.kommune_text.empty()) {
    return ReportError(InvalidArgument("--kommune: only for caseworker and leader"));
  }
  auto password = ReadPassword("Adgangskode: ");
  if (!password.ok()) return ReportError(password.status());
  if (Status s = server::CheckPasswordPolicy(*password, u.username); !s.ok()) {
    return ReportError(s);
  }
  auto hash = server::HashPassword(*password);
  if (!hash.ok()) return ReportError(hash.status());
  u.password_hash = *hash;
  auto auth = OpenCliAuth(a.auth_db, a.store);
  if (!auth.ok()) return ReportError(auth.status());
  if (Status s = (*auth)->AddUser(u); !s.ok()) return ReportError(s);
  if (Status s = AuditCli(**auth, "user_add", "fremdrift users add",
                          "user=" + u.username + " role=" + a.role);
      !s.ok()) {
    return ReportError(s);
  }
  std::printf("added %s (%s%s)\n", u.username.c_str(), a.role.c_str(),
              u.kommune ? (", kommune " + std::to_string(u.kommune)).c_str() : "");
  return kExitOk;
}

int List(const UsersArgs& a) {
  auto auth = OpenCliAuth(a.auth_db, a.store);
  if (!auth.ok()) return ReportError(auth.status());
  auto users = (*auth)->ListUsers();
  if (!users.ok()) return ReportError(users.status());
  std::printf("username,display_name,role,kommune,created_at,status,locked_until\n");
  const std::int64_t now = std::time(nullptr);
  for (const auto& u : *users) {
    // locked_until: empty when not locked, "unlock" when locked until `users unlock`.
    const std::string locked = !u.LockedAt(now) ? ""
                               : u.locked_until == server::kLockedUntilUnlocked
                                   ? "unlock"
                                   : server::FormatUtc(u.locked_until);
    std::printf("%s,%s,%s,%d,%s,%s,%s\n", u.username.c_str(), u.display_name.c_str(),
                std::string(server::RoleName(u.role)).c_str(), u.kommune, u.created_at.c_str(),
                std::string(server::UserStatusName(u.status)).c_str(), locked.c_str());
  }
  return kExitOk;
}

int Passwd(const UsersArgs& a) {
  auto auth = OpenCliAuth(a.auth_db, a.store);
  if (!auth.ok()) return ReportError(auth.status());
  auto user = (*auth)->FindUser(a.username);
  if (!user.ok()) return ReportError(user.status());
  auto password = ReadPassword("Ny adgangskode: ");
  if (!password.ok()) return ReportError(password.status());
  if (Status s = server::CheckPasswordPolicy(*password, a.username); !s.ok()) {
    return ReportError(s);
  }
  auto hash = server::HashPassword(*password);
  if (!hash.ok()) return ReportError(hash.status());
  // A new password ends every open session of the user.
  if (Status s = server::ChangePassword(**auth, a.username, *hash); !s.ok()) return ReportError(s);
  if (Status s = AuditCli(**auth, "user_passwd", "fremdrift users passwd", "user=" + a.username);
      !s.ok()) {
    return ReportError(s);
  }
  std::printf("password changed for %s\n", a.username.c_str());
  return kExitOk;
}

// disable: the user can no longer log in and their sessions end; enable: active again (also a
// user waiting for approval).
int SetStatus(const UsersArgs& a, server::UserStatus status) {
  auto auth = OpenCliAuth(a.auth_db, a.store);
  if (!auth.ok()) return ReportError(auth.status());
  if (Status s = (*auth)->SetUserStatus(a.username, status, ""); !s.ok()) return ReportError(s);
  const bool on = status == server::UserStatus::kActive;
  if (Status s =
          AuditCli(**auth, on ? "user_enable" : "user_disable",
                   on ? "fremdrift users enable" : "fremdrift users disable", "user=" + a.username);
      !s.ok()) {
    return ReportError(s);
  }
  std::printf("%s %s\n", on ? "enabled" : "disabled (sessions ended)", a.username.c_str());
  return kExitOk;
}

// unlock: lifts a lock after failed logins (login_max_failures) and resets the count.
int Unlock(const UsersArgs& a) {
  auto auth = OpenCliAuth(a.auth_db, a.store);
  if (!auth.ok()) return ReportError(auth.status());
  if (Status s = (*auth)->ClearFailedLogins(a.username); !s.ok()) return ReportError(s);
  if (Status s = AuditCli(**auth, "user_unlock", "fremdrift users unlock", "user=" + a.username);
      !s.ok()) {
    return ReportError(s);
  }
  std::printf("unlocked %s\n", a.username.c_str());
  return kExitOk;
}

void AddDbOptions(CLI::App* sub, UsersArgs& a) {
  sub->add_option("--auth-db", a.auth_db,
                  "users, sessions and the audit log: a SQLite file or postgresql://... "
                  "(default: STORE.auth.db)");
  sub->add_option("--store", a.store, "spell store whose STORE.auth.db to use");
}

CommandRegistrar reg([](AppContext& ctx) {
  auto* users = ctx.Command("users");
  users->require_subcommand(1);
  auto a = std::make_shared<UsersArgs>();
  auto* add = users->add_subcommand("add", "add a user; the password is read from standard input");
  AddDbOptions(add, *a);
  add->add_option("--username", a->username, "login name: a-z, 0-9, '.', '_', '-'")->required();
  add->add_option("--name", a->name, "display name");
  add->add_option("--role", a->role, "caseworker, leader, analyst or admin")->required();
  add->add_option("--kommune", a->kommune_text, "municipality code (caseworker, leader)");
  ctx.OnRun(add, [&ctx, a] { return Add(ctx, *a); });
  auto* list = users->add_subcommand("list", "list users as CSV");
  AddDbOptions(list, *a);
  ctx.OnRun(list, [a] { return List(*a); });
  auto* passwd = users->add_subcommand("passwd", "set a new password (read from standard input)");
  AddDbOptions(passwd, *a);
  passwd->add_option("--username", a->username, "login name")->required();
  ctx.OnRun(passwd, [a] { return Passwd(*a); });
  auto* disable =
      users->add_subcommand("disable", "stop a user from logging in and end their sessions");
  AddDbOptions(disable, *a);
  disable->add_option("--username", a->username, "login name")->required();
  ctx.OnRun(disable, [a] { return SetStatus(*a, server::UserStatus::kDisabled); });
  auto* enable = users->add_subcommand(
      "enable", "let a disabled user (or one waiting for approval) log in again");
  AddDbOptions(enable, *a);
  enable->add_option("--username", a->username, "login name")->required();
  ctx.OnRun(enable, [a] { return SetStatus(*a, server::UserStatus::kActive); });
  auto* unlock = users->add_subcommand(
      "unlock", "let a user locked after too many failed logins log in again");
  AddDbOptions(unlock, *a);
  unlock->add_option("username,--username", a->username, "login name")->required();
  ctx.OnRun(unlock, [a] { return Unlock(*a); });
});

}  // namespace
}  // namespace fremdrift
