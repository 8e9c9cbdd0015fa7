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

TEST(StringsTest, OneLineFlattensAndCutsOnACharacterBoundary) {
  EXPECT_EQ(OneLine("  CREATE TABLE t (\n    id int\n)  "), "CREATE TABLE t ( id int )");
  EXPECT_EQ(OneLine("abcdef", 4), "abcd …");
  EXPECT_EQ(OneLine("abcé", 4), "abc …");  // é is two bytes; never split it
}

}  // namespace
}  // namespace migrate::base
