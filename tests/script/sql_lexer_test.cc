#include "migrator/script/sql_lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace migrate::script {
namespace {

const SplitterOptions kSqlite = SplitterOptions::Sqlite();
const SplitterOptions kPostgres = SplitterOptions::Postgresql();

const char* KindName(Token::Kind kind) {
  switch (kind) {
    case Token::Kind::kWord:
      return "word";
    case Token::Kind::kQuotedIdentifier:
      return "ident";
    case Token::Kind::kString:
      return "string";
    case Token::Kind::kNumber:
      return "number";
    case Token::Kind::kPunct:
      return "punct";
    case Token::Kind::kParameter:
      return "param";
  }
  return "?";
}

// "kind:text" per token, space-separated; or "error: <full status>".
std::string Lex(std::string_view sql, const SplitterOptions& options) {
  auto tokens = Tokenize(sql, options, 1, "m.sql");
  if (!tokens) return "error: " + tokens.error().ToString();
  std::string out;
  for (const Token& t : *tokens) {
    if (!out.empty()) out += ' ';
    out += std::string(KindName(t.kind)) + ":" + t.text;
  }
  return out;
}

TEST(LexerTest, WordsNumbersAndPunctuation) {
  EXPECT_EQ(Lex("SELECT a.b, 42, 3.14, .5, 1e10, 2E-3, 0xFF FROM t;", kPostgres),
            "word:SELECT word:a punct:. word:b punct:, number:42 punct:, number:3.14 punct:, "
            "number:.5 punct:, number:1e10 punct:, number:2E-3 punct:, number:0xFF word:FROM "
            "word:t punct:;");
}

TEST(LexerTest, CommentsAndWhitespaceAreSkipped) {
  EXPECT_EQ(Lex("a -- one; two\n/* three */ b\t\r\n", kSqlite), "word:a word:b");
  EXPECT_EQ(Lex("a--b\nc", kPostgres), "word:a word:c");
}

TEST(LexerTest, StringsAreUnquoted) {
  EXPECT_EQ(Lex("'it''s' ''", kSqlite), "string:it's string:");
  // Standard strings keep backslashes on both dialects.
  EXPECT_EQ(Lex("'a\\'", kPostgres), "string:a\\");
}

TEST(LexerTest, EscapeStringsResolveBackslashes) {
  EXPECT_EQ(Lex("E'a\\'b' e'\\\\' E'x''y' E'\\x41\\101\\u00e9\\t'", kPostgres),
            "string:a'b string:\\ string:x'y string:AA\xC3\xA9\t");
  // SQLite has no E'' strings: E is a word.
  EXPECT_EQ(Lex("E'a'", kSqlite), "word:E string:a");
  // A word that merely ends in e is not a prefix.
  EXPECT_EQ(Lex("type'a'", kPostgres), "word:type string:a");
}

TEST(LexerTest, QuotedIdentifiers) {
  EXPECT_EQ(Lex("\"a\"\"b\" [c d] `e``f`", kSqlite), "ident:a\"b ident:c d ident:e`f");
  // PostgreSQL has no [] or `` identifiers.
  EXPECT_EQ(Lex("a[1]", kPostgres), "word:a punct:[ number:1 punct:]");
}

TEST(LexerTest, DollarQuotesAndParameters) {
  EXPECT_EQ(Lex("$$a'b$$ $tag$ $$ x $tag$ $1 $23::int", kPostgres),
            "string:a'b string: $$ x  param:$1 param:$23 punct::: word:int");
  // A $ inside a word belongs to the word, so a$b$ is not a dollar quote.
  EXPECT_EQ(Lex("a$b$ c", kPostgres), "word:a$b$ word:c");
  // A tag cannot start with a digit: $1$ is a parameter then a lone $.
  EXPECT_EQ(Lex("$1$", kPostgres), "param:$1 punct:$");
}

TEST(LexerTest, SqliteParameters) {
  EXPECT_EQ(Lex("? ?2 :name @name $name $1", kSqlite),
            "param:? param:?2 param::name param:@name param:$name param:$1");
  // On PostgreSQL these are operators and punctuation.
  EXPECT_EQ(Lex("a ? b @ c :d", kPostgres), "word:a punct:? word:b punct:@ word:c punct:: word:d");
}

TEST(LexerTest, PostgresqlOperators) {
  EXPECT_EQ(Lex("a<=b a<>b a||b a->>'k' a@>b a::text a:=b a=>b a<->b", kPostgres),
            "word:a punct:<= word:b word:a punct:<> word:b word:a punct:|| word:b word:a "
            "punct:->> string:k word:a punct:@> word:b word:a punct::: word:text word:a punct::= "
            "word:b word:a punct:=> word:b word:a punct:<-> word:b");
  // A trailing + or - is split off unless the operator holds ~ ! @ # % ^ & | ` ?.
  EXPECT_EQ(Lex("a=-1 a*-b a@-b", kPostgres),
            "word:a punct:= punct:- number:1 word:a punct:* punct:- word:b word:a punct:@- word:b");
  // An operator stops where a comment starts.
  EXPECT_EQ(Lex("a+--c\nb a*/*c*/b", kPostgres), "word:a punct:+ word:b word:a punct:* word:b");
}

TEST(LexerTest, SqliteOperatorsAreAFixedSet) {
  EXPECT_EQ(Lex("a==b a!=b a<<b a->b a->>b a||-b a=-1", kSqlite),
            "word:a punct:== word:b word:a punct:!= word:b word:a punct:<< word:b word:a punct:-> "
            "word:b word:a punct:->> word:b word:a punct:|| punct:- word:b word:a punct:= punct:- "
            "number:1");
}

TEST(LexerTest, NestedCommentsOnlyOnPostgresql) {
  EXPECT_EQ(Lex("/* a /* b */ c */ d", kPostgres), "word:d");
  EXPECT_EQ(Lex("/* a /* b */ c */ d", kSqlite), "word:c punct:* punct:/ word:d");
}

TEST(LexerTest, UnicodeIdentifiersAndStrings) {
  EXPECT_EQ(Lex("caf\xC3\xA9 '\xF0\x9F\x9A\x80' \"\xE5\x90\x8D\"", kPostgres),
            "word:caf\xC3\xA9 string:\xF0\x9F\x9A\x80 ident:\xE5\x90\x8D");
}

TEST(LexerTest, TokensKnowTheirLineAndOffset) {
  auto tokens = Tokenize("a\n'x\ny' b\n/*\n*/ $$\n$$ c", kPostgres, 10);
  ASSERT_TRUE(tokens.has_value()) << tokens.error().ToString();
  ASSERT_EQ(tokens->size(), 5u);
  EXPECT_EQ((*tokens)[0], (Token{Token::Kind::kWord, "a", 10, 0}));
  EXPECT_EQ((*tokens)[1], (Token{Token::Kind::kString, "x\ny", 11, 2}));
  EXPECT_EQ((*tokens)[2], (Token{Token::Kind::kWord, "b", 12, 8}));
  EXPECT_EQ((*tokens)[3], (Token{Token::Kind::kString, "\n", 14, 16}));
  EXPECT_EQ((*tokens)[4], (Token{Token::Kind::kWord, "c", 15, 22}));
}

TEST(LexerTest, ErrorsPointAtTheStartOfTheUnclosedToken) {
  EXPECT_EQ(Lex("SELECT 1,\n  'abc\n\n", kSqlite),
            "error: m.sql:2: unterminated string literal: the ' here is never closed\n  'abc");
  EXPECT_EQ(Lex("x\n\"a\nb", kPostgres),
            "error: m.sql:2: unterminated quoted identifier: the \" here is never closed\n\"a");
  EXPECT_EQ(Lex("`a", kSqlite),
            "error: m.sql:1: unterminated quoted identifier: the ` here is never closed\n`a");
  EXPECT_EQ(Lex("a /* b\n*/ */ /* c", kSqlite),
            "error: m.sql:2: unterminated comment: the /* here is never closed\n*/ */ /* c");
  EXPECT_EQ(Lex("\n$x$ a $y$", kPostgres),
            "error: m.sql:2: unterminated dollar-quoted string: no closing $x$ for the $x$ "
            "here\n$x$ a $y$");
}

TEST(LexerTest, ErrorsWithoutAPathSayTheLine) {
  auto tokens = Tokenize("a\n'b", kSqlite, 7);
  ASSERT_FALSE(tokens.has_value());
  EXPECT_EQ(tokens.error().ToString(),
            "line 8: unterminated string literal: the ' here is never closed\n'b");
}

// The Lexer itself: spans without copying, and the raw text beside the unquoted one.
TEST(LexerTest, SpansGiveRawAndUnquotedText) {
  Lexer lexer("\"a\"\"b\" E'\\n'", kPostgres);
  TokenSpan span;
  ASSERT_TRUE(lexer.Next(&span));
  EXPECT_EQ(lexer.Raw(span), "\"a\"\"b\"");
  EXPECT_EQ(lexer.Text(span), "a\"b");
  ASSERT_TRUE(lexer.Next(&span));
  EXPECT_EQ(lexer.Raw(span), "E'\\n'");
  EXPECT_EQ(lexer.Text(span), "\n");
  EXPECT_FALSE(lexer.Next(&span));
  EXPECT_TRUE(lexer.status().ok());
}

}  // namespace
}  // namespace migrate::script
