// Tests of the access rule: every role × data level × own/other municipality.
#include "server/roles.h"

#include <gtest/gtest.h>

namespace fremdrift::server {
namespace {

TEST(Roles, ParseAndName) {
  for (Role r : {Role::kCaseworker, Role::kLeader, Role::kAnalyst, Role::kAdmin}) {
    auto parsed = ParseRole(RoleName(r));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, r);
  }
  EXPECT_FALSE(ParseRole("root").ok());
}

TEST(Roles, Matrix) {
  const Principal cw{"a", Role::kCaseworker, 657};
  const Principal leader{"b", Role::kLeader, 657};
  const Principal analyst{"c", Role::kAnalyst, 0};
  const Principal admin{"d", Role::kAdmin, 0};
  // Aggregates: everyone, bound roles only for their own municipality.
  EXPECT_TRUE(CheckRead(cw, DataLevel::kAggregate, 657).ok());
  EXPECT_FALSE(CheckRead(cw, DataLevel::kAggregate, 217).ok());
  EXPECT_TRUE(CheckRead(leader, DataLevel::kAggregate, 657).ok());
  EXPECT_FALSE(CheckRead(leader, DataLevel::kAggregate, 217).ok());
  EXPECT_TRUE(CheckRead(analyst, DataLevel::kAggregate, 217).ok());
  EXPECT_TRUE(CheckRead(admin, DataLevel::kAggregate, 217).ok());
  // Citizen level: caseworker and leader, own municipality only; never analyst or admin.
  EXPECT_TRUE(CheckRead(cw, DataLevel::kCitizen, 657).ok());
  EXPECT_EQ(CheckRead(cw, DataLevel::kCitizen, 217).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(CheckRead(leader, DataLevel::kCitizen, 657).ok());
  EXPECT_FALSE(CheckRead(leader, DataLevel::kCitizen, 217).ok());
  EXPECT_FALSE(CheckRead(analyst, DataLevel::kCitizen, 657).ok());
  EXPECT_FALSE(CheckRead(admin, DataLevel::kCitizen, 657).ok());
  // Caseloads per caseworker: leaders only.
  EXPECT_FALSE(CheckRead(cw, DataLevel::kStaff, 657).ok());
  EXPECT_TRUE(CheckRead(leader, DataLevel::kStaff, 657).ok());
  EXPECT_FALSE(CheckRead(analyst, DataLevel::kStaff, 657).ok());
  // Writing events.
  EXPECT_TRUE(CheckWriteEvents(cw, 657).ok());
  EXPECT_FALSE(CheckWriteEvents(cw, 217).ok());
  EXPECT_FALSE(CheckWriteEvents(analyst, 657).ok());
  EXPECT_FALSE(CheckWriteEvents(admin, 657).ok());
}

}  // namespace
}  // namespace fremdrift::server
