// Guarantee 3, the no-op rule (verify/verifier.h CheckNotANoop), and
// IsTruthy: the verifier's decisions that need no database.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "migrator/script/expectation_parser.h"
#include "migrator/verify/verifier.h"
#include "tests/verify/described_migration.h"

namespace migrate::verify {
namespace {

using namespace described;  // NOLINT(google-build-using-namespace): the builders read as SQL
using script::Postcondition;
using Action = script::Intent::Action;

// The failure text shared by every no-op, before the line it names.
constexpr char kExplanation[] =
    " but changed nothing in the database (no catalog change, no row written)\n"
    "  A SELECT that only prints a CREATE statement, or a block that swallowed its\n"
    "  own error, looks like this. If the migration may legitimately find nothing\n"
    "  to do, declare what must hold afterwards (`-- expect: table x`, or a\n"
    "  `-- migrate:verify` section), or add `-- noop: allowed` to its header.\n";

// One migration that ran and wrote nothing (unless a test says otherwise):
// its statements, its postconditions (declared and implied) and its verify
// section.
struct MigrationRun {
  DescribedMigration migration;
  std::vector<Postcondition> postconditions;
  std::vector<script::Statement> verify;
  bool wrote = false;
  bool declares_checks = false;
  bool noop_allowed = false;

  /// Adds an `expect:` line; its kind decides whether it declares a check,
  /// as the runner decides.
  void Expect(std::string_view text) {
    base::Result<Postcondition> p = script::ParseExpectation(text, base::Location{"m.sql", 2});
    ASSERT_TRUE(p.has_value()) << p.error().ToString();
    declares_checks = declares_checks || p->kind != Postcondition::Kind::kRowsDeleted;
    postconditions.push_back(*p);
  }

  /// Adds the postconditions the statements imply, as the runner does.
  void Infer() {
    for (Postcondition& p : InferEffects(migration.statements())) postconditions.push_back(std::move(p));
  }

  std::string Check() const {
    NoopEvidence evidence{.path = "m.sql",
                          .statements = &migration.statements(),
                          .wrote = wrote,
                          .postconditions = &postconditions,
                          .verify = &verify,
                          .declares_checks = declares_checks,
                          .splitter = script::SplitterOptions::Postgresql(),
                          .noop_allowed = noop_allowed};
    return CheckNotANoop(evidence).ToString();
  }
};

TEST(NoopRuleTest, AMigrationThatWroteIsNoNoop) {
  MigrationRun run;
  run.migration.Run("SELECT 'CREATE TABLE t (id int)'", StatementIntent{});
  run.wrote = true;
  EXPECT_EQ(run.Check(), "OK");
}

TEST(NoopRuleTest, NoopAllowedInTheHeader) {
  MigrationRun run;
  run.migration.Run("SELECT 'CREATE TABLE t (id int)'", StatementIntent{});
  run.noop_allowed = true;
  EXPECT_EQ(run.Check(), "OK");
}

TEST(NoopRuleTest, AnEmptyUpgradeRanNothing) {
  MigrationRun run;
  EXPECT_EQ(run.Check(), "OK");
}

TEST(NoopRuleTest, MaintenanceMayChangeNothing) {
  MigrationRun run;
  run.migration.Run("VACUUM", Maintenance());
  run.migration.Run("ANALYZE orders", Maintenance());
  EXPECT_EQ(run.Check(), "OK");
}

TEST(NoopRuleTest, ASelectThatPrintsACreateStatementFails) {
  MigrationRun run;
  run.migration.Run("SELECT 'CREATE TABLE t (id int)'", StatementIntent{});
  const NoopEvidence evidence{.path = "m.sql",
                              .statements = &run.migration.statements(),
                              .postconditions = &run.postconditions,
                              .verify = &run.verify};
  const base::Status status = CheckNotANoop(evidence);
  EXPECT_EQ(status.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(status.location(), (base::Location{"m.sql", 0}));
  EXPECT_EQ(status.ToString(), std::string("m.sql: the migration ran 1 statement") + kExplanation +
                                   "  nothing vouches for line 1: SELECT 'CREATE TABLE t (id int)'");
}

TEST(NoopRuleTest, ADropIfExistsOfAnotherObjectDoesNotVouchForASelect) {
  MigrationRun run;
  run.migration.Run("DROP TABLE IF EXISTS other", {IfExists(Drop(ObjectKind::kTable, "other"))});
  run.migration.Run("SELECT 'CREATE TABLE t (id int)'", StatementIntent{});
  run.Infer();
  EXPECT_EQ(run.Check(), std::string("m.sql: the migration ran 2 statements") + kExplanation +
                             "  nothing vouches for line 2: SELECT 'CREATE TABLE t (id int)'");
}

TEST(NoopRuleTest, APostconditionOnTheObjectAStatementNamesVouchesForIt) {
  MigrationRun run;
  run.migration.Run("CREATE TABLE IF NOT EXISTS t (id int)", {IfExists(CreateTable("t", {"id"}))});
  run.Expect("table t");
  EXPECT_EQ(run.Check(), "OK");

  MigrationRun implied;  // the implied `table t` is as good as the declared one
  implied.migration.Run("CREATE TABLE IF NOT EXISTS t (id int)", {IfExists(CreateTable("t", {"id"}))});
  implied.Infer();
  EXPECT_EQ(implied.Check(), "OK");
}

TEST(NoopRuleTest, APostconditionOnAnotherObjectDoesNotVouch) {
  MigrationRun run;
  run.migration.Run("UPDATE t SET x = 1", {Write(Action::kUpdate, "t")});
  run.Expect("table u");
  EXPECT_EQ(run.Check(), std::string("m.sql: the migration ran 1 statement") + kExplanation +
                             "  nothing vouches for line 1: UPDATE t SET x = 1");
}

TEST(NoopRuleTest, ARenamesNewNameVouchesForIt) {
  MigrationRun run;
  run.migration.Run("ALTER TABLE IF EXISTS a RENAME TO b", {IfExists(Rename(ObjectKind::kTable, "a", "b"))});
  run.Expect("table B");
  EXPECT_EQ(run.Check(), "OK");
}

TEST(NoopRuleTest, ARowsDeletedDeclarationVouchesForNothing) {
  MigrationRun run;
  run.migration.Run("DELETE FROM items WHERE false", {Write(Action::kDelete, "items")});
  run.Expect("rows deleted from items");
  EXPECT_FALSE(run.declares_checks);
  EXPECT_EQ(run.Check(), std::string("m.sql: the migration ran 1 statement") + kExplanation +
                             "  nothing vouches for line 1: DELETE FROM items WHERE false");
}

TEST(NoopRuleTest, AVerifyStatementThatMentionsTheTableVouchesForAnUpdate) {
  MigrationRun run;
  run.migration.Run("UPDATE t SET x = 0 WHERE x IS NULL", {Write(Action::kUpdate, "t")});
  run.verify = {{"SELECT count(*) = 0 FROM T WHERE x IS NULL", 9}};
  EXPECT_EQ(run.Check(), "OK");

  MigrationRun quoted;
  quoted.migration.Run("UPDATE \"Odd\" SET x = 0", {Write(Action::kUpdate, "\"Odd\"")});
  quoted.verify = {{"SELECT count(*) = 0 FROM \"Odd\" WHERE x IS NULL", 9}};
  EXPECT_EQ(quoted.Check(), "OK");
}

TEST(NoopRuleTest, AVerifyOfSelectOneDoesNotVouchForAnUpdate) {
  MigrationRun run;
  run.migration.Run("UPDATE t SET x = 0 WHERE x IS NULL", {Write(Action::kUpdate, "t")});
  run.verify = {{"SELECT 1", 9}};
  EXPECT_EQ(run.Check(), std::string("m.sql: the migration ran 1 statement") + kExplanation +
                             "  nothing vouches for line 1: UPDATE t SET x = 0 WHERE x IS NULL");
}

TEST(NoopRuleTest, EveryStatementMustBeVouchedFor) {
  MigrationRun run;
  run.migration.Run("UPDATE t SET x = 0", {Write(Action::kUpdate, "t")});
  run.migration.Run("UPDATE u SET x = 0", {Write(Action::kUpdate, "u")});
  run.migration.Run("VACUUM t", Maintenance());
  run.verify = {{"SELECT count(*) = 0 FROM t WHERE x IS NULL", 9}};
  EXPECT_EQ(run.Check(), std::string("m.sql: the migration ran 3 statements") + kExplanation +
                             "  nothing vouches for line 2: UPDATE u SET x = 0");
}

TEST(NoopRuleTest, CodeTheGrammarCannotReadIsVouchedForByAnExpectLine) {
  MigrationRun run;
  run.migration.Run("DO $$ BEGIN CREATE TABLE t (id int); EXCEPTION WHEN others THEN NULL; END $$",
                    NotUnderstood());
  run.Expect("table elsewhere");
  EXPECT_EQ(run.Check(), "OK");
}

TEST(NoopRuleTest, CodeTheGrammarCannotReadIsVouchedForByAVerifySection) {
  MigrationRun run;
  run.migration.Run("CALL make_things()", NotUnderstood());
  run.verify = {{"SELECT 1", 9}};
  EXPECT_EQ(run.Check(), "OK");
}

TEST(NoopRuleTest, CodeTheGrammarCannotReadIsNotVouchedForByItsOwnName) {
  MigrationRun run;
  StatementIntent block = NotUnderstood();
  block.intents = {CreateTable("t", {"id"})};
  run.migration.Run("DO $$ BEGIN CREATE TABLE t (id int); EXCEPTION WHEN others THEN NULL; END $$", block);
  EXPECT_EQ(run.Check(), std::string("m.sql: the migration ran 1 statement") + kExplanation +
                             "  nothing vouches for line 1: DO $$ BEGIN CREATE TABLE t (id int); "
                             "EXCEPTION WHEN others THEN NULL; END $$");

  run.Expect("rows deleted from t");  // a declaration is not a check
  EXPECT_NE(run.Check(), "OK");
}

TEST(NoopRuleTest, TheUnvouchedLineIsShortened) {
  MigrationRun run;
  const std::string text = "SELECT '" + std::string(150, 'x') + "'";
  run.migration.Run(text, StatementIntent{});
  const std::string result = run.Check();
  EXPECT_NE(result.find("  nothing vouches for line 1: " + text.substr(0, 100) + " …"), std::string::npos)
      << result;
}

// --- IsTruthy ------------------------------------------------------------------------

TEST(IsTruthyTest, FalseValues) {
  for (const db::Value& v : {db::Value(), db::Value(""), db::Value("f"), db::Value("false"),
                             db::Value("FALSE"), db::Value("0"), db::Value("0.0"), db::Value("-0")}) {
    EXPECT_FALSE(IsTruthy(v)) << v.value_or("NULL");
  }
}

TEST(IsTruthyTest, TrueValues) {
  for (const db::Value& v : {db::Value("t"), db::Value("true"), db::Value("TRUE"), db::Value("1"),
                             db::Value("-1"), db::Value("0.5"), db::Value("yes"), db::Value("x")}) {
    EXPECT_TRUE(IsTruthy(v)) << *v;
  }
}

}  // namespace
}  // namespace migrate::verify
