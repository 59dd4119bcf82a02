// HistoryRows: the stored rows of a run of citizens as a load reads them (ForEachEventRow), kept
// undecoded in one text buffer, and HistoryBuilder, which builds each citizen's CitizenHistory
// straight from them: no Event per row. The builder resolves corrections and retractions on the
// rows' ids exactly as EffectiveEvents does (read only while that citizen is built), parses the
// stored attribute text ("k=v|k=v") as Attributes::Parse does and interns it, and reports a row it
// cannot decode as EventFromRow does. Not thread-safe: a HistoryRows is filled on one thread and
// then read on one other; one HistoryBuilder per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "eventstore/citizen_history.h"
#include "eventstore/event_store.h"

namespace fremdrift::cases {

class HistoryRows {
 public:
  // Appends a row (rows come grouped by person, each person's in order of arrival); a row of
  // another person than the last row's starts a new citizen.
  void Add(const EventRow& row);

  // Room for this many citizens, rows and bytes of text (a batch sized like the one before
  // grows without copying).
  void Reserve(std::size_t citizens, std::size_t rows, std::size_t text_bytes) {
    citizens_.reserve(citizens);
    rows_.reserve(rows);
    text_.reserve(text_bytes);
  }
  std::size_t text_bytes() const { return text_.size(); }
  // Empties the batch, keeping its room (a load hands batches round again: no fresh pages).
  void Clear() {
    text_.clear();
    rows_.clear();
    citizens_.clear();
  }

  std::size_t citizens() const { return citizens_.size(); }
  std::size_t rows() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  // The person of citizen `i`.
  std::string_view person(std::size_t i) const {
    return Text(citizens_[i].person, citizens_[i].person_size);
  }

 private:
  friend class HistoryBuilder;
  // A row's texts lie one after another in text_ from `text`: event id, day, type, attributes,
  // supersedes.
  struct Row {
    std::size_t text = 0;
    std::uint32_t event_id_size = 0;
    std::uint32_t day_size = 0;
    std::uint32_t type_size = 0;
    std::uint32_t attributes_size = 0;
    std::uint32_t supersedes_size = 0;
    std::int64_t kommune = 0;
    std::int64_t seq = 0;
  };
  struct Citizen {
    std::size_t person = 0;  // offset in text_
    std::uint32_t person_size = 0;
    std::uint32_t first_row = 0;
  };
  std::string_view Text(std::size_t at, std::size_t size) const {
    return std::string_view(text_).substr(at, size);
  }

  std::string text_;
  std::vector<Row> rows_;
  std::vector<Citizen> citizens_;
};

class HistoryBuilder {
 public:
  // Citizen `i` of `rows` as a history: null when none of their events counts (every one
  // superseded or retracted). A row that cannot be decoded (a bad day, an unknown type,
  // malformed attributes) is a DataLoss error naming its event.
  Result<std::shared_ptr<const CitizenHistory>> Build(const HistoryRows& rows, std::size_t i);

 private:
  // A decoded row: its compact event (attributes as views into the batch's text until interned),
  // its id and what it supersedes.
  struct Decoded {
    CompactEvent event;
    std::string_view event_id;
  };
  // Kept across citizens so that building one allocates only the history itself.
  std::vector<Decoded> decoded_;
  std::vector<std::pair<std::string_view, std::string_view>> pairs_;
  std::vector<std::string_view> superseded_;
  std::vector<CompactEvent> kept_;
  std::vector<HistoryAttribute> attributes_;
};

}  // namespace fremdrift::cases
