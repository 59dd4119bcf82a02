// Who the client is behind a reverse proxy: a list of trusted proxies (addresses and CIDR ranges,
// IPv4 and IPv6) and the rule that picks the client's address and the original scheme. Only when
// the socket peer is a trusted proxy are X-Forwarded-For and X-Forwarded-Proto believed; any
// other peer could write them itself. Pure; TrustedProxies is immutable and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fremdrift::server {

// An IPv4 or IPv6 address as 16 bytes, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d), so that an
// IPv4 peer seen on a dual-stack socket ("::ffff:127.0.0.1") matches an IPv4 range.
using IpAddress = std::array<std::uint8_t, 16>;
// Parses "10.1.2.3", "::1", "fd00::5", "::ffff:127.0.0.1" (also "[::1]"); nullopt otherwise.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

struct AddressRange {
  IpAddress base{};
  int prefix = 128;  // bits of `base` that must match (an IPv4 /n is 96 + n)
  bool Contains(const IpAddress& a) const;
};
// "10.0.0.0/8", "192.168.1.7" (one address), "fd00::/8", "::1". InvalidArgument naming the text
// for anything else, and for host bits set beyond the prefix ("10.0.0.1/8").
Result<AddressRange> ParseAddressRange(std::string_view text);

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts no one
  // Each entry an address or CIDR range; an entry may also hold several, comma-separated.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);
  bool empty() const { return ranges_.empty(); }
  bool Contains(std::string_view address) const;

 private:
  std::vector<AddressRange> ranges_;
};

struct ClientOrigin {
  std::string address;  // the client's address for the audit log and the login limiter
  bool https = false;   // the original request came over HTTPS (said by a trusted proxy)
};

// The client of a request from `peer` (the socket's address) carrying the X-Forwarded-For lines
// `forwarded_for` (in order) and the X-Forwarded-Proto lines `forwarded_proto`:
// - peer not a trusted proxy (or no proxies trusted): the peer, https false; headers ignored;
// - else the right-most X-Forwarded-For entry that is not itself a trusted proxy (all trusted:
//   the left-most), the peer when there is no entry; an entry that is not an IP address ends the
//   walk at the nearest trusted hop (which vouched for nothing usable);
// - https when the last X-Forwarded-Proto entry is "https" (case-insensitive).
ClientOrigin ResolveClient(const TrustedProxies& proxies, std::string_view peer,
                           const std::vector<std::string>& forwarded_for,
                           const std::vector<std::string>& forwarded_proto);

}  // namespace fremdrift::server
