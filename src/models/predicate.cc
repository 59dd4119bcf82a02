// Predicate parsing and evaluation (see predicate.h).
#include "models/predicate.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace fremdrift::cases {

MonthContext MonthContext::Of(MonthIndex m, DayNumber as_of_day) {
  MonthContext c;
  c.month = m;
  c.first = FirstDayOfMonth(m);
  c.ref = std::min(LastDayOfMonth(m), as_of_day);
  return c;
}

MonthContext MonthContext::ForCitizen(const CitizenHistory& citizen, MonthIndex m,
                                      DayNumber as_of_day) {
  MonthContext c = Of(m, as_of_day);
  const std::span<const HistoryEvent> events = citizen.events();
  if (events.empty()) return c;
  c.kommune = events.front().kommune;
  c.since = events.front().date;
  bool one_kommune = true;
  for (const HistoryEvent& e : events) one_kommune = one_kommune && e.kommune == c.kommune;
  if (one_kommune) return c;
  // The stay: from the first event after the latest change of municipality up to the reference
  // day (events in day order, then arrival). Paid hours are reported after the month they count,
  // perhaps by the municipality the citizen has left: they do not mark a stay.
  c.scoped = true;
  for (const HistoryEvent& e : events) {
    if (e.date > c.ref) break;
    if (e.type == EventType::kPaidHours) continue;
    if (e.kommune != c.kommune) {
      c.kommune = e.kommune;
      c.since = e.date;
    }
  }
  return c;
}

namespace {
// A value matches when listed, or when "*" is listed and the value is not empty.
bool ValueMatches(std::string_view v, const std::vector<std::string>& values) {
  for (const auto& accepted : values) {
    if (accepted == v || (accepted == "*" && !v.empty())) return true;
  }
  return false;
}

template <typename E>
bool MatchesEvent(const EventMatcher& m, const E& e) {
  if (e.type != m.type) return false;
  for (const auto& [key, values] : m.conditions) {
    if (!ValueMatches(e.attributes.Get(key), values)) return false;
  }
  return true;
}
}  // namespace

bool EventMatcher::Matches(const HistoryEvent& e) const { return MatchesEvent(*this, e); }
bool EventMatcher::Matches(const Event& e) const { return MatchesEvent(*this, e); }

enum class Op {
  kAnd,
  kOr,
  kNot,
  kTrue,
  kFalse,
  kEver,
  kInMonth,
  kDuring,
  kAtEnd,
  kGroup,
  kPaidHours
};

struct Predicate::Node {
  Op op = Op::kTrue;
  std::vector<std::unique_ptr<Node>> children;
  EventMatcher matcher;  // ever, in_month
  std::string kind;      // during, at_end: interval kind; group: project
  std::vector<std::pair<std::string, std::vector<std::string>>> conditions;  // during, at_end
  std::string value;                                                         // group
  double min_hours = 0;                                                      // paid_hours
  int older_than_days = -1;  // ever: dated at least this many days before the reference day
  int within_days = -1;      // ever: dated fewer than this many days before the reference day
  MonthIndex since = -1;     // during: overlaps [first day of this month, reference day]
};

namespace {

using Node = Predicate::Node;

struct Call {
  std::string name;
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::vector<std::string>>> named;
};

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == '*' || static_cast<unsigned char>(c) >= 0x80;
}

class Parser {
 public:
  Parser(std::string_view text, const std::map<std::string, std::string>& defs, int depth)
      : text_(text), defs_(defs), depth_(depth) {}

  Result<std::unique_ptr<Node>> ParseAll() {
    ASSIGN_OR_RETURN(auto node, ParseOr());
    SkipSpace();
    if (pos_ != text_.size()) return Error("unexpected '{}'", text_.substr(pos_));
    return node;
  }

 private:
  template <typename... Args>
  Status Error(fmt::format_string<Args...> f, Args&&... args) {
    return InvalidArgument("predicate '{}': {}", text_,
                           fmt::format(f, std::forward<Args>(args)...));
  }
  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n'))
      ++pos_;
  }
  std::string_view Word() {
    SkipSpace();
    std::size_t start = pos_;
    while (pos_ < text_.size() && IsWordChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  bool PeekKeyword(std::string_view kw) {
    SkipSpace();
    std::size_t save = pos_;
    bool match = Word() == kw;
    pos_ = save;
    return match;
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Result<std::unique_ptr<Node>> ParseOr() {
    ASSIGN_OR_RETURN(auto left, ParseAnd());
    while (PeekKeyword("or")) {
      Word();
      ASSIGN_OR_RETURN(auto right, ParseAnd());
      auto n = std::make_unique<Node>();
      n->op = Op::kOr;
      n->children.push_back(std::move(left));
      n->children.push_back(std::move(right));
      left = std::move(n);
    }
    return left;
  }
  Result<std::unique_ptr<Node>> ParseAnd() {
    ASSIGN_OR_RETURN(auto left, ParseUnary());
    while (PeekKeyword("and")) {
      Word();
      ASSIGN_OR_RETURN(auto right, ParseUnary());
      auto n = std::make_unique<Node>();
      n->op = Op::kAnd;
      n->children.push_back(std::move(left));
      n->children.push_back(std::move(right));
      left = std::move(n);
    }
    return left;
  }
  Result<std::unique_ptr<Node>> ParseUnary() {
    if (PeekKeyword("not")) {
      Word();
      ASSIGN_OR_RETURN(auto child, ParseUnary());
      auto n = std::make_unique<Node>();
      n->op = Op::kNot;
      n->children.push_back(std::move(child));
      return n;
    }
    if (Consume('(')) {
      ASSIGN_OR_RETURN(auto inner, ParseOr());
      if (!Consume(')')) return Error("missing ')'");
      return inner;
    }
    return ParseCall();
  }

  Result<Call> ReadCall() {
    Call call;
    call.name = std::string(Word());
    if (call.name.empty()) {
      return Error("expected a predicate at '{}'", text_.substr(std::min(pos_, text_.size())));
    }
    if (!Consume('(')) return call;
    if (Consume(')')) return call;
    for (;;) {
      std::string first(Word());
      if (first.empty()) return Error("expected an argument in {}(...)", call.name);
      if (Consume('=')) {
        std::vector<std::string> values;
        do {
          std::string v(Word());
          if (v.empty()) return Error("empty value for {} in {}(...)", first, call.name);
          values.push_back(std::move(v));
        } while (Consume('|'));
        call.named.emplace_back(std::move(first), std::move(values));
      } else {
        call.positional.push_back(std::move(first));
      }
      if (Consume(')')) break;
      if (!Consume(',')) return Error("expected ',' or ')' in {}(...)", call.name);
    }
    return call;
  }

  Result<int> IntArg(const Call& call, std::string_view key, std::string_view value) {
    int v = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || p != value.data() + value.size() || v < 0) {
      return Error("{}={} in {}(...) is not a whole number", key, value, call.name);
    }
    return v;
  }

  Result<std::unique_ptr<Node>> ParseCall() {
    ASSIGN_OR_RETURN(Call call, ReadCall());
    auto n = std::make_unique<Node>();
    const std::string& name = call.name;
    if (name == "true" || name == "false") {
      n->op = name == "true" ? Op::kTrue : Op::kFalse;
      return n;
    }
    if (name == "ever" || name == "in_month") {
      n->op = name == "ever" ? Op::kEver : Op::kInMonth;
      if (call.positional.size() != 1) return Error("{}(TYPE, key=value...) needs one type", name);
      auto type = ParseEventType(call.positional[0]);
      if (!type.ok()) return Error("{}", type.status().message());
      n->matcher.type = *type;
      for (auto& [key, values] : call.named) {
        if (n->op == Op::kEver && (key == "older_than_days" || key == "within_days")) {
          if (values.size() != 1) return Error("{} takes one number", key);
          ASSIGN_OR_RETURN(int days, IntArg(call, key, values[0]));
          (key == "older_than_days" ? n->older_than_days : n->within_days) = days;
          continue;
        }
        n->matcher.conditions.emplace_back(key, values);
      }
      return n;
    }
    if (name == "during" || name == "at_end") {
      n->op = name == "during" ? Op::kDuring : Op::kAtEnd;
      if (call.positional.size() != 1) return Error("{}(KIND, key=value...) needs one kind", name);
      n->kind = call.positional[0];
      bool known = false;
      std::string kinds;
      for (const auto& k : IntervalKinds()) {
        known = known || k.name == n->kind;
        kinds += (kinds.empty() ? "" : ", ") + std::string(k.name);
      }
      if (!known) return Error("unknown interval kind '{}' (known: {})", n->kind, kinds);
      for (auto& [key, values] : call.named) {
        if (n->op == Op::kDuring && key == "since") {
          n->since = values.size() == 1 ? ParseMonthText(values[0]) : -1;
          if (n->since < 0) return Error("since takes one month YYYY-MM");
          continue;
        }
        n->conditions.emplace_back(key, values);
      }
      return n;
    }
    if (name == "group") {
      n->op = Op::kGroup;
      if (call.positional.size() != 2 || !call.named.empty()) {
        return Error("group(PROJECT, GROUP) needs a project and a group");
      }
      n->kind = call.positional[0];
      n->value = call.positional[1];
      return n;
    }
    if (name == "paid_hours") {
      n->op = Op::kPaidHours;
      n->min_hours = -1;  // any hours > 0
      for (auto& [key, values] : call.named) {
        if (key != "min" || values.size() != 1) return Error("paid_hours takes only min=HOURS");
        double v = 0;
        auto [p, ec] = std::from_chars(values[0].data(), values[0].data() + values[0].size(), v);
        if (ec != std::errc() || v < 0)
          return Error("paid_hours min={} is not a number", values[0]);
        n->min_hours = v;
      }
      if (!call.positional.empty()) return Error("paid_hours takes only min=HOURS");
      return n;
    }
    if (call.positional.empty() && call.named.empty()) {
      auto it = defs_.find(name);
      if (it != defs_.end()) {
        if (depth_ > 16) return Error("definition '{}' refers to itself", name);
        Parser inner(it->second, defs_, depth_ + 1);
        auto node = inner.ParseAll();
        if (!node.ok()) return node.status().WithContext(fmt::format("in definition '{}'", name));
        return node;
      }
    }
    return Error("unknown predicate '{}'", name);
  }

  std::string_view text_;
  const std::map<std::string, std::string>& defs_;
  int depth_;
  std::size_t pos_ = 0;
};

bool IntervalMatches(const Interval& iv,
                     const std::vector<std::pair<std::string, std::vector<std::string>>>& conds) {
  for (const auto& [key, values] : conds) {
    if (!ValueMatches(iv.start_event->attributes.Get(key), values)) return false;
  }
  return true;
}

bool Eval(const Node& n, const CitizenHistory& c, const MonthContext& m) {
  switch (n.op) {
    case Op::kTrue:
      return true;
    case Op::kFalse:
      return false;
    case Op::kAnd:
      return Eval(*n.children[0], c, m) && Eval(*n.children[1], c, m);
    case Op::kOr:
      return Eval(*n.children[0], c, m) || Eval(*n.children[1], c, m);
    case Op::kNot:
      return !Eval(*n.children[0], c, m);
    case Op::kEver: {
      DayNumber last = m.ref;
      if (n.older_than_days >= 0) last = m.ref - n.older_than_days;
      DayNumber first = std::numeric_limits<DayNumber>::min();
      if (n.within_days >= 0) first = m.ref - n.within_days + 1;
      for (const HistoryEvent* e : c.OfType(n.matcher.type)) {
        if (e->date > last) break;
        if (e->date >= first && m.Sees(*e) && n.matcher.Matches(*e)) return true;
      }
      return false;
    }
    case Op::kInMonth:
      for (const HistoryEvent* e : c.OfType(n.matcher.type)) {
        if (e->date > m.ref) break;
        if (e->date >= m.first && m.Sees(*e) && n.matcher.Matches(*e)) return true;
      }
      return false;
    case Op::kDuring: {
      const DayNumber from = n.since >= 0 ? FirstDayOfMonth(n.since) : m.first;
      for (const Interval& iv : c.Intervals(n.kind)) {
        if (iv.Overlaps(from, m.ref) && m.Sees(*iv.start_event) &&
            IntervalMatches(iv, n.conditions)) {
          return true;
        }
      }
      return false;
    }
    case Op::kAtEnd:
      for (const Interval& iv : c.Intervals(n.kind)) {
        if (iv.Covers(m.ref) && m.Sees(*iv.start_event) && IntervalMatches(iv, n.conditions)) {
          return true;
        }
      }
      return false;
    case Op::kGroup: {
      // The group of the latest visitation into the project on or before the reference day, open
      // or closed: ending a visitation does not take anyone out of its group (whether it is open
      // is at_end(visitation, project=...)).
      const HistoryEvent* latest = nullptr;
      for (const HistoryEvent* e : c.OfType(EventType::kVisitation)) {
        if (e->date > m.ref) break;
        if (m.Sees(*e) && e->attributes.Get("project") == n.kind) latest = e;
      }
      return latest != nullptr && latest->attributes.Get("group") == n.value;
    }
    case Op::kPaidHours: {
      double h = 0;
      if (!m.scoped) {
        h = c.PaidHours(m.month);
      } else {
        // Only the hours the municipality of the stay recorded (reported after the month too).
        for (const HistoryEvent* e : c.OfType(EventType::kPaidHours)) {
          if (!m.Sees(*e) || ParseMonthText(e->attributes.Get("month")) != m.month) continue;
          double v = 0;
          std::string_view text = e->attributes.Get("hours");
          std::from_chars(text.data(), text.data() + text.size(), v);
          h += v;
        }
      }
      return n.min_hours < 0 ? h > 0 : h >= n.min_hours;
    }
  }
  return false;
}

}  // namespace

Result<EventMatcher> EventMatcher::Parse(std::string_view text) {
  EventMatcher m;
  std::string t(text);
  auto open = t.find('(');
  std::string type_name = open == std::string::npos ? t : t.substr(0, open);
  while (!type_name.empty() && type_name.back() == ' ') type_name.pop_back();
  ASSIGN_OR_RETURN(m.type, ParseEventType(type_name));
  if (open != std::string::npos) {
    std::string inner = t.substr(open + 1, t.rfind(')') - open - 1);
    std::size_t pos = 0;
    while (pos < inner.size()) {
      std::size_t comma = inner.find(',', pos);
      if (comma == std::string::npos) comma = inner.size();
      std::string item = inner.substr(pos, comma - pos);
      pos = comma + 1;
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (item.empty()) continue;
      auto eq = item.find('=');
      if (eq == std::string::npos)
        return InvalidArgument("event '{}': '{}' is not key=value", text, item);
      std::vector<std::string> values;
      std::string vals = item.substr(eq + 1);
      std::size_t vp = 0;
      while (vp <= vals.size()) {
        std::size_t bar = vals.find('|', vp);
        if (bar == std::string::npos) bar = vals.size();
        values.push_back(vals.substr(vp, bar - vp));
        vp = bar + 1;
      }
      m.conditions.emplace_back(item.substr(0, eq), std::move(values));
    }
  }
  return m;
}

Predicate::Predicate() = default;
Predicate::~Predicate() = default;
Predicate::Predicate(Predicate&&) noexcept = default;
Predicate& Predicate::operator=(Predicate&&) noexcept = default;

Result<Predicate> Predicate::Parse(std::string_view text,
                                   const std::map<std::string, std::string>& definitions) {
  Parser parser(text, definitions, 0);
  ASSIGN_OR_RETURN(auto root, parser.ParseAll());
  Predicate p;
  p.root_ = std::move(root);
  p.text_ = std::string(text);
  return p;
}

bool Predicate::Evaluate(const CitizenHistory& citizen, const MonthContext& month) const {
  return root_ != nullptr && Eval(*root_, citizen, month);
}

}  // namespace fremdrift::cases
