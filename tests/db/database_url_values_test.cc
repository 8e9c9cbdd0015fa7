// Every URL parameter with a fixed form is parsed when the URL is: a bad
// value is bad input naming the parameter, never a crash later (a
// busy_timeout of 'abc' once aborted `upgrade` through an uncaught
// std::stoll) nor a setting the database silently ignores.

#include "migrator/db/database_url.h"

#include <string>

#include <gtest/gtest.h>

namespace migrate::db {
namespace {

// The error text of a URL that must not parse; "(parsed)" if it does.
std::string ErrorOf(std::string_view url) {
  base::Result<DatabaseUrl> parsed = DatabaseUrl::Parse(url, "");
  if (parsed.has_value()) return "(parsed)";
  EXPECT_EQ(parsed.error().code(), base::StatusCode::kInvalidInput);
  return parsed.error().message();
}

TEST(DatabaseUrlValuesTest, NumericPragmasTakeWholeNumbers) {
  EXPECT_EQ(ErrorOf("sqlite:///x.db?busy_timeout=abc"),
            "invalid database URL 'sqlite:///x.db?busy_timeout=abc': invalid value 'abc' for "
            "SQLite pragma 'busy_timeout': 'abc' is not a whole number");
  EXPECT_EQ(ErrorOf("sqlite:///x.db?busy_timeout=-5"),
            "invalid database URL 'sqlite:///x.db?busy_timeout=-5': invalid value '-5' for "
            "SQLite pragma 'busy_timeout': '-5' is out of range (it must not be negative)");
  EXPECT_EQ(ErrorOf("sqlite:///x.db?busy_timeout=99999999999999999999"),
            "invalid database URL 'sqlite:///x.db?busy_timeout=99999999999999999999': invalid "
            "value '99999999999999999999' for SQLite pragma 'busy_timeout': "
            "'99999999999999999999' is out of range (it must not be negative)");
  EXPECT_EQ(ErrorOf("sqlite:///x.db?busy_timeout=5000&cache_size=-2000&journal_size_limit=-1"),
            "(parsed)");
}

TEST(DatabaseUrlValuesTest, KeywordPragmasSuggestTheClosestValue) {
  EXPECT_EQ(ErrorOf("sqlite:///x.db?journal_mode=wall"),
            "invalid database URL 'sqlite:///x.db?journal_mode=wall': invalid value 'wall' for "
            "SQLite pragma 'journal_mode': expected one of delete, truncate, persist, memory, wal "
            "or off (did you mean 'wal'?)");
  EXPECT_EQ(ErrorOf("sqlite:///x.db?synchronous=fast"),
            "invalid database URL 'sqlite:///x.db?synchronous=fast': invalid value 'fast' for "
            "SQLite pragma 'synchronous': expected a whole number or one of off, normal, full or "
            "extra");
  EXPECT_EQ(ErrorOf("sqlite:///x.db?foreign_keys=maybe"),
            "invalid database URL 'sqlite:///x.db?foreign_keys=maybe': invalid value 'maybe' for "
            "SQLite pragma 'foreign_keys': expected one of on, off, true, false, yes, no, 1 or 0");
  EXPECT_EQ(ErrorOf("sqlite:///x.db?journal_mode=WAL&synchronous=2&foreign_keys=1&"
                    "secure_delete=FAST&temp_store=memory"),
            "(parsed)");
}

TEST(DatabaseUrlValuesTest, LibpqParametersWithAFixedFormAreChecked) {
  EXPECT_EQ(ErrorOf("postgresql://app@db/app?connect_timeout=abc"),
            "invalid database URL 'postgresql://app@db/app?connect_timeout=abc': invalid value "
            "'abc' for parameter 'connect_timeout': 'abc' is not a whole number");
  EXPECT_EQ(ErrorOf("postgresql://app@db/app?sslmode=requir"),
            "invalid database URL 'postgresql://app@db/app?sslmode=requir': invalid value "
            "'requir' for parameter 'sslmode': expected one of disable, allow, prefer, require, "
            "verify-ca or verify-full (did you mean 'require'?)");
  // libpq's to judge: any application_name, and keywords migrate does not know.
  EXPECT_EQ(ErrorOf("postgresql://app@db/app?connect_timeout=5&sslmode=verify-full&"
                    "application_name=x%20y&options=-c%20search_path%3Dapp"),
            "(parsed)");
}

TEST(DatabaseUrlValuesTest, APortIsANumberFrom1To65535) {
  EXPECT_EQ(ErrorOf("postgresql://app@db:99999/app"),
            "invalid database URL 'postgresql://app@db:99999/app': invalid port '99999' (a "
            "number from 1 to 65535)");
  EXPECT_EQ(ErrorOf("postgresql://app@db:5432x/app"),
            "invalid database URL 'postgresql://app@db:5432x/app': invalid port '5432x' (a "
            "number from 1 to 65535)");
}

}  // namespace
}  // namespace migrate::db
