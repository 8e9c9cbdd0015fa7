#include "migrator/base/numbers.h"

#include <gtest/gtest.h>

namespace migrate::base {
namespace {

TEST(NumbersTest, ParsesWholeDecimalIntegers) {
  EXPECT_EQ(*ParseInteger("0"), 0);
  EXPECT_EQ(*ParseInteger("5000"), 5000);
  EXPECT_EQ(*ParseInteger("-12"), -12);
  EXPECT_EQ(*ParseInteger("007"), 7);
  EXPECT_EQ(*ParseInteger("9223372036854775807"), std::numeric_limits<std::int64_t>::max());
}

TEST(NumbersTest, RejectsAnythingButDigits) {
  for (const char* text : {"", "abc", "5s", " 5", "5 ", "+5", "1.5", "0x10", "-", "1e3"}) {
    auto n = ParseInteger(text);
    ASSERT_FALSE(n.has_value()) << text;
    EXPECT_EQ(n.error().code(), StatusCode::kInvalidInput);
    EXPECT_EQ(n.error().message(), "'" + std::string(text) + "' is not a whole number");
  }
}

TEST(NumbersTest, RejectsValuesOutOfRange) {
  auto n = ParseInteger("9223372036854775808");
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error().message(),
            "'9223372036854775808' is out of range (from -9223372036854775808 to "
            "9223372036854775807)");
  n = ParseInteger("-1", 0, 100);
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error().message(), "'-1' is out of range (from 0 to 100)");
  n = ParseInteger("-1", 0);
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error().message(), "'-1' is out of range (it must not be negative)");
  n = ParseInteger("0", 1, 65535);
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error().message(), "'0' is out of range (from 1 to 65535)");
  EXPECT_EQ(*ParseInteger("65535", 1, 65535), 65535);
}

}  // namespace
}  // namespace migrate::base
