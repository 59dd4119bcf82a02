// CPR numbers (see cpr.h).
#include "domain/cpr.h"

namespace fremdrift {

namespace {
bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}
std::string Normalise(std::string_view text) {
  if (text.size() == 11 && text[6] == '-') {
    return std::string(text.substr(0, 6)) + std::string(text.substr(7));
  }
  return std::string(text);
}
}  // namespace

bool LooksLikeCpr(std::string_view text) {
  if (text.size() == 10) return AllDigits(text);
  if (text.size() == 11 && text[6] == '-') {
    return AllDigits(text.substr(0, 6)) && AllDigits(text.substr(7));
  }
  return false;
}

int CprCentury(int d7, int yy) {
  if (d7 <= 3) return 1900;
  if (d7 == 4 || d7 == 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;  // 5-8
}

Result<CprInfo> ParseCpr(std::string_view text) {
  if (!LooksLikeCpr(text)) return InvalidArgument("not a CPR number (10 digits expected)");
  CprInfo info;
  info.digits = Normalise(text);
  const std::string& d = info.digits;
  int dd = (d[0] - '0') * 10 + (d[1] - '0');
  int mm = (d[2] - '0') * 10 + (d[3] - '0');
  int yy = (d[4] - '0') * 10 + (d[5] - '0');
  int d7 = d[6] - '0';
  int year = CprCentury(d7, yy) + yy;
  if (!IsValidDate(year, mm, dd)) {
    return InvalidArgument("CPR number with an impossible birth date");
  }
  info.birth = {year, mm, dd};
  info.sex = ((d[9] - '0') % 2 == 1) ? Sex::kMan : Sex::kWoman;
  return info;
}

std::string MaskCpr(std::string_view text) {
  return LooksLikeCpr(text) ? "******-****" : std::string(text);
}

namespace {

// Calls `fn(begin, end)` for each CPR-shaped run in `text` (see ContainsCprShape).
template <typename Fn>
void ForEachCprShape(std::string_view text, Fn fn) {
  auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  for (std::size_t i = 0; i < text.size();) {
    if (!digit(i) || (i > 0 && digit(i - 1))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (digit(j)) ++j;
    const std::size_t run = j - i;
    if (run == 10) {
      fn(i, j);
    } else if (run == 6 && j < text.size() && (text[j] == '-' || text[j] == ' ') &&
               digit(j + 1)) {
      std::size_t e = j + 1;
      while (digit(e)) ++e;
      if (e - j - 1 == 4) {
        fn(i, e);
        j = e;
      }
    }
    i = j;
  }
}

}  // namespace

bool ContainsCprShape(std::string_view text) {
  bool found = false;
  ForEachCprShape(text, [&](std::size_t, std::size_t) { found = true; });
  return found;
}

std::string MaskCprShapes(std::string text) {
  ForEachCprShape(text, [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      if (text[k] >= '0' && text[k] <= '9') text[k] = '*';
    }
  });
  return text;
}

}  // namespace fremdrift
