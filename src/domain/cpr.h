// CPR numbers (Danish personal identity numbers, DDMMYYSSSS): recognising one, deriving birth date
// (with the century rule of digit 7) and sex, and masking it for messages. A CPR number never
// leaves this module unmasked except into the keyed pseudonym (pseudonym.h). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/date.h"

namespace fremdrift {

enum class Sex : unsigned char { kUnknown = 0, kMan = 1, kWoman = 2 };

struct CprInfo {
  std::string digits;  // the 10 digits, without '-'
  CivilDate birth;
  Sex sex = Sex::kUnknown;
};

// True if `text` has the shape of a CPR number: 10 digits, optionally "DDMMYY-SSSS".
bool LooksLikeCpr(std::string_view text);
// Parses a CPR number. The modulus-11 check is not applied (numbers since 2007 may fail it).
// Errors never contain the number itself.
Result<CprInfo> ParseCpr(std::string_view text);
// "010203-XXXX"-style mask that keeps no identifying digits: "******-****".
std::string MaskCpr(std::string_view text);
// The century of a CPR birth year from digit 7 and the two-digit year.
int CprCentury(int digit7, int yy);

// True if `text` holds a CPR-shaped run anywhere: exactly 10 digits, or 6 digits, '-' or one
// space, 4 digits, not part of a longer run of digits. Free text, ids and messages are checked
// with it, so that a CPR number is neither stored nor repeated back.
bool ContainsCprShape(std::string_view text);
// `text` with the digits of every CPR-shaped run replaced by '*' (the separator kept), for
// messages and logs.
std::string MaskCprShapes(std::string text);

}  // namespace fremdrift
