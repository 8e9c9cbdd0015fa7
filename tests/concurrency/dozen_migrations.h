// The project the concurrency tests migrate: a dozen migrations on one
// line, r01 <- r02 <- ... <- r12, portable to SQLite and PostgreSQL. Each
// one also appends its revision to the table `ledger` (no unique key), so a
// migration that ran twice would leave two rows there even if the version
// tables looked right. Some add columns, indexes and data, so the schema at
// head has a shape worth checking.
//
// ExpectDozenAppliedOnce checks a database through its own connection: the
// history has exactly one successful upgrade row per revision, in order;
// the version table holds r12; the ledger holds each revision once; every
// table, column and index is there.

#ifndef MIGRATOR_TESTS_CONCURRENCY_DOZEN_MIGRATIONS_H_
#define MIGRATOR_TESTS_CONCURRENCY_DOZEN_MIGRATIONS_H_

#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "migrator/db/connection.h"
#include "tests/cli/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {

/// "r01" ... "r12".
std::vector<std::string> DozenRevisions();

/// Writes `folder`/rNN_*.sql (the dozen migrations) and `migrate.toml`
/// (script_location = `folder`, no URL) into `dir`.
void WriteDozenMigrations(const cli_test::TempDir& dir, const std::string& folder = "migrations");

/// The rows `sql` returns, one string per row, columns joined by '|', NULL
/// as "NULL". A query error is a gtest failure (and no rows).
std::vector<std::string> QueryLines(db::Connection& conn, const std::string& sql);

/// Test names for (backend, round) parameters: "sqlite_round3".
std::string RoundName(const ::testing::TestParamInfo<std::tuple<Backend, int>>& round);

/// gtest expectations that the dozen migrations were each applied exactly
/// once and the schema is complete.
void ExpectDozenAppliedOnce(db::Connection& conn, Backend backend);

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_CONCURRENCY_DOZEN_MIGRATIONS_H_
