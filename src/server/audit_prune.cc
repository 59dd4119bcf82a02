#include "server/audit_prune.h"

#include <unistd.h>

#include <cctype>
#include <ctime>
#include <filesystem>

#include "server/audit_archive.h"
#include "server/audit_chain.h"

namespace fremdrift::server {

Result<RetentionPeriod> ParseRetentionPeriod(std::string_view text) {
  const std::string original(text);
  auto bad = [&] {
    return InvalidArgument(
        "retention period '{}': expected a number and a unit, e.g. 6m, 180d, 1y, '6 months'",
        original);
  };
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  std::size_t digits = i;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == i || digits - i > 5) return bad();
  RetentionPeriod p;
  p.count = std::stoi(std::string(text.substr(i, digits - i)));
  if (p.count <= 0) return bad();
  std::string unit(text.substr(digits));
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  while (!unit.empty() && unit.back() == ' ') unit.pop_back();
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit == "d" || unit == "day" || unit == "days" || unit == "dag" || unit == "dage") {
    p.unit = RetentionPeriod::Unit::kDays;
  } else if (unit == "m" || unit == "month" || unit == "months" || unit == "måned" ||
             unit == "måneder" || unit == "mdr") {
    p.unit = RetentionPeriod::Unit::kMonths;
  } else if (unit == "y" || unit == "year" || unit == "years" || unit == "år") {
    p.unit = RetentionPeriod::Unit::kYears;
  } else {
    return bad();
  }
  return p;
}

std::string RetentionCutoff(const RetentionPeriod& period, std::int64_t now_unix) {
  if (period.unit == RetentionPeriod::Unit::kDays) {
    return FormatUtc(now_unix - std::int64_t{period.count} * 86400);
  }
  std::time_t t = static_cast<std::time_t>(now_unix);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const int months =
      period.unit == RetentionPeriod::Unit::kYears ? 12 * period.count : period.count;
  int total = tm.tm_year * 12 + tm.tm_mon - months;
  tm.tm_year = total / 12;
  tm.tm_mon = total % 12;
  // The same day of the month, or the month's last day.
  std::tm first = tm;
  first.tm_mday = 1;
  first.tm_mon += 1;
  std::time_t next_month = timegm(&first);
  std::tm last_day{};
  std::time_t last = next_month - 86400;
  gmtime_r(&last, &last_day);
  if (tm.tm_mday > last_day.tm_mday) tm.tm_mday = last_day.tm_mday;
  return FormatUtc(timegm(&tm));
}

Result<PruneReport> PruneAuditLog(AuthStore& store, const PruneOptions& options) {
  RETURN_IF_ERROR(VerifyAuditChain(store).status().WithContext("the log before the prune"));
  ASSIGN_OR_RETURN(AuditAnchor anchor, store.ReadAuditAnchor());
  AuditArchive archive;
  archive.prev_hash = anchor.hash;
  archive.created = FormatUtc(std::time(nullptr));
  AuditFilter filter;
  filter.limit = 5000;
  bool done = false;
  while (!done) {
    ASSIGN_OR_RETURN(std::vector<AuditEntry> page, store.ReadAudit(filter));
    if (page.empty()) break;
    for (AuditEntry& e : page) {
      if (e.at >= options.cutoff) {
        done = true;
        break;
      }
      archive.entries.push_back(std::move(e));
    }
    filter.after_seq = page.back().seq;
  }
  PruneReport report;
  AuditEntry note = options.note;
  if (archive.entries.empty()) {
    note.detail = fmt::format("older-than {}: nothing to prune", options.cutoff);
    RETURN_IF_ERROR(store.AppendAudit({note}));
    report.anchor = anchor;
    return report;
  }
  archive.first_seq = archive.entries.front().seq;
  archive.last_seq = archive.entries.back().seq;
  archive.last_hash = archive.entries.back().hash;
  const std::string name = AuditArchiveFileName(archive.first_seq, archive.last_seq);
  std::error_code ec;
  // The archives hold staff names and pseudonyms: a new folder is the owner's only.
  if (std::filesystem::create_directories(options.archive_dir, ec) && !ec) {
    std::filesystem::permissions(options.archive_dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  if (ec) return Internal("cannot create {}: {}", options.archive_dir, ec.message());
  const std::string path = (std::filesystem::path(options.archive_dir) / name).string();
  archive.path = path;
  RETURN_IF_ERROR(WriteAuditArchive(path, options.key, archive));
  const AuditAnchor up_to{archive.last_seq, archive.last_hash};
  note.detail = fmt::format("entries {} to {} before {} archived in {}", archive.first_seq,
                            archive.last_seq, options.cutoff, name);
  if (Status s = store.PruneAudit(up_to, name, note); !s.ok()) {
    ::unlink(path.c_str());  // the log is as it was; so is the archive folder
    return s;
  }
  report.pruned = static_cast<std::int64_t>(archive.entries.size());
  report.archive_path = path;
  report.anchor = up_to;
  return report;
}

}  // namespace fremdrift::server
