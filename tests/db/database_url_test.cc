#include "migrator/db/database_url.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace migrate::db {
namespace {

using Params = std::map<std::string, std::string>;

DatabaseUrl MustParse(std::string_view url, const std::string& relative_to = "/home/ana/proj") {
  base::Result<DatabaseUrl> parsed = DatabaseUrl::Parse(url, relative_to);
  EXPECT_TRUE(parsed.has_value()) << parsed.status().ToString();
  return parsed.has_value() ? *std::move(parsed) : *DatabaseUrl::Parse("sqlite::memory:", "");
}

// The full error text of a URL that must not parse.
std::string ErrorOf(std::string_view url) {
  base::Result<DatabaseUrl> parsed = DatabaseUrl::Parse(url, "/home/ana/proj");
  if (parsed.has_value()) return "(parsed)";
  EXPECT_EQ(parsed.error().code(), base::StatusCode::kInvalidInput);
  return parsed.error().ToString();
}

// --- SQLite ---------------------------------------------------------------

TEST(DatabaseUrlTest, SqliteRelativePathIsJoinedToRelativeTo) {
  DatabaseUrl url = MustParse("sqlite:///app.db");
  EXPECT_EQ(url.scheme(), DatabaseUrl::Scheme::kSqlite);
  EXPECT_EQ(url.sqlite_path(), "/home/ana/proj/app.db");
  EXPECT_FALSE(url.sqlite_memory());
  EXPECT_TRUE(url.params().empty());
  EXPECT_EQ(MustParse("sqlite:///data/../var/app.db").sqlite_path(), "/home/ana/proj/var/app.db");
  EXPECT_EQ(MustParse("sqlite:///db/app.db", "conf").sqlite_path(), "conf/db/app.db");
}

TEST(DatabaseUrlTest, SqliteRelativePathWithoutBaseStaysRelative) {
  EXPECT_EQ(MustParse("sqlite:///app.db", "").sqlite_path(), "app.db");
}

TEST(DatabaseUrlTest, SqliteAbsolutePathIgnoresRelativeTo) {
  DatabaseUrl url = MustParse("sqlite:////var/lib/app/app.db");
  EXPECT_EQ(url.sqlite_path(), "/var/lib/app/app.db");
  EXPECT_EQ(url.Redacted(), "sqlite:////var/lib/app/app.db");
}

TEST(DatabaseUrlTest, SqliteMemory) {
  for (std::string_view text : {"sqlite::memory:", "sqlite:///:memory:", "SQLite::memory:"}) {
    DatabaseUrl url = MustParse(text);
    EXPECT_EQ(url.scheme(), DatabaseUrl::Scheme::kSqlite) << text;
    EXPECT_TRUE(url.sqlite_memory()) << text;
    EXPECT_EQ(url.sqlite_path(), "") << text;
  }
  EXPECT_EQ(MustParse("sqlite::memory:?foreign_keys=off").params(), (Params{{"foreign_keys", "off"}}));
}

TEST(DatabaseUrlTest, SqlitePathIsPercentDecoded) {
  EXPECT_EQ(MustParse("sqlite:///my%20data/app%23%3F.db").sqlite_path(),
            "/home/ana/proj/my data/app#?.db");
  EXPECT_EQ(MustParse("sqlite:///a+b.db").sqlite_path(), "/home/ana/proj/a+b.db");
}

TEST(DatabaseUrlTest, SqliteQueryParametersArePragmas) {
  DatabaseUrl url = MustParse("sqlite:///app.db?foreign_keys=off&busy_timeout=250&JOURNAL_MODE=WAL");
  EXPECT_EQ(url.params(), (Params{{"busy_timeout", "250"}, {"foreign_keys", "off"},
                                  {"journal_mode", "WAL"}}));
  EXPECT_EQ(MustParse("sqlite:///app.db?cache_size=-2000").params(),
            (Params{{"cache_size", "-2000"}}));
}

TEST(DatabaseUrlTest, SqliteUnknownPragmaIsAnError) {
  EXPECT_EQ(ErrorOf("sqlite:///app.db?foreign_key=off"),
            "invalid database URL 'sqlite:///app.db?foreign_key=off': unknown SQLite pragma "
            "'foreign_key' (did you mean 'foreign_keys'?) (the query parameters of a sqlite URL set pragmas: auto_vacuum, "
            "automatic_index, busy_timeout, cache_size, cache_spill, case_sensitive_like, "
            "cell_size_check, foreign_keys, ignore_check_constraints, journal_mode, "
            "journal_size_limit, legacy_alter_table, locking_mode, mmap_size, page_size, "
            "query_only, recursive_triggers, secure_delete, synchronous, temp_store, "
            "trusted_schema, wal_autocheckpoint)");
}

TEST(DatabaseUrlTest, SqlitePragmaValueMustBeOneOfItsValues) {
  EXPECT_EQ(ErrorOf("sqlite:///app.db?journal_mode=wal%3B%20DROP%20TABLE%20x"),
            "invalid database URL 'sqlite:///app.db?journal_mode=wal%3B%20DROP%20TABLE%20x': "
            "invalid value 'wal; DROP TABLE x' for SQLite pragma 'journal_mode': expected one of "
            "delete, truncate, persist, memory, wal or off");
  EXPECT_EQ(ErrorOf("sqlite:///app.db?foreign_keys="),
            "invalid database URL 'sqlite:///app.db?foreign_keys=': invalid value '' for SQLite "
            "pragma 'foreign_keys': expected one of on, off, true, false, yes, no, 1 or 0");
}

TEST(DatabaseUrlTest, SqliteBadForms) {
  EXPECT_EQ(ErrorOf("sqlite://app.db"),
            "invalid database URL 'sqlite://app.db': a SQLite URL has no host ('app.db'); write "
            "sqlite:///relative/path.db or sqlite:////absolute/path.db");
  EXPECT_EQ(ErrorOf("sqlite:///"),
            "invalid database URL 'sqlite:///': no database file; write sqlite:///path.db, or "
            "sqlite::memory: for an in-memory database");
  EXPECT_EQ(ErrorOf("sqlite:app.db"),
            "invalid database URL 'sqlite:app.db': expected sqlite:///relative.db, "
            "sqlite:////absolute.db, sqlite::memory: or postgresql://user:password@host:port/dbname");
  EXPECT_EQ(ErrorOf("sqlite::memory:x"),
            "invalid database URL 'sqlite::memory:x': expected sqlite:///relative.db, "
            "sqlite:////absolute.db, sqlite::memory: or postgresql://user:password@host:port/dbname");
  EXPECT_EQ(ErrorOf(""),
            "invalid database URL '': expected sqlite:///relative.db, sqlite:////absolute.db, "
            "sqlite::memory: or postgresql://user:password@host:port/dbname");
}

TEST(DatabaseUrlTest, QueryParameterProblems) {
  EXPECT_EQ(ErrorOf("sqlite:///app.db?foreign_keys"),
            "invalid database URL 'sqlite:///app.db?foreign_keys': query parameter "
            "'foreign_keys' has no value (write foreign_keys=VALUE)");
  EXPECT_EQ(ErrorOf("sqlite:///app.db?foreign_keys=on&foreign_keys=off"),
            "invalid database URL 'sqlite:///app.db?foreign_keys=on&foreign_keys=off': query "
            "parameter 'foreign_keys' is given twice");
  EXPECT_EQ(ErrorOf("sqlite:///app.db?foreign_keys=on&FOREIGN_KEYS=off"),
            "invalid database URL 'sqlite:///app.db?foreign_keys=on&FOREIGN_KEYS=off': query "
            "parameter 'foreign_keys' is given twice");
}

TEST(DatabaseUrlTest, BadPercentEscapeInPath) {
  EXPECT_EQ(ErrorOf("sqlite:///app%zz.db"),
            "invalid database URL 'sqlite:///app%zz.db': invalid percent-escape in the path "
            "(write %XX with two hex digits, e.g. %40 for '@')");
  EXPECT_EQ(ErrorOf("sqlite:///app%4"),
            "invalid database URL 'sqlite:///app%4': invalid percent-escape in the path "
            "(write %XX with two hex digits, e.g. %40 for '@')");
}

TEST(DatabaseUrlTest, UnsupportedScheme) {
  EXPECT_EQ(ErrorOf("mysql://root:hunter2@localhost/app"),
            "invalid database URL 'mysql://root:***@localhost/app': unsupported scheme 'mysql' "
            "(migrate supports sqlite, postgresql and postgres)");
}

// --- PostgreSQL -----------------------------------------------------------

TEST(DatabaseUrlTest, PostgresqlComponents) {
  DatabaseUrl url = MustParse(
      "postgresql://alice:s3cr%40t%2Fx@db.example.com:6543/app%20db?sslmode=require&"
      "connect_timeout=5");
  EXPECT_EQ(url.scheme(), DatabaseUrl::Scheme::kPostgresql);
  EXPECT_EQ(url.user(), "alice");
  EXPECT_EQ(url.password(), "s3cr@t/x");
  EXPECT_EQ(url.host(), "db.example.com");
  EXPECT_EQ(url.port(), "6543");
  EXPECT_EQ(url.database(), "app db");
  EXPECT_EQ(url.params(), (Params{{"connect_timeout", "5"}, {"sslmode", "require"}}));
  EXPECT_EQ(url.sqlite_path(), "");
  EXPECT_EQ(url.Redacted(),
            "postgresql://alice:***@db.example.com:6543/app%20db?sslmode=require&"
            "connect_timeout=5");
  EXPECT_EQ(url.LibpqConninfo(),
            "postgresql://alice:s3cr%40t%2Fx@db.example.com:6543/app%20db?connect_timeout=5&"
            "sslmode=require");
}

TEST(DatabaseUrlTest, PostgresSchemeIsNormalized) {
  DatabaseUrl url = MustParse("postgres://bob@localhost/app");
  EXPECT_EQ(url.scheme(), DatabaseUrl::Scheme::kPostgresql);
  EXPECT_EQ(url.user(), "bob");
  EXPECT_EQ(url.password(), "");
  EXPECT_EQ(url.port(), "");
  EXPECT_EQ(url.Redacted(), "postgres://bob@localhost/app");
  EXPECT_EQ(url.LibpqConninfo(), "postgresql://bob@localhost/app");
}

TEST(DatabaseUrlTest, PostgresqlWithoutHostOrUser) {
  DatabaseUrl url = MustParse("postgresql:///app?host=/var/run/postgresql");
  EXPECT_EQ(url.user(), "");
  EXPECT_EQ(url.host(), "");
  EXPECT_EQ(url.database(), "app");
  EXPECT_EQ(url.params(), (Params{{"host", "/var/run/postgresql"}}));
  EXPECT_EQ(url.LibpqConninfo(), "postgresql:///app?host=%2Fvar%2Frun%2Fpostgresql");
  EXPECT_EQ(MustParse("postgresql://localhost").database(), "");
}

TEST(DatabaseUrlTest, PostgresqlSocketDirectoryAsHost) {
  DatabaseUrl url = MustParse("postgresql://app@%2Fvar%2Frun%2Fpostgresql/app");
  EXPECT_EQ(url.host(), "/var/run/postgresql");
  EXPECT_EQ(url.LibpqConninfo(), "postgresql://app@%2Fvar%2Frun%2Fpostgresql/app");
}

TEST(DatabaseUrlTest, PostgresqlIpv6AndSeveralHosts) {
  DatabaseUrl v6 = MustParse("postgresql://u@[::1]:5433/db");
  EXPECT_EQ(v6.host(), "::1");
  EXPECT_EQ(v6.port(), "5433");
  EXPECT_EQ(v6.LibpqConninfo(), "postgresql://u@[::1]:5433/db");

  DatabaseUrl many = MustParse("postgresql://u@h1:5432,h2,h3:5434/db?target_session_attrs=read-write");
  EXPECT_EQ(many.host(), "h1,h2,h3");
  EXPECT_EQ(many.port(), "5432,,5434");
  EXPECT_EQ(many.LibpqConninfo(),
            "postgresql://u@h1:5432,h2,h3:5434/db?target_session_attrs=read-write");
}

TEST(DatabaseUrlTest, WithDatabaseKeepsEverythingButTheDatabase) {
  DatabaseUrl url =
      MustParse("postgres://alice:s3cr%40t@h1:5432,[::1]:5433/app%20db?sslmode=require");
  DatabaseUrl other = url.WithDatabase("post gres");
  EXPECT_EQ(other.scheme(), DatabaseUrl::Scheme::kPostgresql);
  EXPECT_EQ(other.database(), "post gres");
  EXPECT_EQ(other.user(), "alice");
  EXPECT_EQ(other.password(), "s3cr@t");
  EXPECT_EQ(other.host(), "h1,::1");
  EXPECT_EQ(other.port(), "5432,5433");
  EXPECT_EQ(other.params(), (Params{{"sslmode", "require"}}));
  EXPECT_EQ(other.LibpqConninfo(),
            "postgresql://alice:s3cr%40t@h1:5432,[::1]:5433/post%20gres?sslmode=require");
  EXPECT_EQ(other.Redacted(), "postgresql://alice:***@h1:5432,[::1]:5433/post%20gres?sslmode=require");
  EXPECT_EQ(url.database(), "app db");  // the original is unchanged
}

TEST(DatabaseUrlTest, PostgresqlPasswordWithUnescapedSpecialCharacters) {
  // The user info ends at the last '@', so a careless password still parses
  // (and is still masked).
  DatabaseUrl url = MustParse("postgresql://u:p@ss/w?rd@h/db");
  EXPECT_EQ(url.user(), "u");
  EXPECT_EQ(url.password(), "p@ss/w?rd");
  EXPECT_EQ(url.host(), "h");
  EXPECT_EQ(url.database(), "db");
  EXPECT_EQ(url.Redacted(), "postgresql://u:***@h/db");
  EXPECT_EQ(url.LibpqConninfo(), "postgresql://u:p%40ss%2Fw%3Frd@h/db");
}

TEST(DatabaseUrlTest, PostgresqlEmptyPasswordIsKept) {
  DatabaseUrl url = MustParse("postgresql://u:@h/db");
  EXPECT_EQ(url.password(), "");
  EXPECT_EQ(url.Redacted(), "postgresql://u:***@h/db");
  EXPECT_EQ(url.LibpqConninfo(), "postgresql://u:@h/db");
}

TEST(DatabaseUrlTest, PasswordParameterIsRedacted) {
  DatabaseUrl url = MustParse("postgresql://u@h/db?sslmode=disable&password=hunter2&application_name=x");
  EXPECT_EQ(url.password(), "hunter2");
  EXPECT_EQ(url.Redacted(), "postgresql://u@h/db?sslmode=disable&password=***&application_name=x");
  EXPECT_EQ(url.LibpqConninfo(),
            "postgresql://u@h/db?application_name=x&password=hunter2&sslmode=disable");
}

TEST(DatabaseUrlTest, PostgresqlBadPort) {
  EXPECT_EQ(ErrorOf("postgresql://u:pw@h:abc/db"),
            "invalid database URL 'postgresql://u:***@h:abc/db': invalid port 'abc' (a number "
            "from 1 to 65535)");
  EXPECT_EQ(ErrorOf("postgresql://h:70000/db"),
            "invalid database URL 'postgresql://h:70000/db': invalid port '70000' (a number from "
            "1 to 65535)");
  EXPECT_EQ(ErrorOf("postgresql://h:0/db"),
            "invalid database URL 'postgresql://h:0/db': invalid port '0' (a number from 1 to "
            "65535)");
  EXPECT_EQ(ErrorOf("postgresql://[::1/db"),
            "invalid database URL 'postgresql://[::1/db': unterminated '[' in the host (IPv6 "
            "addresses are written [::1])");
}

TEST(DatabaseUrlTest, ErrorsNeverContainThePassword) {
  EXPECT_EQ(ErrorOf("postgresql://u:Se%zzcret@h/db"),
            "invalid database URL 'postgresql://u:***@h/db': invalid percent-escape in the "
            "password (write %XX with two hex digits, e.g. %40 for '@')");
  EXPECT_EQ(ErrorOf("postgresql://u@h/db?password=Se%zzcret"),
            "invalid database URL 'postgresql://u@h/db?password=***': invalid percent-escape in "
            "query parameter 'password' (write %XX with two hex digits, e.g. %40 for '@')");
  // Whatever is wrong, a password-looking part is never echoed.
  for (std::string_view bad : {
           "postgresql://u:Secret@h:x/db",
           "postgresql://u:Secret/x@h:99999/db",
           "postgresql://u:Secret@[h/db",
           "postgresql://u:Secret@h/db?password=Secret&password=Secret",
           "postgresql://u:Secret@h/db?password",
           "oracle://u:Secret@h/db",
           "postgresql://u:Secret@h/d%zzb",
       }) {
    std::string error = ErrorOf(bad);
    EXPECT_NE(error, "(parsed)") << bad;
    EXPECT_EQ(error.find("Secret"), std::string::npos) << error;
  }
}

TEST(DatabaseUrlTest, RedactedLeavesUrlsWithoutPasswordAlone) {
  EXPECT_EQ(MustParse("postgresql://u@h:5432/db?sslmode=require").Redacted(),
            "postgresql://u@h:5432/db?sslmode=require");
  EXPECT_EQ(MustParse("sqlite:///app.db?foreign_keys=off").Redacted(),
            "sqlite:///app.db?foreign_keys=off");
  EXPECT_EQ(MustParse("sqlite::memory:").Redacted(), "sqlite::memory:");
}

}  // namespace
}  // namespace migrate::db
