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

TEST(StringsTest, SqlStringLiteralDoublesQuotesOnly) {
  EXPECT_EQ(SqlStringLiteral(""), "''");
  EXPECT_EQ(SqlStringLiteral("it's"), "'it''s'");
  EXPECT_EQ(SqlStringLiteral("x'); DROP TABLE users; --"), "'x''); DROP TABLE users; --'");
  EXPECT_EQ(SqlStringLiteral("a\\b"), "'a\\b'");
}

TEST(StringsTest, PostgresqlStringLiteralUsesTheEscapeFormOnlyForABackslash) {
  EXPECT_EQ(PostgresqlStringLiteral("it's"), "'it''s'");
  // With standard_conforming_strings off, '\' would escape the quote in 'a\''.
  EXPECT_EQ(PostgresqlStringLiteral("a\\"), "E'a\\\\'");
  EXPECT_EQ(PostgresqlStringLiteral("\\'; DROP TABLE users; --"),
            "E'\\\\''; DROP TABLE users; --'");
}

TEST(StringsTest, SqlCommentTextEscapesEverythingThatCouldEndALine) {
  EXPECT_EQ(SqlCommentText("add email (migrations/1f_add.sql)"),
            "add email (migrations/1f_add.sql)");
  EXPECT_EQ(SqlCommentText("x\nDROP TABLE users;"), "x\\nDROP TABLE users;");
  EXPECT_EQ(SqlCommentText("a\rb\r\nc"), "a\\rb\\r\\nc");
  EXPECT_EQ(SqlCommentText("a\vb\fc\x1b" "d\x7f" "e\tf"), "a\\x0bb\\x0cc\\x1bd\\x7fe\tf");
  // NEXT LINE, LINE SEPARATOR, PARAGRAPH SEPARATOR; other UTF-8 is kept.
  EXPECT_EQ(SqlCommentText("a\xc2\x85" "b\xe2\x80\xa8" "c\xe2\x80\xa9" "d"),
            "a\\u0085b\\u2028c\\u2029d");
  EXPECT_EQ(SqlCommentText("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x90\x98"),
            "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x90\x98");
  // Bytes that are not UTF-8: stray, truncated, overlong, surrogate.
  EXPECT_EQ(SqlCommentText("\x85|\xe2\x80|\xc0\x8a|\xed\xa0\x80|\xff"),
            "\\x85|\\xe2\\x80|\\xc0\\x8a|\\xed\\xa0\\x80|\\xff");
  // The backslash is escaped too, so every escape reads one way.
  EXPECT_EQ(SqlCommentText("C:\\new"), "C:\\\\new");
}

TEST(StringsTest, SqlCommentTextHasNoLineBreakForAnyByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  for (const std::string& text : {all, std::string("\xe2\x80\xa8\xe2\x80\xa9\xc2\x85")}) {
    const std::string comment = SqlCommentText(text);
    for (unsigned char c : comment) {
      EXPECT_TRUE(c == '\t' || (c >= 0x20 && c < 0x7f) || c >= 0x80) << static_cast<int>(c);
    }
    EXPECT_EQ(comment.find("\xe2\x80\xa8"), std::string::npos);
    EXPECT_EQ(comment.find("\xe2\x80\xa9"), std::string::npos);
    EXPECT_EQ(comment.find("\xc2\x85"), std::string::npos);
  }
}

}  // namespace
}  // namespace migrate::base
