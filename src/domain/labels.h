// Labels: the Danish word for every id a user can see — event types, interval kinds, deadline
// kinds (krav), statuses, decision kinds, age groups, attribute names and values, codes — from one
// data table, data/reference/labels.csv (columns art,id,tekst; embedded at build time). Benefit
// groups come from the reference data (ydelsesgrupper.csv), rules from their rule sets' titles and
// measurements from the catalogue: the server adds them (Add) so each has one home. JSON keeps the
// ids; pages, documents and download headers show the labels. Immutable after loading; safe to
// share.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/reference.h"

namespace fremdrift {

class Labels {
 public:
  // The embedded table plus the benefit groups of `reference` (kind "ydelsesgruppe"), if given.
  static Result<Labels> LoadEmbedded(const ReferenceData* reference = nullptr);
  // Parses a labels CSV (art,id,tekst); `file` names it in errors. Duplicates and empty texts
  // are errors.
  static Result<Labels> Parse(std::string_view csv, std::string_view file);

  // Adds (or replaces) one label.
  void Add(std::string kind, std::string id, std::string text);
  // The label of `id` of `kind`, or nullptr.
  const std::string* Find(std::string_view kind, std::string_view id) const;
  // The label of `id` of `kind`; else of the same id of kind "kode"; else `fallback` when not
  // empty; else the id with '_' as spaces and its first letter upper-case.
  std::string Label(std::string_view kind, std::string_view id,
                    std::string_view fallback = {}) const;
  // kind → id → label.
  const std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>&
  kinds() const {
    return kinds_;
  }

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> kinds_;
};

}  // namespace fremdrift
