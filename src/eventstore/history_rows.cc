// Histories built straight from stored rows (see history_rows.h).
#include "eventstore/history_rows.h"

#include <algorithm>

#include "eventstore/string_pool.h"

namespace fremdrift::cases {

void HistoryRows::Add(const EventRow& row) {
  if (citizens_.empty() || person(citizens_.size() - 1) != row.person) {
    Citizen c;
    c.person = text_.size();
    c.person_size = static_cast<std::uint32_t>(row.person.size());
    c.first_row = static_cast<std::uint32_t>(rows_.size());
    text_.append(row.person);
    citizens_.push_back(c);
  }
  Row r;
  r.text = text_.size();
  r.event_id_size = static_cast<std::uint32_t>(row.event_id.size());
  r.day_size = static_cast<std::uint32_t>(row.day.size());
  r.type_size = static_cast<std::uint32_t>(row.type.size());
  r.attributes_size = static_cast<std::uint32_t>(row.attributes.size());
  r.supersedes_size = static_cast<std::uint32_t>(row.supersedes.size());
  r.kommune = row.kommune;
  r.seq = row.seq;
  text_.append(row.event_id).append(row.day).append(row.type).append(row.attributes);
  text_.append(row.supersedes);
  rows_.push_back(r);
}

Result<std::shared_ptr<const CitizenHistory>> HistoryBuilder::Build(const HistoryRows& rows,
                                                                    std::size_t i) {
  const std::size_t first = rows.citizens_[i].first_row;
  const std::size_t last =
      i + 1 < rows.citizens_.size() ? rows.citizens_[i + 1].first_row : rows.rows_.size();
  decoded_.clear();
  pairs_.clear();
  superseded_.clear();
  // Every row is decoded (as the full read decodes every row), in order, so the first bad row
  // is the one reported.
  for (std::size_t r = first; r < last; ++r) {
    const HistoryRows::Row& row = rows.rows_[r];
    std::size_t at = row.text;
    auto next = [&](std::uint32_t size) {
      std::string_view text = rows.Text(at, size);
      at += size;
      return text;
    };
    const std::string_view event_id = next(row.event_id_size);
    const std::string_view day = next(row.day_size);
    const std::string_view type = next(row.type_size);
    const std::string_view attributes = next(row.attributes_size);
    const std::string_view supersedes = next(row.supersedes_size);
    Decoded d;
    d.event_id = event_id;
    auto date = ParseIsoDate(day);
    if (!date.ok()) return DataLoss("stored event {} has a bad day '{}'", event_id, day);
    d.event.date = DaysFromCivil(*date);
    auto t = ParseEventType(type);
    if (!t.ok()) return DataLoss("stored event {} has an unknown type '{}'", event_id, type);
    d.event.type = *t;
    d.event.kommune = static_cast<std::uint16_t>(static_cast<int>(row.kommune));
    d.event.seq = row.seq;
    d.event.first_attribute = static_cast<std::uint32_t>(pairs_.size());
    Status parsed = ParseAttributePairs(attributes, pairs_);
    if (!parsed.ok()) return DataLoss("stored event {}: {}", event_id, parsed.message());
    d.event.attribute_count = static_cast<std::uint32_t>(pairs_.size()) - d.event.first_attribute;
    decoded_.push_back(d);
    if (!supersedes.empty()) superseded_.push_back(supersedes);
  }
  // What counts (EffectiveEvents): when some row supersedes another, every superseded row and
  // every retraction is dropped; else every row counts.
  std::sort(superseded_.begin(), superseded_.end());
  kept_.clear();
  attributes_.clear();
  StringPool& pool = StringPool::Shared();
  for (const Decoded& d : decoded_) {
    if (!superseded_.empty()) {
      if (d.event.type == EventType::kRetraction) continue;
      if (std::binary_search(superseded_.begin(), superseded_.end(), d.event_id)) continue;
    }
    CompactEvent e = d.event;
    e.first_attribute = static_cast<std::uint32_t>(attributes_.size());
    for (std::uint32_t a = 0; a < d.event.attribute_count; ++a) {
      const auto& [key, value] = pairs_[d.event.first_attribute + a];
      attributes_.push_back({pool.Intern(key), pool.Intern(value)});
    }
    kept_.push_back(e);
  }
  if (kept_.empty()) return std::shared_ptr<const CitizenHistory>();
  return std::shared_ptr<const CitizenHistory>(
      std::make_shared<CitizenHistory>(rows.person(i), kept_, attributes_));
}

}  // namespace fremdrift::cases
