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

// FindLineEnd scans eight bytes at a time: a terminator at every offset of
// a word, in the tail after the last whole word, and bytes that differ from
// '\n' and '\r' by one bit must all be found (or not) exactly.
TEST(StringsTest, FindLineEndMatchesAByteByByteSearch) {
  for (std::size_t length = 0; length < 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (char terminator : {'\n', '\r'}) {
        std::string text(length, 'x');
        text[at] = terminator;
        for (std::size_t pos = 0; pos <= length; ++pos) {
          const std::size_t want = pos <= at ? at : std::string_view::npos;
          EXPECT_EQ(FindLineEnd(text, pos), want) << "length " << length << " at " << at << " pos " << pos;
        }
      }
    }
  }
  EXPECT_EQ(FindLineEnd("\x0b\x0c\x0e\x8a\x8d\x0a", 0), 5u);
  EXPECT_EQ(FindLineEnd(std::string_view("\x0b\x0c\x0e\x8a\x8d\x09\x00\xff\x0b\x0c", 10), 0),
            std::string_view::npos);
  EXPECT_EQ(FindLineEnd("", 0), std::string_view::npos);
}

}  // namespace
}  // namespace migrate::base
