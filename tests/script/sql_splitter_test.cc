#include "migrator/script/sql_splitter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/sql_corpus.h"

namespace migrate::script {
namespace {

using testing::ShowStatements;
using testing::SqlCorpusCases;

const SplitterOptions kSqlite = SplitterOptions::Sqlite();
const SplitterOptions kPostgres = SplitterOptions::Postgresql();

std::string Split(std::string_view sql, const SplitterOptions& options, int first_line = 1) {
  auto r = SplitStatements(sql, first_line, options, "m.sql");
  return r ? ShowStatements(*r) : "error: " + r.error().ToString();
}

// --- The torture corpus: tests/fixtures/sql/ -------------------------------

class SplitterCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(SplitterCorpus, MatchesExpectedStatementsOrError) {
  const std::string stem = GetParam();
  const std::string dialect = std::filesystem::path(stem).extension().string();
  ASSERT_TRUE(dialect == ".sqlite" || dialect == ".postgresql") << stem;
  const SplitterOptions options = dialect == ".sqlite" ? kSqlite : kPostgres;
  const std::string sql = testing::ReadFile(testing::SqlCorpusDir() / (stem + ".sql"));
  testing::ExpectSplitAsCorpusSays(stem, SplitStatements(sql, 1, options, stem + ".sql"));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SplitterCorpus, ::testing::ValuesIn(SqlCorpusCases()),
                         testing::SqlCorpusTestName);

// Guards against the corpus silently going missing (zero cases would pass).
TEST(SplitterCorpusTest, CorpusIsPresent) {
  const std::vector<std::string> cases = SqlCorpusCases();
  EXPECT_GE(cases.size(), 20u);
  EXPECT_NE(std::find(cases.begin(), cases.end(), "functions.postgresql"), cases.end());
  EXPECT_NE(std::find(cases.begin(), cases.end(), "triggers.sqlite"), cases.end());
}

// --- Individual rules ------------------------------------------------------

TEST(SplitterTest, LinesCountFromTheSectionsFirstLine) {
  EXPECT_EQ(Split("\n-- c\nSELECT 1;\n\n  SELECT\n2", kSqlite, 14),
            "=== 16\nSELECT 1\n=== 18\nSELECT\n2\n");
}

TEST(SplitterTest, NoFinalSemicolonAndTrailingComment) {
  EXPECT_EQ(Split("SELECT 1 -- done", kPostgres), "=== 1\nSELECT 1\n");
  EXPECT_EQ(Split("SELECT 1 /* done */\n", kSqlite), "=== 1\nSELECT 1\n");
}

TEST(SplitterTest, EmptyAndCommentOnlyBodiesGiveNoStatements) {
  EXPECT_EQ(Split("", kSqlite), "");
  EXPECT_EQ(Split("\n\n", kPostgres), "");
  EXPECT_EQ(Split(";;\n;", kPostgres), "");
  EXPECT_EQ(Split("-- a\n/* b; */\n", kSqlite), "");
}

TEST(SplitterTest, CrLfLineEndingsKeepLinesAndText) {
  EXPECT_EQ(Split("SELECT 1;\r\nSELECT\r\n  2;\r\n", kSqlite),
            "=== 1\nSELECT 1\n=== 2\nSELECT\r\n  2\n");
}

TEST(SplitterTest, ByteOrderMarkIsNotPartOfTheFirstStatement) {
  EXPECT_EQ(Split("\xEF\xBB\xBFSELECT 1;", kPostgres), "=== 1\nSELECT 1\n");
}

TEST(SplitterTest, DollarQuotesOnlyOnPostgresql) {
  // On SQLite `$$` is not a quote, so the ';' inside splits.
  EXPECT_EQ(Split("SELECT $$a;b$$;", kPostgres), "=== 1\nSELECT $$a;b$$\n");
  EXPECT_EQ(Split("SELECT $$a;b$$;", kSqlite), "=== 1\nSELECT $$a\n=== 1\nb$$\n");
}

TEST(SplitterTest, BackslashEscapesOnlyInPostgresqlEStrings) {
  EXPECT_EQ(Split("SELECT E'\\';';", kPostgres), "=== 1\nSELECT E'\\';'\n");
  // SQLite has no E'' strings: E is a word, and '\' is a complete string.
  EXPECT_EQ(Split("SELECT E'\\';", kSqlite), "=== 1\nSELECT E'\\'\n");
  // PostgreSQL's standard strings keep backslashes literally too.
  EXPECT_EQ(Split("SELECT '\\';", kPostgres), "=== 1\nSELECT '\\'\n");
}

TEST(SplitterTest, SquareBracketsOnlyOnSqlite) {
  EXPECT_EQ(Split("SELECT [a;b];", kSqlite), "=== 1\nSELECT [a;b]\n");
  EXPECT_EQ(Split("SELECT a[1];SELECT 2", kPostgres), "=== 1\nSELECT a[1]\n=== 1\nSELECT 2\n");
}

TEST(SplitterTest, PostgresqlTriggersHaveNoBody) {
  // Without trigger_bodies, CREATE TRIGGER is an ordinary statement.
  EXPECT_EQ(Split("CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f(); BEGIN;",
                  kPostgres),
            "=== 1\nCREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f()\n"
            "=== 1\nBEGIN\n");
}

TEST(SplitterTest, SqliteTriggerKeywordsAreCaseInsensitive) {
  EXPECT_EQ(
      Split("cReAtE TeMp TrIgGeR t after insert on x bEgIn select 1; eNd; select 2", kSqlite),
      "=== 1\ncReAtE TeMp TrIgGeR t after insert on x bEgIn select 1; eNd\n=== 1\nselect 2\n");
}

TEST(SplitterTest, BeginWithoutAtomicIsNotABody) {
  // A CREATE FUNCTION whose body is a string, then a transaction statement.
  EXPECT_EQ(Split("CREATE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql; BEGIN; SELECT 1;",
                  kPostgres),
            "=== 1\nCREATE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql\n=== 1\nBEGIN\n"
            "=== 1\nSELECT 1\n");
}

TEST(SplitterTest, BackslashInsideALineIsLeftToTheServer) {
  // Only a line that starts with a backslash is a meta-command.
  EXPECT_EQ(Split("SELECT 1 \\gset\n", kPostgres), "=== 1\nSELECT 1 \\gset\n");
}

TEST(SplitterTest, MetaCommandErrorNamesTheCommand) {
  EXPECT_EQ(
      Split("SELECT 1;\n\n\\connect other\nSELECT 2;", kPostgres, 20),
      "error: m.sql:22: psql meta-command '\\connect' is not SQL; migrate runs each statement "
      "itself, not through psql, so replace it with plain SQL\n\\connect other");
}

TEST(SplitterTest, LexerErrorsPointWhereTheQuoteStarts) {
  EXPECT_EQ(Split("SELECT 1;\nSELECT 'a;\nb;\nc", kSqlite, 10),
            "error: m.sql:11: unterminated string literal: the ' here is never closed\nSELECT 'a;");
}

// A 40 MB body through the splitter, as a smoke test of linear time (a
// quadratic splitter would take minutes). The throughput target (>= 100
// MB/s) is measured by the benchmark, not asserted here.
TEST(SplitterTest, LargeInputsSplitInLinearTime) {
  std::string body = "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$\nBEGIN\n";
  const std::string line = "  PERFORM pg_notify('c', 'payload; with ''quotes'' and $$');\n";
  while (body.size() < 20'000'000) body += line;
  body += "END;\n$fn$;\n";
  const std::string statement = "INSERT INTO t (a, \"b;\") VALUES (1, 'x;y'); -- comment\n";
  while (body.size() < 40'000'000) body += statement;

  const auto start = std::chrono::steady_clock::now();
  auto result = SplitStatements(body, 1, kPostgres, "big.sql");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  ASSERT_GT(result->size(), 2u);
  EXPECT_EQ(result->front().text.substr(0, 15), "CREATE FUNCTION");
  EXPECT_EQ(result->back().text, "INSERT INTO t (a, \"b;\") VALUES (1, 'x;y')");
  EXPECT_LT(elapsed, std::chrono::seconds(20));
}

}  // namespace
}  // namespace migrate::script
