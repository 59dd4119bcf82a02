// Tests for event types, attributes and timestamps.
#include "eventstore/event.h"

#include <gtest/gtest.h>

namespace fremdrift::cases {
namespace {

TEST(EventTypeTest, NamesRoundTripInEnumOrder) {
  for (int i = 0; i < kEventTypeCount; ++i) {
    auto type = static_cast<EventType>(i);
    auto parsed = ParseEventType(EventTypeName(type));
    ASSERT_TRUE(parsed.ok()) << EventTypeName(type);
    EXPECT_EQ(*parsed, type);
  }
  EXPECT_FALSE(ParseEventType("visitations").ok());
}

TEST(AttributesTest, ParsesSortsAndFormats) {
  auto a = Attributes::Parse("project=fsm2|group=1");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->Get("group"), "1");
  EXPECT_EQ(a->Get("project"), "fsm2");
  EXPECT_EQ(a->Get("missing"), "");
  EXPECT_EQ(a->ToString(), "group=1|project=fsm2");
  EXPECT_TRUE(Attributes::Parse("")->items().empty());
  EXPECT_FALSE(Attributes::Parse("a=1|a=2").ok());
  EXPECT_FALSE(Attributes::Parse("novalue").ok());
  EXPECT_FALSE(Attributes::Parse("=x").ok());
}

TEST(ValidateAttributesTest, ChecksTypesAndRequiredKeys) {
  auto check = [](EventType t, const char* text) {
    return ValidateAttributes(t, *Attributes::Parse(text));
  };
  EXPECT_TRUE(check(EventType::kVisitation, "project=fsm2|group=1").ok());
  EXPECT_FALSE(check(EventType::kVisitation, "project=fsm2|group=3").ok());
  EXPECT_FALSE(check(EventType::kVisitation, "group=1").ok());  // project required
  EXPECT_FALSE(check(EventType::kVisitation, "project=nope").ok());
  EXPECT_TRUE(check(EventType::kPaidHours, "month=2020-03|hours=12.5").ok());
  EXPECT_FALSE(check(EventType::kPaidHours, "month=2020-13|hours=12").ok());
  EXPECT_FALSE(check(EventType::kPaidHours, "month=2020-03|hours=12,5").ok());
  EXPECT_FALSE(check(EventType::kPaidHours, "month=2020-03|hours=-1").ok());
  EXPECT_TRUE(check(EventType::kPlan, "goal=Lager|domains=social,sundhed|job_directed=1").ok());
  EXPECT_FALSE(check(EventType::kPlan, "domains=social,bolig").ok());
  EXPECT_FALSE(check(EventType::kPlan, "job_directed=2").ok());
  EXPECT_FALSE(check(EventType::kCvRegistered, "x=1").ok());
  EXPECT_TRUE(check(EventType::kDecision, "kind=ressourceforloeb|years=2").ok());
  EXPECT_FALSE(check(EventType::kDecision, "kind=ressourceforloeb|years=two").ok());
  EXPECT_TRUE(check(EventType::kDecision, "kind=fleksjob|permanent=1").ok());
  EXPECT_TRUE(check(EventType::kDecision, "kind=foertidspension|exception=1").ok());
  EXPECT_FALSE(check(EventType::kDecision, "kind=fleksjob|permanent=ja").ok());
  // benefit_start / benefit_end (addition): the benefit group, required at the start.
  EXPECT_TRUE(check(EventType::kBenefitStart, "group=kontanthjaelp").ok());
  EXPECT_FALSE(check(EventType::kBenefitStart, "").ok());
  EXPECT_FALSE(check(EventType::kBenefitStart, "group=folkepension").ok());
  EXPECT_TRUE(check(EventType::kBenefitEnd, "").ok());
  EXPECT_TRUE(check(EventType::kBenefitEnd, "group=ledighedsydelse|reason=job").ok());
  Status st = check(EventType::kCitizenLeaves, "reason=emigrated");
  EXPECT_NE(st.message().find("reason"), std::string::npos) << st.message();
}

TEST(TimestampTest, ParsesAndRejects) {
  EXPECT_EQ(*ParseTimestamp("2020-01-31T23:59:59"), "2020-01-31T23:59:59");
  EXPECT_EQ(*ParseTimestamp("2020-01-31T10:00:00Z"), "2020-01-31T10:00:00");
  EXPECT_EQ(*ParseTimestamp("2020-01-31 10:00:00"), "2020-01-31T10:00:00");
  EXPECT_FALSE(ParseTimestamp("2020-02-30T10:00:00").ok());
  EXPECT_FALSE(ParseTimestamp("2020-01-31T24:00:00").ok());
  EXPECT_FALSE(ParseTimestamp("2020-01-31").ok());
  EXPECT_EQ(*ParseAsOf("2020-06-30"), "2020-06-30T23:59:59");
  EXPECT_EQ(*ParseAsOf("2020-06-30T12:00:00"), "2020-06-30T12:00:00");
  EXPECT_FALSE(ParseAsOf("2020-6-30").ok());
}

TEST(EventTextTest, Utf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("S\xc3\xb8ren \xe2\x82\xac \xf0\x9f\x98\x80"));  // ø, €, an emoji
  EXPECT_FALSE(IsValidUtf8("Bad\xff\xfeName"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // cut short
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\x80"));              // a lone continuation byte
}

TEST(EventTextTest, EventIdsAndFields) {
  EXPECT_TRUE(CheckEventIdText("S000000271-0001").ok());
  EXPECT_TRUE(CheckEventIdText("web-657-0a1b2c3d4e5f6a7b").ok());
  EXPECT_TRUE(CheckEventIdText("src:sys.42_a").ok());
  EXPECT_FALSE(CheckEventIdText("").ok());
  EXPECT_FALSE(CheckEventIdText(std::string(65, 'a')).ok());
  EXPECT_FALSE(CheckEventIdText("a/b").ok());
  EXPECT_FALSE(CheckEventIdText("=1+1").ok());
  Status cpr = CheckEventIdText("0101901234-1");
  ASSERT_FALSE(cpr.ok());
  EXPECT_EQ(cpr.message().find("0101901234"), std::string::npos) << cpr.message();

  Event e;
  e.event_id = "e1";
  e.recorded_by = "sb";
  std::string field;
  EXPECT_TRUE(CheckEventText(e, &field).ok());
  e.attributes.Set("goal", std::string(500, 'x'));
  EXPECT_TRUE(CheckEventText(e, &field).ok());
  e.attributes.Set("goal", std::string(501, 'x'));
  EXPECT_FALSE(CheckEventText(e, &field).ok());
  EXPECT_EQ(field, "attributes");
  e.attributes.Set("goal", "line\nbreak");
  EXPECT_FALSE(CheckEventText(e, &field).ok());
  e.attributes.Set("goal", "ok");
  e.recorded_by = "Jens 010190-1234";
  EXPECT_FALSE(CheckEventText(e, &field).ok());
  EXPECT_EQ(field, "recorded_by");
  e.recorded_by = "sb";
  e.supersedes = "x y";
  EXPECT_FALSE(CheckEventText(e, &field).ok());
  EXPECT_EQ(field, "supersedes");
}

}  // namespace
}  // namespace fremdrift::cases
