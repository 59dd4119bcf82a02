// The server test fixture (test_server.h).
#include "server/test_server.h"

#include <regex>

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "eventstore/event_store.h"
#include "registry/ingest.h"
#include "server/password_hash.h"

namespace fremdrift::server::testing {
namespace {

std::string SourceDir() {
  const char* s = std::getenv("FREMDRIFT_SOURCE_DIR");
  return s ? s : FREMDRIFT_SOURCE_DIR_FOR_TESTS;
}

cases::Event MakeEvent(const std::string& id, const std::string& person, int kommune,
                       const char* date, const char* type, const char* attributes) {
  cases::Event e;
  e.event_id = id;
  e.person = person;
  e.kommune = kommune;
  e.date = DaysFromCivil(*ParseIsoDate(date));
  e.type = *cases::ParseEventType(type);
  e.attributes = *cases::Attributes::Parse(attributes);
  e.recorded_by = "test";
  e.recorded_at = "2020-01-01T00:00:00";
  return e;
}

}  // namespace

std::unique_ptr<TestServer> TestServer::Start(
    LoginLimits limits, const std::string& auth_url,
    const std::function<void(ServerOptions&)>& configure) {
  auto t = std::unique_ptr<TestServer>(new TestServer());
  char tmpl[] = "/tmp/fremdrift-server-test-XXXXXX";
  const char* d = mkdtemp(tmpl);
  if (!d) ADD_FAILURE() << "mkdtemp";
  t->dir_ = d;
  auto ref = ReferenceData::LoadEmbedded();
  EXPECT_TRUE(ref.ok()) << ref.status().ToString();
  t->reference_ = std::move(*ref);

  IngestOptions ingest;
  ingest.register_path = SourceDir() + "/examples/register.csv";
  ingest.store_path = t->dir_ + "/register.store";
  ingest.threads = 2;
  auto report = IngestRegister(t->reference_, ingest);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  auto store = SpellStore::Open(ingest.store_path);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  t->store_ = std::make_unique<SpellStore>(std::move(*store));

  const std::string url = "sqlite:" + t->dir_ + "/events.db";
  {
    auto es = cases::EventStore::Open(url);
    EXPECT_TRUE(es.ok()) << es.status().ToString();
    std::vector<cases::Event> events;
    int n = 0;
    auto add_citizen = [&](const std::string& p, int k) {
      auto id = [&] { return "e" + std::to_string(++n); };
      events.push_back(MakeEvent(id(), p, k, "2019-01-07", "visitation", "project=haandholdt"));
      events.push_back(
          MakeEvent(id(), p, k, "2019-01-07", "decision", "kind=ressourceforloeb|years=2"));
      events.push_back(MakeEvent(id(), p, k, "2019-01-08", "caseworker_assigned",
                                 "caseworker=sb1|role=koordinerende"));
      events.push_back(MakeEvent(id(), p, k, "2019-01-30", "conversation", "kind=foerste"));
    };
    for (const char* p : kHerningCitizens) add_citizen(p, 657);
    add_citizen(kHelsingoerCitizen, 217);
    auto appended = (*es)->Append(events, {"test", "test", "2020-01-01T00:00:00"});
    EXPECT_TRUE(appended.ok()) << appended.status().ToString();
  }
  auto cases = CaseSource::Open(url, SourceDir() + "/data/models");
  EXPECT_TRUE(cases.ok()) << cases.status().ToString();
  t->cases_ = std::move(*cases);

  auto auth =
      auth_url.empty() ? OpenSqliteAuthStore(t->dir_ + "/auth.db") : OpenAuthStore(auth_url);
  EXPECT_TRUE(auth.ok()) << auth.status().ToString();
  t->auth_ = std::move(*auth);
  auto hash = HashPassword(kTestPassword);
  EXPECT_TRUE(hash.ok());
  struct U {
    const char* name;
    Role role;
    int kommune;
  };
  for (const U& u : {U{"sb657", Role::kCaseworker, 657}, U{"leder657", Role::kLeader, 657},
                     U{"sb217", Role::kCaseworker, 217}, U{"analytiker", Role::kAnalyst, 0},
                     U{"admin", Role::kAdmin, 0}}) {
    User user;
    user.username = u.name;
    user.display_name = u.name;
    user.role = u.role;
    user.kommune = u.kommune;
    user.password_hash = *hash;
    EXPECT_TRUE(t->auth_->AddUser(user).ok());
  }

  EXPECT_TRUE(AddAllMeasurements(t->registry_).ok());
  ServerOptions options;
  options.port = 0;
  options.threads = 64;  // connections served at once; more get 503
  options.web_dir = SourceDir() + "/web";
  options.login_limits = limits;
  options.clock = [p = t.get()] { return std::time(nullptr) + p->clock_offset_.load(); };
  if (configure) configure(options);
  ServerSources sources{&t->reference_,  t->store_.get(), nullptr,
                        t->cases_.get(), t->auth_.get(),  &t->registry_};
  t->server_ = std::make_unique<DashboardServer>(options, sources);
  Status bound = t->server_->Bind();
  EXPECT_TRUE(bound.ok()) << bound.ToString();
  t->thread_ = std::thread([s = t->server_.get()] { (void)s->Run(); });
  // Wait until it answers.
  httplib::Client probe("127.0.0.1", t->port());
  for (int i = 0; i < 200; ++i) {
    if (auto r = probe.Get("/api/v1/health"); r && r->status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return t;
}

std::int64_t TestServer::AuditCount(const std::string& citizen, const std::string& action) {
  AuditFilter f;
  f.citizen = citizen;
  f.action = action;
  f.limit = 100000;
  auto rows = auth_->ReadAudit(f);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  return rows.ok() ? static_cast<std::int64_t>(rows->size()) : -1;
}

TestServer::~TestServer() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
  std::filesystem::remove_all(dir_);
}

int Session::Login(const std::string& username, const std::string& password) {
  nlohmann::json body = {{"username", username}, {"password", password}};
  auto r = client_.Post("/api/v1/login", body.dump(), "application/json");
  if (!r) return 0;
  if (r->status == 200) {
    std::string set = r->get_header_value("Set-Cookie");
    cookie_ = set.substr(0, set.find(';'));
    csrf_ = nlohmann::json::parse(r->body)["csrf_token"].get<std::string>();
  }
  return r->status;
}

std::int64_t Session::Metric(const std::string& name) {
  auto r = Get("/api/v1/metrics");
  if (!r || r->status != 200) return -2;
  std::smatch m;
  if (!std::regex_search(r->body, m, std::regex("\n" + name + " (-?[0-9]+)"))) return -3;
  return std::stoll(m[1]);
}

httplib::Result Session::Get(const std::string& path) {
  httplib::Headers h;
  if (!cookie_.empty()) h.emplace("Cookie", cookie_);
  // Citizen lookups name their purpose; tests of the purpose itself use client() directly.
  if (path.rfind("/api/v1/borgere", 0) == 0 && path.find("formaal=") == std::string::npos) {
    return client_.Get(path + (path.find('?') == std::string::npos ? "?" : "&") +
                           "formaal=sagsbehandling",
                       h);
  }
  return client_.Get(path, h);
}

httplib::Result Session::Post(const std::string& path, const std::string& json, bool with_csrf) {
  httplib::Headers h;
  if (!cookie_.empty()) h.emplace("Cookie", cookie_);
  if (with_csrf && !csrf_.empty()) h.emplace("X-CSRF-Token", csrf_);
  return client_.Post(path, h, json, "application/json");
}

}  // namespace fremdrift::server::testing
