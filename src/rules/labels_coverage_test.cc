// Every id the case measurements and the event types can put before a user has a Danish label in
// the one label table (data/reference/labels.csv, domain/labels.h): event types, interval kinds,
// deadline kinds, requirement statuses, decision kinds, age groups, every benefit group and every
// dated rule (whose label is its title).
#include <gtest/gtest.h>

#include "domain/labels.h"
#include "eventstore/event.h"
#include "rules/rettidighed.h"
#include "rules/rule_set.h"

namespace fremdrift::cases {
namespace {

class LabelsCoverageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ref = ReferenceData::LoadEmbedded();
    ASSERT_TRUE(ref.ok()) << ref.status().ToString();
    reference_ = std::move(ref).value();
    auto labels = Labels::LoadEmbedded(&reference_);
    ASSERT_TRUE(labels.ok()) << labels.status().ToString();
    labels_ = std::move(labels).value();
  }
  void ExpectLabel(std::string_view kind, std::string_view id) {
    const std::string* s = labels_.Find(kind, id);
    ASSERT_NE(s, nullptr) << "no label for " << kind << " '" << id << "'";
    EXPECT_NE(*s, id) << kind << " '" << id << "' is labelled by its own id";
  }
  ReferenceData reference_;
  Labels labels_;
};

TEST_F(LabelsCoverageTest, EveryEventTypeAndIntervalKindHasALabel) {
  for (int i = 0; i < kEventTypeCount; ++i) {
    ExpectLabel("haendelse", EventTypeName(static_cast<EventType>(i)));
  }
  for (const IntervalKind& k : IntervalKinds()) ExpectLabel("forloeb", k.name);
}

TEST_F(LabelsCoverageTest, EveryDeadlineKindAndStatusHasALabel) {
  for (std::string_view kind : {"alle", "foerste_samtale", "samtaler", "tilbud"}) {
    ExpectLabel("krav", kind);
  }
  for (RequirementStatus s :
       {RequirementStatus::kOnTime, RequirementStatus::kLate, RequirementStatus::kOverdue,
        RequirementStatus::kOpen, RequirementStatus::kExempt, RequirementStatus::kLapsed,
        RequirementStatus::kSuspended}) {
    ExpectLabel("status", RequirementStatusName(s));
  }
  // The pools' caseload and deadline statuses (models/pool_measure.cc).
  for (std::string_view s : {"ok", "over loft", "over advarselsgrænse"}) ExpectLabel("status", s);
  for (std::string_view k :
       {"ressourceforloeb", "fleksjob", "foertidspension", "jobafklaring", "other"}) {
    ExpectLabel("afgoerelse", k);
  }
  for (std::string_view a : {"under_40", "40_plus", "ukendt"}) ExpectLabel("aldersgruppe", a);
}

TEST_F(LabelsCoverageTest, EveryBenefitGroupAndRuleHasALabel) {
  for (const auto& g : reference_.groups()) ExpectLabel("ydelsesgruppe", g.id);
  for (const char* set : {"rettidighed", "rehabilitering"}) {
    auto rules = RuleSet::Load(set, DefaultRulesDir());
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    ASSERT_FALSE(rules->rules().empty());
    for (const Rule& r : rules->rules()) {
      EXPECT_FALSE(r.title.empty()) << r.id;
      EXPECT_NE(r.title, r.id);
      ExpectLabel("kilde_type", r.source_type);
    }
    // Suspensions are not rules the server labels by title: each has its row in the table.
    for (const Suspension& s : rules->suspensions()) {
      ExpectLabel("suspension", s.id);
      ExpectLabel("kilde_type", s.source_type);
      ExpectLabel("virkning", SuspensionEffectName(s.effect));
    }
  }
  for (std::string_view t : SourceTypes()) ExpectLabel("kilde_type", t);
}

TEST(LabelsTest, ParseRefusesDuplicatesAndEmptyTexts) {
  EXPECT_FALSE(Labels::Parse("art,id,tekst\nstatus,aaben,Åben\nstatus,aaben,Åben\n", "t").ok());
  EXPECT_FALSE(Labels::Parse("art,id,tekst\nstatus,aaben,\n", "t").ok());
  EXPECT_FALSE(Labels::Parse("art,id\nstatus,aaben\n", "t").ok());
  auto ok = Labels::Parse("art,id,tekst\nstatus,aaben,Åben\nkode,mand,Mand\n", "t");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->Label("status", "aaben"), "Åben");
  EXPECT_EQ(ok->Label("koen", "mand"), "Mand");           // falls back to "kode"
  EXPECT_EQ(ok->Label("status", "ny_status"), "Ny status");  // never a snake_case id
}

}  // namespace
}  // namespace fremdrift::cases
