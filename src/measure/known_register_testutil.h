// Test helper for the known-answer tests: writes a tiny register in the DREAM layout from
// hand-placed codes, without the project's own calendar (the expected answers must not come
// from the code under test). Weeks are (ISO year, ISO week) pairs; every year used by these
// tests has 52 ISO weeks (2016-2019, 2023, 2024: 28 December falls in week 52).
#pragma once

#include <fmt/format.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fremdrift::known {

using Wk = std::pair<int, int>;  // ISO year, ISO week

// The weeks from `from` to `to` inclusive, 52 weeks a year.
inline std::vector<Wk> WeeksBetween(Wk from, Wk to) {
  std::vector<Wk> out;
  for (Wk w = from; w <= to;) {
    out.push_back(w);
    w = w.second == 52 ? Wk{w.first + 1, 1} : Wk{w.first, w.second + 1};
  }
  return out;
}

class Register {
 public:
  explicit Register(std::vector<Wk> weeks) : weeks_(std::move(weeks)) {}

  // A person living in `kom` (3-digit code) every week, born on `birth`; returns its index.
  int Add(std::string id, std::string kom, std::string birth = "1980-05-05") {
    persons_.push_back({std::move(id), std::move(birth), std::move(kom), {}, {}});
    return static_cast<int>(persons_.size()) - 1;
  }
  // Residence in calendar year `year` (a kom_YYYY column).
  void Kom(int person, int year, std::string kom) {
    persons_[person].kom_year[year] = std::move(kom);
    years_[year] = true;
  }
  // `code` in every week from `from` to `to` inclusive.
  void Code(int person, Wk from, Wk to, const std::string& code) {
    for (const Wk& w : WeeksBetween(from, to)) persons_[person].codes[w] = code;
  }

  std::string Csv() const {
    std::string out = "lobenr;foedselsdato;kom";
    for (const auto& [year, unused] : years_) out += fmt::format(";kom_{}", year);
    for (const Wk& w : weeks_) out += fmt::format(";y_{:02d}{:02d}", w.first % 100, w.second);
    out += "\n";
    for (const Person& p : persons_) {
      out += p.id + ";" + p.birth + ";" + p.kom;
      for (const auto& [year, unused] : years_) {
        auto it = p.kom_year.find(year);
        out += ";" + (it == p.kom_year.end() ? p.kom : it->second);
      }
      for (const Wk& w : weeks_) {
        auto it = p.codes.find(w);
        out += ";" + (it == p.codes.end() ? std::string() : it->second);
      }
      out += "\n";
    }
    return out;
  }

 private:
  struct Person {
    std::string id, birth, kom;
    std::map<int, std::string> kom_year;
    std::map<Wk, std::string> codes;
  };
  std::vector<Wk> weeks_;
  std::vector<Person> persons_;
  std::map<int, bool> years_;
};

}  // namespace fremdrift::known
