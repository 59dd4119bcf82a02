// Trusted proxies and the client's address behind them (client_address.h).
#include "server/client_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace fremdrift::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits on ',' and trims; empty parts kept (they are not addresses).
std::vector<std::string_view> SplitComma(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t end = s.find(',', pos);
    out.push_back(Trim(s.substr(pos, end == std::string_view::npos ? end : end - pos)));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

bool IsMappedV4(const IpAddress& a) {
  for (int i = 0; i < 10; ++i) {
    if (a[i] != 0) return false;
  }
  return a[10] == 0xff && a[11] == 0xff;
}

}  // namespace

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  text = Trim(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  IpAddress out{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = 0xff;
    out[11] = 0xff;
    const auto* b = reinterpret_cast<const std::uint8_t*>(&v4.s_addr);
    for (int i = 0; i < 4; ++i) out[12 + i] = b[i];
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    for (int i = 0; i < 16; ++i) out[i] = v6.s6_addr[i];
    return out;
  }
  return std::nullopt;
}

bool AddressRange::Contains(const IpAddress& a) const {
  int bits = prefix;
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((a[i] & mask) != (base[i] & mask)) return false;
  }
  return true;
}

Result<AddressRange> ParseAddressRange(std::string_view text) {
  text = Trim(text);
  const std::string shown(text.substr(0, 60));
  const std::size_t slash = text.find('/');
  auto address = ParseIpAddress(text.substr(0, slash));
  if (!address) {
    return InvalidArgument("--trusted-proxy: '{}' is not an IP address or CIDR range", shown);
  }
  const bool v4 = IsMappedV4(*address) && text.substr(0, slash).find(':') == std::string_view::npos;
  AddressRange r;
  r.base = *address;
  r.prefix = 128;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    int n = -1;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), n);
    const int max = v4 ? 32 : 128;
    if (p.empty() || ec != std::errc() || end != p.data() + p.size() || n < 0 || n > max) {
      return InvalidArgument("--trusted-proxy: '{}': the prefix length must be 0 to {}", shown,
                             max);
    }
    r.prefix = v4 ? 96 + n : n;
  }
  // Host bits beyond the prefix are a typo ("10.0.0.1/8" for "10.0.0.0/8"): refuse rather than
  // guess which was meant.
  AddressRange exact = r;
  for (int i = 0; i < 16; ++i) {
    const int bits = r.prefix - 8 * i;
    const std::uint8_t mask =
        bits >= 8 ? 0xff : bits <= 0 ? 0 : static_cast<std::uint8_t>(0xff << (8 - bits));
    exact.base[i] = r.base[i] & mask;
  }
  if (exact.base != r.base) {
    return InvalidArgument("--trusted-proxy: '{}' has address bits set beyond its prefix", shown);
  }
  return r;
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const std::string& entry : entries) {
    for (std::string_view part : SplitComma(entry)) {
      if (part.empty()) continue;
      ASSIGN_OR_RETURN(AddressRange r, ParseAddressRange(part));
      out.ranges_.push_back(r);
    }
  }
  return out;
}

bool TrustedProxies::Contains(std::string_view address) const {
  if (ranges_.empty()) return false;
  auto a = ParseIpAddress(address);
  if (!a) return false;
  for (const AddressRange& r : ranges_) {
    if (r.Contains(*a)) return true;
  }
  return false;
}

ClientOrigin ResolveClient(const TrustedProxies& proxies, std::string_view peer,
                           const std::vector<std::string>& forwarded_for,
                           const std::vector<std::string>& forwarded_proto) {
  ClientOrigin out;
  out.address = std::string(peer);
  if (!proxies.Contains(peer)) return out;
  std::vector<std::string_view> hops;  // every entry of every line, left to right
  for (const std::string& line : forwarded_for) {
    for (std::string_view e : SplitComma(line)) hops.push_back(e);
  }
  // From the right: each trusted hop vouches for the entry to its left.
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (!ParseIpAddress(*it)) break;  // garbage: keep the nearest trusted hop
    out.address = std::string(Trim(*it));
    if (out.address.front() == '[') out.address = out.address.substr(1, out.address.size() - 2);
    if (!proxies.Contains(*it)) break;
  }
  if (!forwarded_proto.empty()) {
    std::vector<std::string_view> protos = SplitComma(forwarded_proto.back());
    std::string last(protos.back());
    for (char& c : last) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    out.https = last == "https";
  }
  return out;
}

}  // namespace fremdrift::server
