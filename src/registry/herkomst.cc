// Herkomst categories (see herkomst.h).
#include "registry/herkomst.h"

#include <string>

namespace fremdrift {

namespace {

// Lower case (ASCII), '-' and '_' as spaces, runs of spaces as one, trimmed.
std::string Normalize(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '-' || c == '_' || c == ' ' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool StripPrefix(std::string& s, std::string_view prefix) {
  if (s.size() < prefix.size() || s.compare(0, prefix.size(), prefix) != 0) return false;
  s.erase(0, prefix.size());
  return true;
}

bool StripSuffix(std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size() ||
      s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  s.erase(s.size() - suffix.size());
  return true;
}

}  // namespace

HerkomstMatch MapHerkomst(std::string_view value, int& code) {
  code = 0;
  std::string s = Normalize(value);
  if (s.empty() || s == "ukendt" || s == "uoplyst") return HerkomstMatch::kUnknown;
  // "Personer med dansk oprindelse", "dansk oprindelse", "dansk".
  StripPrefix(s, "personer med ");
  if (s == "dansk oprindelse" || s == "dansk") {
    code = 1;
    return HerkomstMatch::kCategory;
  }
  // "Indvandrere (og efterkommere) fra (ikke-)vestlige lande", "Efterkommere fra ...",
  // "(ikke-)vestlige indvandrere", "vestlig", "ikke vestlig".
  for (std::string_view prefix :
       {"indvandrere og efterkommere fra ", "indvandrere fra ", "efterkommere fra ",
        "indvandrer fra ", "efterkommer fra "}) {
    if (StripPrefix(s, prefix)) break;
  }
  StripSuffix(s, " lande") || StripSuffix(s, " indvandrere og efterkommere") ||
      StripSuffix(s, " indvandrere") || StripSuffix(s, " efterkommere");
  if (s == "vestlige" || s == "vestlig") {
    code = 2;
    return HerkomstMatch::kCategory;
  }
  if (s == "ikke vestlige" || s == "ikke vestlig") {
    code = 3;
    return HerkomstMatch::kCategory;
  }
  return HerkomstMatch::kUnrecognised;
}

}  // namespace fremdrift
