// Test support: an events CSV built row by row with fresh ids, imported through the real importer
// (ImportEventsFile) into a BackendTest's store. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "eventstore/event_import.h"
#include "common/file_util.h"
#include "domain/reference.h"

namespace fremdrift::cases {

class EventsFile {
 public:
  // `recorded_at` defaults to the event's day at noon.
  EventsFile& Add(const std::string& person, int kommune, const std::string& date,
                  const std::string& type, const std::string& attrs,
                  const std::string& recorded_at = "", const std::string& supersedes = "",
                  const std::string& id = "") {
    std::string event_id = id.empty() ? fmt::format("ev{}", next_++) : id;
    text_ += fmt::format("{};{};{:03d};{};{};{};sb;{};{}\n", event_id, person, kommune, date, type,
                         attrs, recorded_at.empty() ? date + "T12:00:00" : recorded_at, supersedes);
    return *this;
  }
  std::string text() const {
    return "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes\n" +
           text_;
  }

 private:
  std::string text_;
  int next_ = 1;
};

// Writes `file` into `dir` and imports it; fails the test on any error.
// `data_as_of`: the import's --as-of (the data's horizon), or empty.
inline void ImportEventsForTest(const EventsFile& file, const std::string& dir, int n,
                                const ReferenceData& reference, EventStore& store,
                                const std::string& data_as_of = "") {
  std::string path = dir + fmt::format("/events{}.csv", n);
  ASSERT_TRUE(WriteStringToFile(path, file.text()).ok());
  ImportOptions options;
  options.reference = &reference;
  options.imported_by = "test";
  options.data_as_of = data_as_of;
  auto r = ImportEventsFile(path, store, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

}  // namespace fremdrift::cases
