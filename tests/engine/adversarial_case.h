// AdversarialTest: the fixture of the adversarial corpus (issue 13), the
// migrations that fool a reader of SQL text: comments and quotes that hide
// or fake DDL, names resolved through search_path, temporary objects, views
// posing as tables, foreign-key actions and triggers that write elsewhere,
// blocks and functions whose effects no text shows.
//
// Each case writes its migration inline, runs `upgrade`, and asserts both
// the outcome and what the database holds afterwards: a migration either
// fails with nothing of it recorded and the data untouched, or succeeds
// with its effect real in the catalog and the rows.
//
// Thread safety: as EngineTest, one fixture per test thread.

#ifndef MIGRATOR_TESTS_ENGINE_ADVERSARIAL_CASE_H_
#define MIGRATOR_TESTS_ENGINE_ADVERSARIAL_CASE_H_

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/engine_test.h"

namespace migrate::testing {

class AdversarialTest : public EngineTest {
 protected:
  /// "<revision>_case.sql": the file a case's migration is written to.
  static std::string File(const std::string& revision) { return revision + "_case.sql"; }

  /// Writes File(revision) with the header keys `keys` and `sections` (the
  /// text from the first `-- migrate:` marker on).
  void WriteMigration(const std::string& revision, const std::string& down_revision,
                      const std::string& sections, const std::vector<std::string>& keys = {}) {
    Put(File(revision), MigrationText(revision, down_revision, keys, sections));
  }

  /// Writes File(revision) with one upgrade section for both dialects,
  /// holding `sql`. With no keys, the first line of `sql` is line 7 of the
  /// file; each key moves it one line down.
  void WriteUpgrade(const std::string& revision, const std::string& down_revision,
                    const std::string& sql, const std::vector<std::string>& keys = {}) {
    WriteMigration(revision, down_revision, "-- migrate:upgrade\n" + sql, keys);
  }

  /// Runs each of `statements` on the test's own connection: the state a
  /// case starts from, made outside any migration.
  void Setup(const std::vector<std::string>& statements) {
    for (const std::string& sql : statements) {
      Exec(sql);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }

  /// `SELECT count(*) FROM table`, as text.
  std::string Count(const std::string& table) { return One("SELECT count(*) FROM " + table); }

  /// Whether `sql` (a query of one boolean or 0/1 value) says true.
  bool True(const std::string& sql) {
    const std::string value = One(sql);
    return value == "t" || value == "1" || value == "true";
  }

  /// Nothing of `revision` is recorded: it is not a head, and no history
  /// row says it was applied.
  void ExpectNotRecorded(const std::string& revision) {
    EXPECT_THAT(VersionRows(), ::testing::Not(::testing::Contains(revision)));
    EXPECT_THAT(History(), ::testing::Not(::testing::Contains(revision + " upgrade ok")));
  }

  /// `revision` is recorded as applied: a head, with a successful history row.
  void ExpectApplied(const std::string& revision) {
    EXPECT_THAT(VersionRows(), ::testing::Contains(revision));
    EXPECT_THAT(History(), ::testing::Contains(revision + " upgrade ok"));
  }
};

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_ENGINE_ADVERSARIAL_CASE_H_
