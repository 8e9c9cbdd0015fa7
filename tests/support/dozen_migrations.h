// The project the concurrency, crash and embedding tests migrate: a dozen
// migrations on one line, r01 <- r02 <- ... <- r12, portable to SQLite and
// PostgreSQL. Each one also appends its revision to the table `ledger` (no
// unique key), so a migration that ran twice would leave two rows there even
// if the version tables looked right. Some add columns, indexes and data, so
// the schema at head has a shape worth checking.
//
// ExpectDozenAppliedOnce checks a database through its own connection: the
// history has exactly one successful upgrade row per revision, in order;
// the version table holds r12; the ledger holds each revision once; every
// table, column and index is there. StartUpgradeWorkers runs many `migrate`
// processes at once on such a project.

#ifndef MIGRATOR_TESTS_SUPPORT_DOZEN_MIGRATIONS_H_
#define MIGRATOR_TESTS_SUPPORT_DOZEN_MIGRATIONS_H_

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "migrator/db/connection.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {

/// "r01" ... "r12".
std::vector<std::string> DozenRevisions();

/// Writes `folder`/rNN_*.sql (the dozen migrations) and `migrate.toml`
/// (script_location = `folder`, no URL) into `dir`.
void WriteDozenMigrations(const TempDir& dir, const std::string& folder = "migrations");

/// The rows `sql` returns, one string per row, columns joined by '|', NULL
/// as "NULL". A query error is a gtest failure (and no rows).
std::vector<std::string> QueryLines(db::Connection& conn, const std::string& sql);

/// Test names for (backend, round) parameters: "sqlite_round3".
std::string RoundName(const ::testing::TestParamInfo<std::tuple<Backend, int>>& round);

/// gtest expectations that the dozen migrations were each applied exactly
/// once and the schema is complete.
void ExpectDozenAppliedOnce(db::Connection& conn, Backend backend);

/// Starts `count` processes of `migrate -c <project>/migrate.toml --url <url>
/// --lock-timeout 2min upgrade head` at once (the `migrate` binary at
/// `binary`), each writing to <project>/worker<i>.log, without DATABASE_URL
/// and with NO_COLOR. A process that cannot start is a gtest failure and a
/// nullptr in the result.
std::vector<std::unique_ptr<ChildProcess>> StartUpgradeWorkers(const std::string& binary,
                                                               const std::string& project,
                                                               const std::string& url, int count);

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_DOZEN_MIGRATIONS_H_
