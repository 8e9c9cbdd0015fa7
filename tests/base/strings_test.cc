#include "migrator/base/strings.h"

#include <gtest/gtest.h>

namespace migrate::base {
namespace {

TEST(StringsTest, Join) {
  EXPECT_EQ(Join({}), "");
  EXPECT_EQ(Join({"a"}), "a");
  EXPECT_EQ(Join({"a", "", "c"}), "a, , c");
  EXPECT_EQ(Join({"a", "b"}, " -> "), "a -> b");
}

TEST(StringsTest, AsciiLowerLeavesOtherBytesAlone) {
  EXPECT_EQ(AsciiLower("CREATE Table_1"), "create table_1");
  EXPECT_EQ(AsciiLower("ÉCOLE"), "École");
}

}  // namespace
}  // namespace migrate::base
