// Fetching jobindsats tables over HTTPS (jobindsats_client.h). cpp-httplib with OpenSSL; its
// exceptions (none expected) are caught here, the adapter.
#include "official/jobindsats_client.h"

#include <sys/stat.h>

#include <cctype>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "common/file_util.h"
#include "official/jobindsats_response.h"

namespace fremdrift::official {
namespace {

std::string LowerId(std::string_view id) {
  std::string out(id);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string DataPath(const JobindsatsTable& table) {
  return "/v2/data/" + LowerId(table.id) + "/json";
}

}  // namespace

Result<std::string> ReadKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return NotFound("--key-file: cannot read {}", path);
  if (!S_ISREG(st.st_mode)) return InvalidArgument("--key-file: {} is not a file", path);
  if ((st.st_mode & 077) != 0) {
    return PermissionDenied(
        "--key-file: {} may be read or written by others (mode {:04o}); the key is the "
        "organisation's: chmod 600 {}",
        path, st.st_mode & 07777, path);
  }
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  text = text.substr(b, e - b);
  if (text.empty()) return InvalidArgument("--key-file: {} is empty", path);
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      return InvalidArgument("--key-file: {} holds more than one line", path);
    }
  }
  return text;
}

Result<std::vector<std::string>> JobindsatsPeriods(const JobindsatsTable& table, MonthIndex from,
                                                   MonthIndex to) {
  std::vector<std::string> out;
  for (MonthIndex m = from; m <= to; ++m) {
    const int year = YearOfMonth(m), month = MonthOfYear(m);
    if (table.kind == TableKind::kBenefit) {
      out.push_back(fmt::format("{:04d}M{:02d}", year, month));
    } else if (month == 6 || month == 12) {
      out.push_back(fmt::format("{:04d}QMAT{:02d}", year, month / 3));
    }
  }
  if (out.empty()) {
    return InvalidArgument(
        "--from/--to: no period of {} in the range (the benchmark is published for the 12 "
        "months up to June and December)",
        table.id);
  }
  return out;
}

std::string DataRequestBody(const JobindsatsTable& table, const std::vector<std::string>& periods) {
  nlohmann::json body = {{"area", "*"}, {"period", periods}};
  if (table.kind == TableKind::kBenchmark) {
    nlohmann::json groups = nlohmann::json::array();
    for (std::string_view g : BenchmarkGroupLabels()) groups.push_back(std::string(g));
    body["_ygrp_y30r21"] = groups;
  }
  return body.dump();
}

std::string DataRequestName(const FetchOptions& options, const JobindsatsTable& table,
                            const std::vector<std::string>& periods) {
  std::string range = periods.empty() ? ""
                      : periods.size() == 1
                          ? " (" + periods.front() + ")"
                          : " (" + periods.front() + "-" + periods.back() + ")";
  return "POST " + options.base_url + DataPath(table) + range;
}

Result<std::string> FetchJobindsats(const FetchOptions& options, const std::string& key,
                                    const JobindsatsTable& table,
                                    const std::vector<std::string>& periods) {
  const std::string name = DataRequestName(options, table, periods);
  if (options.base_url.rfind("https://", 0) != 0) {
    return InvalidArgument("--base-url: '{}' is not an https:// address", options.base_url);
  }
  try {
    httplib::Client client(options.base_url);
    if (!client.is_valid()) {
      return InvalidArgument("--base-url: '{}' is not a usable address", options.base_url);
    }
    client.enable_server_certificate_verification(true);
    if (!options.ca_file.empty()) client.set_ca_cert_path(options.ca_file.c_str());
    client.set_connection_timeout(options.timeout_seconds, 0);
    client.set_read_timeout(options.timeout_seconds, 0);
    client.set_follow_location(false);
    httplib::Headers headers = {{"Authorization", key}, {"Accept", "application/json"}};
    httplib::Result res =
        client.Post(DataPath(table).c_str(), headers, DataRequestBody(table, periods),
                    "application/json");
    if (!res) {
      const httplib::Error err = res.error();
      if (err == httplib::Error::SSLServerVerification) {
        return Unavailable(
            "{}: the server's TLS certificate could not be verified{}", name,
            options.ca_file.empty() ? " against the system's trust store" : " against --ca-file");
      }
      return Unavailable("{}: {}", name, httplib::to_string(err));
    }
    if (IsBadKeyAnswer(res->body) || res->status == 401 || res->status == 403) {
      return PermissionDenied(
          "{}: jobindsats refused the key (HTTP {}{}): the key is wrong or has expired; ask "
          "jobindsats@star.dk for a new one and write it to the key file",
          name, res->status, IsBadKeyAnswer(res->body) ? ", \"" + std::string(kBadKeySentence) + "\"" : "");
    }
    if (res->status != 200) {
      return Unavailable("{}: HTTP {} from jobindsats", name, res->status);
    }
    return res->body;
  } catch (const std::exception& e) {
    return Unavailable("{}: {}", name, e.what());
  }
}

}  // namespace fremdrift::official
