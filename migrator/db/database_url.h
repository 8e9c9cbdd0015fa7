// DatabaseUrl: a parsed database URL, the one way configuration names a
// database. Parse() accepts exactly these forms (the user contract,
// docs: migration-files.md):
//
//   sqlite:///relative/path.db   a file relative to `relative_to`
//   sqlite:////absolute/path.db  an absolute file
//   sqlite::memory:              a private in-memory database (also sqlite:///:memory:)
//   postgresql://user:pass@host:port/dbname?sslmode=...   (also postgres://)
//
// User, password, host, database and the SQLite path are percent-decoded.
// SQLite query parameters set pragmas when the connection opens
// (`?foreign_keys=off&busy_timeout=5000`); only the pragmas in
// SqlitePragmaNames() are accepted, each with a value of its type (a whole
// number, on/off, or one of its keywords, as SQLite documents it).
// PostgreSQL query parameters are libpq's and are passed through; those
// with a fixed form (connect_timeout, sslmode, keepalives, ...) are checked
// here, the rest by libpq when connecting (it rejects unknown ones).
//
// A password never leaves this class except through password() and
// LibpqConninfo(), which only the PostgreSQL connection may use: Redacted()
// is the only way a URL is printed, and Parse() errors never contain the
// password (the text they quote goes through RedactConnectionString
// (db/redaction.h), whatever its form, even when it does not parse).
//
// Thread safety: an immutable value type.

#ifndef MIGRATOR_DB_DATABASE_URL_H_
#define MIGRATOR_DB_DATABASE_URL_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"

namespace migrate::db {

class DatabaseUrl {
 public:
  enum class Scheme { kSqlite, kPostgresql };

  /// Parses `url`. A relative SQLite path is joined to `relative_to` (a
  /// directory; "" leaves it relative to the current directory). Returns
  /// InvalidInput, saying what is wrong and quoting the redacted URL, for any
  /// other form, a bad percent-escape, a bad port, an unknown or badly
  /// valued SQLite pragma parameter, or a badly valued libpq parameter.
  static base::Result<DatabaseUrl> Parse(std::string_view url, const std::string& relative_to);

  /// The pragma names a sqlite:// URL may set, sorted.
  static const std::vector<std::string>& SqlitePragmaNames();

  Scheme scheme() const { return scheme_; }

  /// The URL as written, with every password (in the user info or any
  /// password-like parameter, e.g. `sslpassword=`) replaced by `***`:
  /// RedactConnectionString of it. The only way a URL is printed.
  std::string Redacted() const;

  /// SQLite: the database file after relative-path resolution; "" for :memory:.
  const std::string& sqlite_path() const { return sqlite_path_; }
  /// SQLite: true for sqlite::memory:.
  bool sqlite_memory() const { return sqlite_memory_; }

  /// The query parameters, percent-decoded. SQLite: pragma name -> value, as
  /// written (names lower-cased). PostgreSQL: libpq keyword -> value.
  const std::map<std::string, std::string>& params() const { return params_; }

  /// PostgreSQL: a libpq connection URI equivalent to this URL, with
  /// `postgres://` normalized to `postgresql://` and every query parameter
  /// passed through. Contains the password: never print it.
  std::string LibpqConninfo() const;

  /// PostgreSQL: this URL naming database `database` instead of its own, with
  /// the same credentials, hosts and parameters; Redacted() then shows it as
  /// LibpqConninfo() spells it. REQUIRES: scheme() is kPostgresql.
  DatabaseUrl WithDatabase(std::string_view database) const;

  // PostgreSQL components, percent-decoded; "" where the URL leaves them out
  // (libpq's defaults then apply). With several hosts (`h1:5432,h2:5433`),
  // host() and port() are comma-separated lists, as libpq's keywords take them.
  // All are "" for SQLite.
  const std::string& user() const { return user_; }
  const std::string& host() const { return host_; }
  const std::string& port() const { return port_; }
  const std::string& database() const { return database_; }
  /// The password from the user info, else from a `password=` parameter. Never print it.
  const std::string& password() const { return password_; }

 private:
  DatabaseUrl() = default;

  Scheme scheme_ = Scheme::kSqlite;
  std::string original_;  // as given; contains the password
  std::string sqlite_path_;
  bool sqlite_memory_ = false;
  std::map<std::string, std::string> params_;
  std::string user_;
  std::string password_;
  bool has_userinfo_password_ = false;  // `user:@host` has one, and it is empty
  std::string host_;
  std::string port_;
  std::vector<std::string> hosts_;  // host_ and port_ split, for LibpqConninfo()
  std::vector<std::string> ports_;
  std::string database_;
};

}  // namespace migrate::db

#endif  // MIGRATOR_DB_DATABASE_URL_H_
