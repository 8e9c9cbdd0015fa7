#include "migrator/base/duration.h"

#include <gtest/gtest.h>

namespace migrate::base {
namespace {

TEST(DurationTest, ParsesEveryUnit) {
  EXPECT_EQ(*ParseDuration("500ms"), std::chrono::milliseconds(500));
  EXPECT_EQ(*ParseDuration("5s"), std::chrono::seconds(5));
  EXPECT_EQ(*ParseDuration("2min"), std::chrono::minutes(2));
  EXPECT_EQ(*ParseDuration("1h"), std::chrono::hours(1));
  EXPECT_EQ(*ParseDuration("30"), std::chrono::seconds(30));
}

TEST(DurationTest, RejectsAnythingElse) {
  for (const char* text : {"", "s", "5 s", "-5s", "-0s", "+5s", "5m", "1.5s", "5sec", "5s "}) {
    auto d = ParseDuration(text);
    ASSERT_FALSE(d.has_value()) << text;
    EXPECT_EQ(d.error().message(),
              "invalid duration '" + std::string(text) + "' (expected e.g. 500ms, 5s, 2min, 1h)");
  }
}

TEST(DurationTest, RejectsADurationTooLongToHold) {
  auto d = ParseDuration("9223372036854775807h");
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().message(),
            "invalid duration '9223372036854775807h': '9223372036854775807' is out of range "
            "(from 0 to 2562047788015)");
  EXPECT_EQ(*ParseDuration("2562047788015h"), std::chrono::hours(2562047788015));
}

TEST(DurationTest, FormatsTheShortestExactForm) {
  EXPECT_EQ(FormatDuration(std::chrono::milliseconds(500)), "500ms");
  EXPECT_EQ(FormatDuration(std::chrono::seconds(5)), "5s");
  EXPECT_EQ(FormatDuration(std::chrono::seconds(120)), "2min");
  EXPECT_EQ(FormatDuration(std::chrono::hours(2)), "2h");
  EXPECT_EQ(FormatDuration(std::chrono::milliseconds(1500)), "1500ms");
}

}  // namespace
}  // namespace migrate::base
