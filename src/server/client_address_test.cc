// Tests of the trusted-proxy matcher (a table of ranges and addresses) and of the choice of the
// client's address and scheme behind proxies.
#include "server/client_address.h"

#include <gtest/gtest.h>

namespace fremdrift::server {
namespace {

struct MatchCase {
  const char* range;
  const char* address;
  bool inside;
};

// range, address, inside?
constexpr MatchCase kMatches[] = {
    {"127.0.0.1", "127.0.0.1", true},
    {"127.0.0.1", "127.0.0.2", false},
    {"127.0.0.1", "::ffff:127.0.0.1", true},  // IPv4 peer on a dual-stack socket
    {"10.0.0.0/8", "10.255.3.4", true},
    {"10.0.0.0/8", "11.0.0.1", false},
    {"192.168.1.0/24", "192.168.1.255", true},
    {"192.168.1.0/24", "192.168.2.0", false},
    {"172.16.0.0/12", "172.31.255.255", true},
    {"172.16.0.0/12", "172.32.0.0", false},
    {"10.1.2.3/32", "10.1.2.3", true},
    {"10.1.2.3/32", "10.1.2.4", false},
    {"0.0.0.0/0", "8.8.8.8", true},
    {"0.0.0.0/0", "::1", false},  // all of IPv4 is not IPv6
    {"::1", "::1", true},
    {"::1", "::2", false},
    {"::1", "127.0.0.1", false},
    {"fd00::/8", "fd12:3456::1", true},
    {"fd00::/8", "fe80::1", false},
    {"2001:db8::/32", "2001:db8:ffff::1", true},
    {"2001:db8::/32", "2001:db9::1", false},
    {"2001:db8::/33", "2001:db8:7fff::1", true},
    {"2001:db8::/33", "2001:db8:8000::1", false},
    {"::ffff:10.0.0.0/104", "10.9.9.9", true},
    {"::/0", "10.0.0.1", true},
    {"10.0.0.0/8", "not-an-address", false},
    {"10.0.0.0/8", "", false},
    {"10.0.0.0/8", "10.0.0.1:8080", false},
};

TEST(TrustedProxies, MatchTable) {
  for (const MatchCase& c : kMatches) {
    auto proxies = TrustedProxies::Parse({c.range});
    ASSERT_TRUE(proxies.ok()) << c.range << ": " << proxies.status().ToString();
    EXPECT_EQ(proxies->Contains(c.address), c.inside) << c.range << " ∋ " << c.address;
  }
}

TEST(TrustedProxies, BadRangesAreRefusedNamingThem) {
  for (const char* bad : {"10.0.0.0/33", "10.0.0.1/8", "::1/129", "10.0.0/8", "localhost",
                          "10.0.0.0/", "10.0.0.0/x", "fd00::1/8", "1.2.3.4.5", "::g"}) {
    auto p = TrustedProxies::Parse({bad});
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(p.status().message().find(bad), std::string::npos) << p.status().message();
  }
}

TEST(TrustedProxies, EmptyTrustsNoOneAndCommaListsAreAccepted) {
  TrustedProxies none;
  EXPECT_FALSE(none.Contains("127.0.0.1"));
  auto p = TrustedProxies::Parse({"127.0.0.1, ::1", "10.0.0.0/8"});
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->Contains("::1"));
  EXPECT_TRUE(p->Contains("10.2.3.4"));
  EXPECT_FALSE(p->Contains("192.168.0.1"));
}

struct ResolveCase {
  const char* name;
  const char* peer;
  std::vector<std::string> forwarded_for;
  std::vector<std::string> forwarded_proto;
  const char* address;
  bool https;
};

TEST(ResolveClient, AddressAndSchemeTable) {
  auto proxies = TrustedProxies::Parse({"127.0.0.1", "10.0.0.0/8"});
  ASSERT_TRUE(proxies.ok());
  const ResolveCase cases[] = {
      {"untrusted peer: headers ignored", "198.51.100.7", {"203.0.113.9"}, {"https"},
       "198.51.100.7", false},
      {"trusted peer, one entry", "127.0.0.1", {"198.51.100.7"}, {"https"}, "198.51.100.7", true},
      {"trusted peer, no header", "127.0.0.1", {}, {}, "127.0.0.1", false},
      {"client's own spoof left of the proxy's entry", "127.0.0.1",
       {"203.0.113.9, 198.51.100.7"}, {"http"}, "198.51.100.7", false},
      {"two trusted hops skipped", "127.0.0.1", {"198.51.100.7, 10.1.1.1"}, {"HTTPS"},
       "198.51.100.7", true},
      {"several lines count in order", "127.0.0.1", {"203.0.113.9", "198.51.100.7, 10.2.2.2"},
       {}, "198.51.100.7", false},
      {"every hop trusted: the left-most", "127.0.0.1", {"10.3.3.3, 10.1.1.1"}, {},
       "10.3.3.3", false},
      {"garbage right-most: the peer", "127.0.0.1", {"198.51.100.7, bogus"}, {}, "127.0.0.1",
       false},
      {"garbage behind a trusted hop: that hop", "127.0.0.1", {"bogus, 10.1.1.1"}, {},
       "10.1.1.1", false},
      {"IPv6 client", "127.0.0.1", {"2001:db8::7"}, {"https"}, "2001:db8::7", true},
      {"bracketed IPv6 client", "127.0.0.1", {"[2001:db8::7]"}, {}, "2001:db8::7", false},
      {"the last proto line counts", "127.0.0.1", {"198.51.100.7"}, {"http", "https"},
       "198.51.100.7", true},
      {"the last proto entry counts", "127.0.0.1", {"198.51.100.7"}, {"https, http"},
       "198.51.100.7", false},
      {"dual-stack trusted peer", "::ffff:127.0.0.1", {"198.51.100.7"}, {"https"},
       "198.51.100.7", true},
  };
  for (const ResolveCase& c : cases) {
    ClientOrigin o = ResolveClient(*proxies, c.peer, c.forwarded_for, c.forwarded_proto);
    EXPECT_EQ(o.address, c.address) << c.name;
    EXPECT_EQ(o.https, c.https) << c.name;
  }
  // Trusting no one: the peer, always.
  ClientOrigin o = ResolveClient(TrustedProxies(), "127.0.0.1", {"203.0.113.9"}, {"https"});
  EXPECT_EQ(o.address, "127.0.0.1");
  EXPECT_FALSE(o.https);
}

}  // namespace
}  // namespace fremdrift::server
