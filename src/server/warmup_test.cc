// The first views prepared at start: once the server says they are ready, a leader's and a
// caseworker's first request of a case page is answered from the cache (no Table computed), and a
// request the pages do not make is still computed.
#include "server/warmup.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "server/test_server.h"

namespace fremdrift::server {
namespace {

using testing::Session;
using testing::TestServer;

std::int64_t Metric(Session& s, const std::string& name) { return s.Metric(name); }

TEST(WarmupTest, FirstViewsOfTheUsersMunicipalitiesComeFromTheCache) {
  auto t = TestServer::Start({}, "", [](ServerOptions& o) { o.warm_first_views = true; });
  Session leader(t->port());
  ASSERT_EQ(leader.Login("leder657"), 200);
  std::int64_t prepared = -1;
  for (int i = 0; i < 600 && prepared < 0; ++i) {
    prepared = Metric(leader, "fremdrift_first_views_prepared");
    if (prepared < 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Two municipalities have users (657 and 217); each has at least rettidighed's and
  // rehabilitering's first views, and the rule tables are shared.
  ASSERT_GE(prepared, 2 * 5) << "the warm-up did not finish";
  const std::int64_t computed = Metric(leader, "fremdrift_tables_computed_total");
  const std::int64_t hits = Metric(leader, "fremdrift_table_cache_hits_total");

  auto r = leader.Get("/api/v1/measurements/rettidighed?kommune=657");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  r = leader.Get("/api/v1/measurements/rettidighed?del=regler");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  Session analyst(t->port());
  ASSERT_EQ(analyst.Login("analytiker"), 200);
  r = analyst.Get("/api/v1/measurements/rettidighed?del=regler");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  Session caseworker(t->port());
  ASSERT_EQ(caseworker.Login("sb217"), 200);
  r = caseworker.Get("/api/v1/measurements/rehabilitering?del=afgoerelser&kommune=217");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  r = caseworker.Get("/api/v1/measurements/rettidighed?del=frister&kommune=217");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Metric(leader, "fremdrift_tables_computed_total"), computed);
  EXPECT_EQ(Metric(leader, "fremdrift_table_cache_hits_total"), hits + 5);

  // A municipality without users is not prepared: the analyst's request is computed now.
  r = analyst.Get("/api/v1/measurements/rettidighed?kommune=101");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Metric(leader, "fremdrift_tables_computed_total"), computed + 1);
}

TEST(WarmupTest, EveryFirstViewNamesAMeasurementOfTheCatalogue) {
  MeasurementRegistry registry;
  ASSERT_TRUE(AddAllMeasurements(registry).ok());
  for (const FirstViewRequest& r : FirstViewRequests()) {
    const Measurement* m = registry.Find(r.measurement);
    ASSERT_NE(m, nullptr) << r.measurement;
    std::map<std::string, std::string> values(r.params.begin(), r.params.end());
    values["kommune"] = "657";
    EXPECT_TRUE(Params(values).CheckAgainst(m->params).ok()) << r.measurement;
  }
}

}  // namespace
}  // namespace fremdrift::server
