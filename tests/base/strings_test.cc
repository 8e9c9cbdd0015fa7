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

TEST(StringsTest, PercentEncodeKeepsOnlyUnreservedBytes) {
  EXPECT_EQ(PercentEncode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(PercentEncode("p@ss:w/rd?&=%"), "p%40ss%3Aw%2Frd%3F%26%3D%25");
  EXPECT_EQ(PercentEncode("a b\xC3\xA9"), "a%20b%C3%A9");
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(StringsTest, ReplaceAllNeverRereadsWhatItReplaced) {
  std::string text = "secret and secret";
  ReplaceAll(text, "secret", "***");
  EXPECT_EQ(text, "*** and ***");
  text = "aaa";
  ReplaceAll(text, "a", "aa");
  EXPECT_EQ(text, "aaaaaa");
  ReplaceAll(text, "", "x");
  EXPECT_EQ(text, "aaaaaa");
}

}  // namespace
}  // namespace migrate::base
