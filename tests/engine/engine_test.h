// EngineTest: the fixture of the engine's integration tests. Each test gets
// a fresh real database (tests/support/test_database.h) on the backend it is
// instantiated with, an in-memory script directory `migrations/` that the
// test fills with migration files written inline, and runs the commands
// (commands::Upgrade, Downgrade, Stamp, Current) exactly as the CLI does,
// with base::SystemClock and a RecordingReporter. What the commands did to
// the database is checked through a separate connection.
//
// The commands return the failure that ends them; the CLI reports it as one
// more problem after those the command reported itself (preflight reports
// every problem but the last). AllProblems() puts the two together the same
// way, so "two bad things → two problems" can be asserted.
//
// Thread safety: one fixture per test thread; the commands it runs may be
// called from several threads only through Context objects of their own
// (see concurrency_test.cc).

#ifndef MIGRATOR_TESTS_ENGINE_ENGINE_TEST_H_
#define MIGRATOR_TESTS_ENGINE_ENGINE_TEST_H_

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "migrator/base/clock.h"
#include "migrator/base/status.h"
#include "migrator/commands/commands.h"
#include "migrator/config/config.h"
#include "migrator/db/connection.h"
#include "migrator/script/postcondition.h"
#include "tests/engine/recording_reporter.h"
#include "tests/support/fake_filesystem.h"
#include "tests/support/migration_text.h"
#include "tests/support/test_database.h"

namespace migrate::testing {

/// "sha256:<hex>" of `text`, computed here with OpenSSL, independently of
/// the library. REQUIRES: `text` is already normalized (LF endings, no
/// trailing blanks, ends with exactly one LF).
std::string Sha256Checksum(const std::string& text);

class EngineTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;

  Backend backend() const { return GetParam(); }
  bool postgresql() const { return GetParam() == Backend::kPostgresql; }
  /// "sqlite" or "postgresql".
  std::string dialect() const { return BackendName(GetParam()); }

  /// Writes `migrations/<file>` (replacing it if it exists).
  void Put(const std::string& file, const std::string& text);
  /// "migrations/<file>": how messages name the file.
  static std::string Path(const std::string& file) { return "migrations/" + file; }

  // --- Commands, each with a Context over this fixture's collaborators ----

  base::Status Upgrade(const std::string& target = "head", bool retry_incomplete = false);
  base::Status Downgrade(const std::string& target);
  base::Status Stamp(const std::string& target, bool purge = false);
  /// Runs `current` and returns the revisions it reported, sorted.
  base::Result<std::vector<std::string>> Current();
  /// The reporter's problems followed by `final_status` if it failed: what
  /// the user sees when the command ends with `final_status`.
  std::vector<std::string> AllProblems(const base::Status& final_status) const;
  /// A context for running a command with `reporter` (this fixture's
  /// configuration, filesystem and clock).
  commands::Context ContextFor(report::Reporter& reporter);

  // --- The database, through a connection of the test's own ---------------

  /// The test's own connection (opened by SetUp).
  db::Connection& Db();
  /// Runs `sql` on Db() and fails the test if it fails.
  void Exec(const std::string& sql);
  /// Runs `sql` as the superuser (PostgreSQL; the same as Exec for SQLite).
  void AdminExec(const std::string& sql);
  /// Every row of `sql`, each value as text ("NULL" for NULL).
  std::vector<std::vector<std::string>> Rows(const std::string& sql,
                                             const std::vector<std::string>& params = {});
  /// The one value `sql` returns ("(no row)" when it returns none).
  std::string One(const std::string& sql, const std::vector<std::string>& params = {});

  /// Whether migrate_version exists.
  bool VersionTablesExist();
  /// The rows of migrate_version; empty when the table does not exist.
  std::set<std::string> VersionRows();
  /// migrate_history, oldest first, one "REVISION DIRECTION STATE" per row,
  /// STATE being ok, failed, or incomplete (finished_at NULL).
  std::vector<std::string> History();
  /// Whether `name` (unqualified) exists as a `kind`, as the dialect sees it.
  bool Exists(script::ObjectKind kind, const std::string& name);
  /// The columns of table `name`; std::nullopt if there is no such table.
  std::optional<std::vector<std::string>> Columns(const std::string& name);
  /// Every user object of the default schema except the version tables, as
  /// "kind name(columns)" lines, sorted: tables, views, materialized views,
  /// indexes, sequences, triggers, types and functions (not those of
  /// extensions). Equal snapshots mean the same schema, as far as names and
  /// columns go.
  std::vector<std::string> Schema();

  config::Config config_;
  FakeFileSystem fs_;
  base::SystemClock clock_;
  RecordingReporter reporter_;
  std::unique_ptr<TestDatabase> db_;

 private:
  std::unique_ptr<db::Connection> conn_;  // after db_: closed before the database goes
};

/// How gtest prints a Backend parameter (in failure messages and test lists).
inline void PrintTo(Backend backend, std::ostream* os) { *os << BackendName(backend); }

/// The Backend parameter's name, for INSTANTIATE_TEST_SUITE_P.
struct BackendParamName {
  std::string operator()(const ::testing::TestParamInfo<Backend>& info) const {
    return BackendName(info.param);
  }
};

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_ENGINE_ENGINE_TEST_H_
