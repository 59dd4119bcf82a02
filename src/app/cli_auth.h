// The auth store as the user and token commands open it, and the audit entry they write for a
// change made from the command line (user "cli", from "local").
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "common/status.h"
#include "server/auth_store.h"

namespace fremdrift {

// The auth store `auth_db` names, else the one beside the spell store `store`.
inline Result<std::unique_ptr<server::AuthStore>> OpenCliAuth(const std::string& auth_db,
                                                              const std::string& store) {
  return server::OpenAuthStore(auth_db.empty() ? server::DefaultAuthDbPath(store) : auth_db);
}

// Records a change made from the command line in the audit log.
inline Status AuditCli(server::AuthStore& auth, std::string action, std::string what,
                       std::string detail) {
  server::AuditEntry e;
  e.username = "cli";
  e.role = "-";
  e.action = std::move(action);
  e.what = std::move(what);
  e.detail = std::move(detail);
  e.remote = "local";
  return auth.AppendAudit({e});
}

}  // namespace fremdrift
