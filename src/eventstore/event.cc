// Event types, attribute tables and their validation (docs/formats/events.md).
#include "eventstore/event.h"
#include "domain/cpr.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>

namespace fremdrift::cases {
namespace {

enum class AttrKind { kEnum, kInt, kNumber, kMonth, kText, kFlag, kEnumList, kDate };

struct AttrSpec {
  std::string_view key;
  AttrKind kind;
  bool required;
  std::vector<std::string_view> values;  // for kEnum / kEnumList
};

struct TypeSpec {
  EventType type;
  std::string_view name;
  std::vector<AttrSpec> attrs;
};

// `jobcenter`: an ordinary jobcenter case outside the pools; `social`, `other`: efforts in other
// administrations (FSM2's indicator 1 counts those, not `jobcenter`).
const std::vector<std::string_view> kProjects = {"fsm2",   "haandholdt", "brug_for_alle",
                                                 "social", "other",      "jobcenter"};
const std::vector<std::string_view> kPlacementKinds = {"virksomhedspraktik", "loentilskud",
                                                       "ordinaere_timer"};
const std::vector<std::string_view> kEducationKinds = {"ordinaer", "su"};
const std::vector<std::string_view> kConversationKinds = {"jobsamtale", "opfoelgning",
                                                          "rehab_forberedelse", "foerste"};
const std::vector<std::string_view> kOfferKinds = {"virksomhedspraktik", "loentilskud",
                                                   "vejledning_opkvalificering", "mentor"};
const std::vector<std::string_view> kDecisionKinds = {"ressourceforloeb", "fleksjob",
                                                      "foertidspension", "jobafklaring", "other"};
const std::vector<std::string_view> kDomains = {"beskaeftigelse", "social", "sundhed",
                                                "uddannelse"};
const std::vector<std::string_view> kBenefitGroups = {
    "kontanthjaelp",   "uddannelseshjaelp",  "jobafklaring", "ressourceforloeb",
    "ledighedsydelse", "integrationsydelse", "sygedagpenge", "a_dagpenge",
    "revalidering",    "fleksjob",           "other"};
const std::vector<std::string_view> kLeaveReasons = {"moved", "died", "folkepension", "other"};

const std::vector<TypeSpec>& Specs() {
  static const std::vector<TypeSpec> specs = {
      {EventType::kVisitation,
       "visitation",
       {{"project", AttrKind::kEnum, true, kProjects}, {"group", AttrKind::kText, false, {}}}},
      {EventType::kVisitationEnd,
       "visitation_end",
       {{"project", AttrKind::kEnum, true, kProjects}, {"reason", AttrKind::kText, false, {}}}},
      {EventType::kTargetGroupStart,
       "target_group_start",
       {{"project", AttrKind::kEnum, true, kProjects}}},
      {EventType::kTargetGroupEnd,
       "target_group_end",
       {{"project", AttrKind::kEnum, true, kProjects}, {"reason", AttrKind::kText, false, {}}}},
      {EventType::kExemptionStart, "exemption_start", {{"reason", AttrKind::kText, false, {}}}},
      {EventType::kExemptionEnd, "exemption_end", {{"reason", AttrKind::kText, false, {}}}},
      {EventType::kJobformidlerAssigned,
       "jobformidler_assigned",
       {{"jobformidler", AttrKind::kText, false, {}}}},
      {EventType::kCaseworkerAssigned,
       "caseworker_assigned",
       {{"caseworker", AttrKind::kText, true, {}},
        {"role", AttrKind::kText, false, {}},
        {"name", AttrKind::kText, false, {}}}},
      {EventType::kCvRegistered, "cv_registered", {}},
      {EventType::kJobGoalSet, "job_goal_set", {{"goal", AttrKind::kText, false, {}}}},
      {EventType::kCompanyContact, "company_contact", {{"company", AttrKind::kText, false, {}}}},
      {EventType::kPlacementStart,
       "placement_start",
       {{"kind", AttrKind::kEnum, true, kPlacementKinds}, {"company", AttrKind::kText, false, {}}}},
      {EventType::kPlacementEnd,
       "placement_end",
       {{"kind", AttrKind::kEnum, false, kPlacementKinds},
        {"company", AttrKind::kText, false, {}}}},
      {EventType::kPaidHours,
       "paid_hours",
       {{"month", AttrKind::kMonth, true, {}}, {"hours", AttrKind::kNumber, true, {}}}},
      {EventType::kEducationStart,
       "education_start",
       {{"kind", AttrKind::kEnum, true, kEducationKinds}}},
      {EventType::kEducationEnd,
       "education_end",
       {{"kind", AttrKind::kEnum, false, kEducationKinds}}},
      {EventType::kMentorStart, "mentor_start", {}},
      {EventType::kMentorEnd, "mentor_end", {}},
      {EventType::kStepupStart, "stepup_start", {}},
      {EventType::kStepupEnd, "stepup_end", {}},
      {EventType::kConversation,
       "conversation",
       {{"kind", AttrKind::kEnum, true, kConversationKinds}}},
      {EventType::kOfferStart,
       "offer_start",
       {{"kind", AttrKind::kEnum, true, kOfferKinds}, {"paragraph", AttrKind::kText, false, {}}}},
      {EventType::kOfferEnd, "offer_end", {{"kind", AttrKind::kEnum, false, kOfferKinds}}},
      {EventType::kRehabMeeting, "rehab_meeting", {}},
      {EventType::kDecision,
       "decision",
       {{"kind", AttrKind::kEnum, true, kDecisionKinds},
        {"years", AttrKind::kInt, false, {}},
        {"exception", AttrKind::kFlag, false, {}},
        {"waives", AttrKind::kText, false, {}},
        {"permanent", AttrKind::kFlag, false, {}}}},
      {EventType::kPlan,
       "plan",
       {{"goal", AttrKind::kText, false, {}},
        {"domains", AttrKind::kEnumList, false, kDomains},
        {"job_directed", AttrKind::kFlag, false, {}}}},
      {EventType::kCitizenLeaves,
       "citizen_leaves",
       {{"reason", AttrKind::kEnum, true, kLeaveReasons}}},
      {EventType::kRetraction, "retraction", {{"reason", AttrKind::kText, false, {}}}},
      {EventType::kBenefitStart,
       "benefit_start",
       {{"group", AttrKind::kEnum, true, kBenefitGroups},
        {"first_contact", AttrKind::kDate, false, {}}}},
      {EventType::kBenefitEnd,
       "benefit_end",
       {{"group", AttrKind::kEnum, false, kBenefitGroups}, {"reason", AttrKind::kText, false, {}}}},
  };
  return specs;
}

const TypeSpec& SpecOf(EventType type) { return Specs()[static_cast<int>(type)]; }

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string JoinValues(const std::vector<std::string_view>& values) {
  std::string out;
  for (auto v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

Status CheckValue(std::string_view type_name, const AttrSpec& spec, std::string_view value) {
  auto contains = [&](std::string_view v) {
    return std::find(spec.values.begin(), spec.values.end(), v) != spec.values.end();
  };
  switch (spec.kind) {
    case AttrKind::kText:
      return Status::Ok();
    case AttrKind::kEnum:
      if (!contains(value)) {
        return InvalidArgument("attribute {}='{}' of {} is not one of: {}", spec.key, value,
                               type_name, JoinValues(spec.values));
      }
      return Status::Ok();
    case AttrKind::kEnumList: {
      std::size_t pos = 0;
      while (pos <= value.size()) {
        std::size_t comma = value.find(',', pos);
        if (comma == std::string_view::npos) comma = value.size();
        std::string_view item = value.substr(pos, comma - pos);
        if (!item.empty() && !contains(item)) {
          return InvalidArgument("attribute {} of {}: '{}' is not one of: {}", spec.key, type_name,
                                 item, JoinValues(spec.values));
        }
        pos = comma + 1;
      }
      return Status::Ok();
    }
    case AttrKind::kInt: {
      int v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || p != value.data() + value.size() || v < 0) {
        return InvalidArgument("attribute {}='{}' of {} is not a whole number", spec.key, value,
                               type_name);
      }
      return Status::Ok();
    }
    case AttrKind::kNumber: {
      double v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || p != value.data() + value.size() || v < 0) {
        return InvalidArgument("attribute {}='{}' of {} is not a number (use '.' for decimals)",
                               spec.key, value, type_name);
      }
      return Status::Ok();
    }
    case AttrKind::kMonth: {
      bool ok = value.size() == 7 && IsDigits(value.substr(0, 4)) && value[4] == '-' &&
                IsDigits(value.substr(5, 2));
      if (ok) {
        int month = (value[5] - '0') * 10 + (value[6] - '0');
        ok = month >= 1 && month <= 12;
      }
      if (!ok) {
        return InvalidArgument("attribute {}='{}' of {} is not a month YYYY-MM", spec.key, value,
                               type_name);
      }
      return Status::Ok();
    }
    case AttrKind::kDate:
      if (value.size() != 10 || !ParseIsoDate(value).ok()) {
        return InvalidArgument("attribute {}='{}' of {} is not a day YYYY-MM-DD", spec.key, value,
                               type_name);
      }
      return Status::Ok();
    case AttrKind::kFlag:
      if (value != "0" && value != "1") {
        return InvalidArgument("attribute {}='{}' of {} must be 0 or 1", spec.key, value,
                               type_name);
      }
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

std::string_view EventTypeName(EventType type) { return SpecOf(type).name; }

Result<EventType> ParseEventType(std::string_view name) {
  for (const auto& s : Specs()) {
    if (s.name == name) return s.type;
  }
  return InvalidArgument("unknown event type '{}'", name);
}

Status ParseAttributePairs(std::string_view text,
                           std::vector<std::pair<std::string_view, std::string_view>>& out) {
  const std::size_t first = out.size();
  std::size_t pos = 0;
  while (!text.empty() && pos <= text.size()) {
    std::size_t bar = text.find('|', pos);
    if (bar == std::string_view::npos) bar = text.size();
    std::string_view pair = text.substr(pos, bar - pos);
    pos = bar + 1;
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return InvalidArgument("attribute '{}' is not key=value", pair);
    }
    std::string_view key = pair.substr(0, eq);
    for (std::size_t i = first; i < out.size(); ++i) {
      if (out[i].first == key) return InvalidArgument("attribute '{}' given twice", key);
    }
    out.emplace_back(key, pair.substr(eq + 1));
  }
  // Stored texts are in key order already (Attributes::ToString); sort only when not.
  auto begin = out.begin() + static_cast<std::ptrdiff_t>(first);
  auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(begin, out.end(), by_key)) std::sort(begin, out.end(), by_key);
  return Status::Ok();
}

Result<Attributes> Attributes::Parse(std::string_view text) {
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  RETURN_IF_ERROR(ParseAttributePairs(text, pairs));
  Attributes out;
  out.items_.reserve(pairs.size());
  for (const auto& [key, value] : pairs) out.items_.emplace_back(key, value);
  return out;
}

std::string Attributes::ToString() const {
  std::string out;
  for (const auto& [k, v] : items_) {
    if (!out.empty()) out += '|';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

std::string_view Attributes::Get(std::string_view key) const {
  auto it = std::lower_bound(items_.begin(), items_.end(), key,
                             [](const auto& item, std::string_view k) { return item.first < k; });
  if (it != items_.end() && it->first == key) return it->second;
  return {};
}

bool Attributes::Has(std::string_view key) const {
  auto it = std::lower_bound(items_.begin(), items_.end(), key,
                             [](const auto& item, std::string_view k) { return item.first < k; });
  return it != items_.end() && it->first == key;
}

void Attributes::Set(std::string key, std::string value) {
  auto it = std::lower_bound(items_.begin(), items_.end(), key,
                             [](const auto& item, const std::string& k) { return item.first < k; });
  if (it != items_.end() && it->first == key) {
    it->second = std::move(value);
  } else {
    items_.insert(it, {std::move(key), std::move(value)});
  }
}

bool Event::SameContent(const Event& o) const {
  return event_id == o.event_id && person == o.person && kommune == o.kommune && date == o.date &&
         type == o.type && attributes == o.attributes && recorded_by == o.recorded_by &&
         recorded_at == o.recorded_at && supersedes == o.supersedes;
}

Status ValidateAttributes(EventType type, const Attributes& attributes) {
  const TypeSpec& spec = SpecOf(type);
  for (const auto& item : attributes.items()) {
    const std::string& key = item.first;  // not a structured binding: clang captures it below
    const std::string& value = item.second;
    auto it = std::find_if(spec.attrs.begin(), spec.attrs.end(),
                           [&](const AttrSpec& a) { return a.key == key; });
    if (it == spec.attrs.end()) {
      std::vector<std::string_view> known;
      for (const auto& a : spec.attrs) known.push_back(a.key);
      return InvalidArgument("unknown attribute '{}' for {} (known: {})", key, spec.name,
                             known.empty() ? std::string("none") : JoinValues(known));
    }
    RETURN_IF_ERROR(CheckValue(spec.name, *it, value));
  }
  for (const auto& a : spec.attrs) {
    if (a.required && attributes.Get(a.key).empty()) {
      return InvalidArgument("{} needs the attribute '{}'", spec.name, a.key);
    }
  }
  if (type == EventType::kVisitation && attributes.Get("project") == "fsm2") {
    std::string_view g = attributes.Get("group");
    if (g != "1" && g != "2") {
      return InvalidArgument("visitation to fsm2 needs group=1 or group=2, not '{}'", g);
    }
  }
  return Status::Ok();
}

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n = 0;
    std::uint32_t cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += n + 1;
  }
  return true;
}

namespace {

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

constexpr const char* kNoCpr =
    "holds a CPR-shaped number (10 digits, or 6-4 with '-'); CPR numbers are never stored";

}  // namespace

Status CheckEventIdText(std::string_view id) {
  if (id.empty() || id.size() > kMaxEventIdLength) {
    return InvalidArgument("must be 1 to {} characters", kMaxEventIdLength);
  }
  if (ContainsCprShape(id)) return InvalidArgument("'{}' {}", MaskCprShapes(std::string(id)), kNoCpr);
  auto alnum = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  if (!alnum(id.front())) return InvalidArgument("must start with a letter or a digit");
  for (char c : id) {
    if (!alnum(c) && c != '_' && c != '.' && c != ':' && c != '-') {
      return InvalidArgument("only letters A-Z, a-z, digits and '_', '.', ':', '-' are allowed");
    }
  }
  return Status::Ok();
}

Status CheckEventText(const Event& e, std::string* field) {
  *field = "event_id";
  RETURN_IF_ERROR(CheckEventIdText(e.event_id));
  if (!e.supersedes.empty()) {
    *field = "supersedes";
    RETURN_IF_ERROR(CheckEventIdText(e.supersedes));
  }
  *field = "recorded_by";
  if (e.recorded_by.empty() || e.recorded_by.size() > kMaxRecordedByBytes) {
    return InvalidArgument("must be 1 to {} bytes", kMaxRecordedByBytes);
  }
  if (!IsValidUtf8(e.recorded_by)) return InvalidArgument("is not valid UTF-8");
  if (HasControl(e.recorded_by)) return InvalidArgument("holds a control character");
  if (ContainsCprShape(e.recorded_by)) return InvalidArgument("{}", kNoCpr);
  *field = "attributes";
  for (const auto& [key, value] : e.attributes.items()) {
    if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
      return InvalidArgument("attribute {} is not valid UTF-8", MaskCprShapes(key));
    }
    if (value.size() > kMaxAttributeBytes) {
      return InvalidArgument("attribute {} is longer than {} bytes", key, kMaxAttributeBytes);
    }
    if (HasControl(key) || HasControl(value)) {
      return InvalidArgument("attribute {} holds a control character", MaskCprShapes(key));
    }
    if (ContainsCprShape(key) || ContainsCprShape(value)) {
      return InvalidArgument("attribute {} {}", MaskCprShapes(key), kNoCpr);
    }
  }
  field->clear();
  return Status::Ok();
}

Result<std::string> ParseTimestamp(std::string_view text) {
  if (!text.empty() && text.back() == 'Z') text.remove_suffix(1);
  if (text.size() == 19 && text[10] == ' ') {
    std::string fixed(text);
    fixed[10] = 'T';
    return ParseTimestamp(fixed);
  }
  auto bad = [&] { return InvalidArgument("'{}' is not a timestamp YYYY-MM-DDTHH:MM:SS", text); };
  if (text.size() != 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') return bad();
  auto date = ParseIsoDate(text.substr(0, 10));
  if (!date.ok()) return bad();
  auto two = [&](std::size_t at, int max) {
    std::string_view s = text.substr(at, 2);
    if (!IsDigits(s)) return -1;
    int v = (s[0] - '0') * 10 + (s[1] - '0');
    return v <= max ? v : -1;
  };
  if (two(11, 23) < 0 || two(14, 59) < 0 || two(17, 60) < 0) return bad();
  return std::string(text);
}

Result<std::string> ParseAsOf(std::string_view text) {
  if (text.size() == 10) {
    auto date = ParseIsoDate(text);
    if (!date.ok()) return InvalidArgument("--as-of '{}' is not a date YYYY-MM-DD", text);
    return std::string(text) + "T23:59:59";
  }
  return ParseTimestamp(text);
}

const std::vector<IntervalKind>& IntervalKinds() {
  static const std::vector<IntervalKind> kinds = {
      {"visitation", EventType::kVisitation, EventType::kVisitationEnd, "project"},
      {"target_group", EventType::kTargetGroupStart, EventType::kTargetGroupEnd, "project"},
      {"exemption", EventType::kExemptionStart, EventType::kExemptionEnd, ""},
      {"placement", EventType::kPlacementStart, EventType::kPlacementEnd, "kind"},
      {"education", EventType::kEducationStart, EventType::kEducationEnd, "kind"},
      {"mentor", EventType::kMentorStart, EventType::kMentorEnd, ""},
      {"stepup", EventType::kStepupStart, EventType::kStepupEnd, ""},
      {"offer", EventType::kOfferStart, EventType::kOfferEnd, "kind"},
      {"benefit", EventType::kBenefitStart, EventType::kBenefitEnd, "group"},
  };
  return kinds;
}

}  // namespace fremdrift::cases
