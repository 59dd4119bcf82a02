#include "registry/kommune_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <vector>

#include "registry/spell_store.h"

namespace fremdrift {
namespace {

using List = std::vector<std::uint32_t>;

TEST(KommuneIndexTest, PersonsPerMunicipalityOnceAndAscending) {
  // A: two spells in Herning (657). B: a spell with unknown municipality. C: Herning, then
  // Helsingør (217) after a move. D: no spells at all.
  Pseudonymizer p("k");
  PersonBatch b;
  b.pseudonyms = {p.Of("A"), p.Of("B"), p.Of("C"), p.Of("D")};
  b.birth_days = {DaysFromCivil(1980, 1, 2), kUnknownBirth, DaysFromCivil(1990, 5, 6),
                  DaysFromCivil(1970, 1, 1)};
  b.sexes = {1, 2, 2, 1};
  b.rows = {2, 3, 4, 5};
  b.spell_start = {0, 5, 1, 0, 4};
  b.spell_end = {3, 9, 1, 3, 8};
  b.spell_code = {730, 890, 111, 111, 111};
  b.spell_kommune = {657, 657, 0, 657, 217};
  b.spell_ends = {2, 3, 5, 5};
  b.residence_start = {0, 0, 0, 4, 0};
  b.residence_kommune = {657, 0, 657, 217, 657};
  b.residence_ends = {1, 2, 4, 5};
  const std::string path = ::testing::TempDir() + "/kix_" + std::to_string(getpid());
  ASSERT_TRUE(WriteSpellStore(path, b, 100, 120).ok());
  auto st = SpellStore::Open(path);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  const KommuneIndex& ix = st->kommune_index();
  EXPECT_EQ(&ix, &st->kommune_index());  // built once
  auto list = [](std::span<const std::uint32_t> s) { return List(s.begin(), s.end()); };
  EXPECT_EQ(list(ix.persons(657)), (List{0, 2}));
  EXPECT_EQ(list(ix.persons(217)), (List{2}));
  EXPECT_EQ(list(ix.persons(0)), (List{1}));
  EXPECT_TRUE(ix.persons(101).empty());
  EXPECT_EQ(ix.Union({657, 217}), (List{0, 2}));
  EXPECT_EQ(ix.Union({217, 0}), (List{1, 2}));
  EXPECT_TRUE(ix.Union({}).empty());
  unlink(path.c_str());
}

}  // namespace
}  // namespace fremdrift
