// Internal to the auth stores: the one AuthStore implementation over db::Connection, shared by the
// SQLite (sqlite_auth_store.cc) and PostgreSQL (pg_auth_store.cc) openers, each of which sets up
// its backend's schema first. Thread-safety: as AuthStore.
#pragma once

#include <memory>

#include "db/connection.h"
#include "server/auth_store.h"

namespace fremdrift::server {

// The store over `conn`, whose schema (users, sessions, api_tokens, audit, audit_pruned) is set up.
std::unique_ptr<AuthStore> NewSqlAuthStore(std::unique_ptr<db::Connection> conn);

}  // namespace fremdrift::server
