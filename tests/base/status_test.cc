#include "migrator/base/status.h"

#include <gtest/gtest.h>

namespace migrate::base {
namespace {

TEST(StatusTest, OkCarriesNothing) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_FALSE(s.location().has_value());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ToStringShowsLocationMessageAndContext) {
  Status s = Status::InvalidInput("unknown header key 'expext'", Location{"migrations/1f73_x.sql", 7})
                 .WithContext("-- expext: table x");
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.ToString(), "migrations/1f73_x.sql:7: unknown header key 'expext'\n-- expext: table x");
}

TEST(StatusTest, CopiesAreIndependent) {
  Status a = Status::NotFound("no revision 'abc'");
  Status b = a;
  b = std::move(b).Prefixed("show");
  EXPECT_EQ(a.message(), "no revision 'abc'");
  EXPECT_EQ(b.message(), "show: no revision 'abc'");
}

TEST(StatusTest, WithCodeKeepsEverythingElse) {
  Status s = Status::FailedPrecondition("x", Location{"f.sql", 3}).WithContext("  more");
  s = std::move(s).WithCode(StatusCode::kInvalidInput);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.ToString(), "f.sql:3: x\n  more");
  EXPECT_TRUE(Status::OK().WithCode(StatusCode::kInternal).ok());
}

TEST(StatusTest, DatabaseDetailIsKept) {
  Status s = Status::Database("relation \"x\" does not exist", DatabaseDetail{"42P01", "", "", 15});
  ASSERT_TRUE(s.database().has_value());
  EXPECT_EQ(s.database()->sqlstate, "42P01");
  EXPECT_EQ(s.database()->position, 15);
}

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::InvalidInput(std::to_string(n) + " is odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  MIGRATE_ASSIGN_OR_RETURN(int half, Half(n));
  MIGRATE_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  MIGRATE_TRY(Half(n));
  return Status::OK();
}

TEST(ResultTest, MacrosPropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "3 is odd");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(5).message(), "5 is odd");
}

TEST(ResultTest, AnOkStatusIsNotAnError) {
  Result<int> r{Status::OK()};
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace migrate::base
