// Fault injection, LevelDB's habit: `upgrade head` of two migrations runs
// on a FaultyConnection (tests/support/faulty_connection.h) that fails at
// one point — every call in turn, the version row write, the history row
// write, the COMMIT, the connection dropping between two statements — and
// afterwards the database holds each migration whole, with its version row
// and history row, or none of it; and the next run, without faults,
// completes with each migration applied exactly once.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/engine/engine_test.h"
#include "tests/support/faulty_connection.h"

namespace migrate::testing {
namespace {

using How = FaultPlan::How;
using Where = FaultPlan::Where;

std::shared_ptr<FaultPlan> Plan(Where where, How how, int nth = 0, std::string sql = "") {
  auto plan = std::make_shared<FaultPlan>();
  plan->where = where;
  plan->how = how;
  plan->nth = nth;
  plan->sql = std::move(sql);
  return plan;
}

class FaultInjectionTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure()) return;
    Put("r001_t.sql", MigrationText("r001", "", {},
                                    "-- migrate:upgrade\nCREATE TABLE t (id integer);\n"
                                    "INSERT INTO t VALUES (1);\n"));
    Put("r002_u.sql", MigrationText("r002", "r001", {},
                                    "-- migrate:upgrade\nCREATE TABLE u (id integer);\n"
                                    "INSERT INTO t VALUES (2);\n"));
  }

  /// `upgrade head` on connections that follow `plan`.
  base::Status UpgradeWith(const std::shared_ptr<FaultPlan>& plan) {
    RecordingReporter reporter;
    commands::Context ctx = ContextFor(reporter);
    ctx.open = FaultyOpener(plan, db_->admin_url());
    commands::UpgradeArgs args;
    args.target = "head";
    return commands::Upgrade(ctx, args);
  }

  /// The ids in t, "1,2"; "" when t does not exist.
  std::string TRows() {
    if (!Exists(script::ObjectKind::kTable, "t")) return "";
    std::string ids;
    for (const auto& row : Rows("SELECT id FROM t ORDER BY id")) ids += (ids.empty() ? "" : ",") + row[0];
    return ids;
  }

  /// The revision the database holds, checked to be whole: "" (nothing),
  /// "r001" or "r002", each with exactly its tables, rows, version row and
  /// history rows. Anything else is a test failure.
  std::string WholeState() {
    const std::set<std::string> heads = VersionRows();
    const std::vector<std::string> history = History();
    const bool u = Exists(script::ObjectKind::kTable, "u");
    const std::string t = TRows();
    if (heads.empty() && history.empty() && t.empty() && !u) return "";
    if (heads == std::set<std::string>{"r001"} && t == "1" && !u &&
        history == std::vector<std::string>{"r001 upgrade ok"}) {
      return "r001";
    }
    if (heads == std::set<std::string>{"r002"} && t == "1,2" && u &&
        history == std::vector<std::string>{"r001 upgrade ok", "r002 upgrade ok"}) {
      return "r002";
    }
    std::string rows;
    for (const std::string& h : heads) rows += h + " ";
    std::string runs;
    for (const std::string& h : history) runs += "[" + h + "] ";
    ADD_FAILURE() << "a migration is in the database in part: version rows {" << rows
                  << "}, history " << runs << ", t rows {" << t << "}, u " << (u ? "exists" : "absent");
    return "?";
  }

  /// The next run, without faults, applies what is left, once.
  void ExpectNextRunCompletes() {
    base::Status s = Upgrade("head");
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(WholeState(), "r002");
  }

  /// Removes everything, for the next fault.
  void Empty() {
    for (const char* table : {"u", "t", "migrate_version", "migrate_history"}) {
      Exec(std::string("DROP TABLE IF EXISTS ") + table);
    }
  }

  /// Fails each call of the upgrade in turn, `how`, from the first to the
  /// last a clean run makes, checking the database after each.
  void EveryCallInTurn(How how) {
    auto clean = Plan(Where::kNowhere, how);
    ASSERT_TRUE(UpgradeWith(clean).ok());
    const int calls = clean->calls;
    ASSERT_GT(calls, 10) << "the wrapper saw too few calls to be in the way";
    Empty();
    for (int n = 1; n <= calls; ++n) {
      auto plan = Plan(Where::kNthCall, how, n);
      base::Status s = UpgradeWith(plan);
      SCOPED_TRACE(Describe(*plan) + " of " + std::to_string(calls) + " (" + plan->fired +
                   "), upgrade: " + (s.ok() ? "ok" : s.ToString()));
      ASSERT_FALSE(plan->fired.empty());
      WholeState();
      ExpectNextRunCompletes();
      if (HasFailure()) return;
      Empty();
    }
  }
};

TEST_P(FaultInjectionTest, EachCallFailingInTurnLeavesEveryMigrationWholeOrAbsent) {
  EveryCallInTurn(How::kFail);
}

TEST_P(FaultInjectionTest, EachCallWhoseReplyIsLostLeavesEveryMigrationWholeOrAbsent) {
  EveryCallInTurn(How::kFailAfter);
}

TEST_P(FaultInjectionTest, TheConnectionDroppingBeforeEachCallLeavesEveryMigrationWholeOrAbsent) {
  EveryCallInTurn(How::kDrop);
}

TEST_P(FaultInjectionTest, AFailedVersionRowWriteLeavesNothingOfTheMigration) {
  auto plan = Plan(Where::kVersionRowWrite, How::kFail);
  base::Status s = UpgradeWith(plan);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(plan->fired.find("migrate_version"), std::string::npos) << plan->fired;
  EXPECT_EQ(WholeState(), "");
  ExpectNextRunCompletes();
}

TEST_P(FaultInjectionTest, AFailedHistoryWriteLeavesNothingOfTheMigration) {
  auto plan = Plan(Where::kHistoryWrite, How::kFail);
  base::Status s = UpgradeWith(plan);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(plan->fired.find("migrate_history"), std::string::npos) << plan->fired;
  EXPECT_EQ(WholeState(), "");
  ExpectNextRunCompletes();
}

TEST_P(FaultInjectionTest, AFailedCommitLeavesNothingOfTheMigration) {
  auto plan = Plan(Where::kCommit, How::kFail);
  base::Status s = UpgradeWith(plan);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(plan->fired, "COMMIT");
  EXPECT_EQ(s.location()->file, Path("r001_t.sql")) << s.ToString();
  EXPECT_NE(s.message().find("migration r001 failed while committing"), std::string::npos)
      << s.ToString();
  EXPECT_EQ(WholeState(), "");
  ExpectNextRunCompletes();
}

TEST_P(FaultInjectionTest, ACommitWhoseReplyIsLostLeavesTheMigrationWhole) {
  auto plan = Plan(Where::kCommit, How::kFailAfter);
  base::Status s = UpgradeWith(plan);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(WholeState(), "r001");
  ExpectNextRunCompletes();
}

TEST_P(FaultInjectionTest, TheConnectionDroppingBetweenTwoStatementsLeavesNothingOfThatMigration) {
  auto plan = Plan(Where::kSqlContaining, How::kDrop, 0, "INSERT INTO t VALUES (2)");
  base::Status s = UpgradeWith(plan);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(WholeState(), "r001");  // r002's CREATE TABLE u ran before the drop
  if (postgresql()) {
    // The server's own word for a terminated backend (57P01), read by code.
    EXPECT_NE(s.ToString().find("  cause: the connection to the database was lost"),
              std::string::npos)
        << s.ToString();
    EXPECT_NE(s.ToString().find("it skips r002 if its COMMIT went through"), std::string::npos)
        << s.ToString();
  }
  ExpectNextRunCompletes();
}

INSTANTIATE_TEST_SUITE_P(Backends, FaultInjectionTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing
