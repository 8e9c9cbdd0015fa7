// Dialect::QuoteLiteral on the real databases: whatever the text (quotes,
// backslashes, statement separators, line breaks), the database reads the
// literal back as exactly that text, and nothing after it runs. On
// PostgreSQL both with standard_conforming_strings on and with it off,
// where a backslash in a plain literal escapes the quote after it.

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "migrator/db/connection.h"
#include "migrator/db/dialect.h"
#include "tests/support/test_database.h"

namespace migrate::db {
namespace {

using testing::Backend;
using testing::BackendName;
using testing::TestDatabase;

const std::vector<std::string>& HostileTexts() {
  static const std::vector<std::string> kTexts = {
      "",
      "it's",
      "x'); DROP TABLE users; --",
      "a\\",
      "\\'; DROP TABLE users; --",
      "\\\\'' OR 1=1; DROP TABLE users; --",
      "line\nDROP TABLE users;\r\n-- \v\f",
      "caf\xc3\xa9 \xe2\x80\xa8 $$ $tag$ */ /*",
  };
  return kTexts;
}

class QuoteLiteralTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(GetParam());
    ASSERT_NE(db_, nullptr);
    auto conn = db_->Connect();
    ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
    conn_ = *std::move(conn);
    ASSERT_TRUE(conn_->Execute("CREATE TABLE users (id integer)").ok());
  }

  // Reads every hostile text back through a literal; each must come back
  // whole, and the table its text tries to drop must still be there.
  void ExpectEachReadsBack() {
    const Dialect& dialect = conn_->dialect();
    for (const std::string& text : HostileTexts()) {
      const std::string literal = dialect.QuoteLiteral(text);
      auto rows = conn_->Query("SELECT " + literal);
      ASSERT_TRUE(rows.has_value()) << literal << ": " << rows.error().ToString();
      ASSERT_EQ(rows->rows.size(), 1u) << literal;
      EXPECT_EQ(rows->rows[0][0], text) << literal;
    }
    auto users = conn_->Query("SELECT count(*) FROM users");
    EXPECT_TRUE(users.has_value()) << users.error().ToString();
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_P(QuoteLiteralTest, TheDatabaseReadsBackExactlyTheText) { ExpectEachReadsBack(); }

TEST_P(QuoteLiteralTest, PostgresqlWithStandardConformingStringsOff) {
  if (GetParam() == Backend::kSqlite) {
    // SQLite has no such setting: a backslash is always an ordinary character.
    EXPECT_EQ(conn_->dialect().QuoteLiteral("a\\'b"), "'a\\''b'");
    return;
  }
  ASSERT_TRUE(conn_->Execute("SET standard_conforming_strings = off").ok());
  ASSERT_TRUE(conn_->Execute("SET escape_string_warning = off").ok());
  ExpectEachReadsBack();
}

INSTANTIATE_TEST_SUITE_P(Backends, QuoteLiteralTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return BackendName(param_info.param);
                         });

}  // namespace
}  // namespace migrate::db
