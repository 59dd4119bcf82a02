// Case events: the one record type of the event store. An event has an id from its source system,
// a citizen (pseudonym or opaque id, never a CPR number), a municipality, a day, a type with typed
// attributes, who recorded it and when, and optionally the id of an earlier event it corrects.
// The event types and their attributes (docs/formats/events.md) are checked here. Pure;
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/date.h"

namespace fremdrift::cases {

enum class EventType : std::uint8_t {
  kVisitation,
  kVisitationEnd,
  kTargetGroupStart,
  kTargetGroupEnd,
  kExemptionStart,
  kExemptionEnd,
  kJobformidlerAssigned,
  kCaseworkerAssigned,
  kCvRegistered,
  kJobGoalSet,
  kCompanyContact,
  kPlacementStart,
  kPlacementEnd,
  kPaidHours,
  kEducationStart,
  kEducationEnd,
  kMentorStart,
  kMentorEnd,
  kStepupStart,
  kStepupEnd,
  kConversation,
  kOfferStart,
  kOfferEnd,
  kRehabMeeting,
  kDecision,
  kPlan,
  kCitizenLeaves,
  kRetraction,
  kBenefitStart,  // (addition) the citizen starts / ends a benefit group (from the register)
  kBenefitEnd,
};
inline constexpr int kEventTypeCount = static_cast<int>(EventType::kBenefitEnd) + 1;

std::string_view EventTypeName(EventType type);
Result<EventType> ParseEventType(std::string_view name);

// Parses "k=v|k=v" into `out` (appended after what it holds, sorted by key) without copying the
// texts: the views point into `text`. Empty pieces are skipped; a piece without '=' or with an
// empty key, and a key given twice, are errors. Attributes::Parse and the case store's load
// (history_rows.h) read attribute texts through it.
Status ParseAttributePairs(std::string_view text,
                           std::vector<std::pair<std::string_view, std::string_view>>& out);

// key=value pairs, sorted by key, keys unique.
class Attributes {
 public:
  Attributes() = default;
  // Parses "k=v|k=v" (empty text = no attributes). Duplicate or empty keys are errors.
  static Result<Attributes> Parse(std::string_view text);
  // The canonical text form: keys sorted, "k=v|k=v".
  std::string ToString() const;
  // The value of `key`, or empty when absent.
  std::string_view Get(std::string_view key) const;
  bool Has(std::string_view key) const;
  void Set(std::string key, std::string value);
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  friend bool operator==(const Attributes&, const Attributes&) = default;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Event {
  std::string event_id;
  std::string person;  // 32-hex pseudonym, or an opaque register id
  int kommune = 0;
  DayNumber date = 0;
  EventType type = EventType::kVisitation;
  Attributes attributes;
  std::string recorded_by;
  std::string recorded_at;  // "YYYY-MM-DDTHH:MM:SS", UTC
  std::string supersedes;   // event_id of the corrected event, or empty
  std::int64_t seq = 0;     // order of arrival in the store (0 before it is stored)

  // Equal in everything the source system supplied (seq ignored).
  bool SameContent(const Event& other) const;
};

// Checks `attributes` against the type's attribute table. On error, returns a message naming the
// attribute (the caller adds file, row and column).
Status ValidateAttributes(EventType type, const Attributes& attributes);

// Limits on the text an event carries (the store is append-only, so what enters stays).
inline constexpr std::size_t kMaxEventIdLength = 64;     // event_id, supersedes
inline constexpr std::size_t kMaxPersonIdLength = 64;    // the person id as given
inline constexpr std::size_t kMaxRecordedByBytes = 100;  // recorded_by
inline constexpr std::size_t kMaxAttributeBytes = 500;   // one attribute value

// True if `text` is well-formed UTF-8 (no overlong forms, surrogates or code points > U+10FFFF).
bool IsValidUtf8(std::string_view text);

// An event id (event_id, supersedes): 1 to 64 characters from [A-Za-z0-9_.:-], starting with a
// letter or digit, holding no CPR-shaped run. The message does not repeat a CPR-shaped id.
Status CheckEventIdText(std::string_view id);
// Checks the text fields an importer or a user supplies: event_id, recorded_by, supersedes and
// every attribute value (UTF-8, size, no control characters, no CPR-shaped run). On error,
// `*field` names the field ("event_id", "recorded_by", "supersedes", "attributes") and the
// message never contains a CPR-shaped value.
Status CheckEventText(const Event& event, std::string* field);

// Parses and checks "YYYY-MM-DDTHH:MM:SS" (a trailing 'Z' is accepted and dropped).
Result<std::string> ParseTimestamp(std::string_view text);
// "as of" bound from "YYYY-MM-DD" (end of that day) or a full timestamp.
Result<std::string> ParseAsOf(std::string_view text);

// The types with a start and an end event, as intervals ("placement" → placement_start/_end).
struct IntervalKind {
  std::string_view name;
  EventType start;
  EventType end;
  std::string_view match_key;  // attribute that pairs an end with its start ("kind"), or empty
};
const std::vector<IntervalKind>& IntervalKinds();

}  // namespace fremdrift::cases
