// Fresh databases for tests (see test_database.h).
#include "eventstore/test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace fremdrift::cases {
namespace {

Status PgExec(const std::string& server_url, const std::string& sql) {
  PGconn* conn = PQconnectdb(server_url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return Unavailable("cannot connect to the test PostgreSQL server: {}", msg);
  }
  PQclear(PQexec(conn, "SET client_min_messages = warning"));
  PGresult* r = PQexec(conn, sql.c_str());
  Status st;
  if (PQresultStatus(r) != PGRES_COMMAND_OK)
    st = Internal("postgresql: {}", PQresultErrorMessage(r));
  PQclear(r);
  PQfinish(conn);
  return st;
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 1000000);
}

}  // namespace

std::string TestDatabase::PgServerUrl() {
  const char* url = std::getenv("FREMDRIFT_TEST_PG_URL");
  return url != nullptr ? url : "";
}

std::string TestDatabase::SkipReason(const std::string& backend) {
  if (backend == "postgresql" && PgServerUrl().empty()) {
    return "PostgreSQL tests skipped: FREMDRIFT_TEST_PG_URL is not set (start a server with "
           "`scripts/pg-test-server start DIR` and export the URL it prints)";
  }
  return "";
}

Result<TestDatabase> TestDatabase::Create(const std::string& backend) {
  TestDatabase db;
  db.backend_ = backend;
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec) / ("fremdrift_cases_" + UniqueSuffix());
  std::filesystem::create_directories(dir, ec);
  if (ec) return Internal("cannot create {}: {}", dir.string(), ec.message());
  db.dir_ = dir.string();
  if (backend == "sqlite") {
    db.url_ = "sqlite:" + db.dir_ + "/events.db";
    return db;
  }
  if (backend != "postgresql") return InvalidArgument("unknown backend {}", backend);
  std::string server = PgServerUrl();
  if (server.empty()) return FailedPrecondition("{}", SkipReason(backend));
  db.schema_ = "t_" + UniqueSuffix();
  RETURN_IF_ERROR(PgExec(server, "CREATE SCHEMA " + db.schema_));
  db.url_ = server + (server.find('?') == std::string::npos ? "?" : "&") +
            "options=-csearch_path%3D" + db.schema_;
  return db;
}

TestDatabase::TestDatabase(TestDatabase&& other) noexcept
    : backend_(std::move(other.backend_)),
      url_(std::move(other.url_)),
      dir_(std::move(other.dir_)),
      schema_(std::move(other.schema_)) {
  other.dir_.clear();
  other.schema_.clear();
}

TestDatabase::~TestDatabase() {
  if (!schema_.empty()) (void)PgExec(PgServerUrl(), "DROP SCHEMA " + schema_ + " CASCADE");
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

}  // namespace fremdrift::cases
