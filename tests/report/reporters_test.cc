#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "migrator/report/json_reporter.h"
#include "migrator/report/text_reporter.h"

namespace migrate::report {
namespace {

RevisionInfo Rev(std::string id, std::vector<std::string> parents, std::string message) {
  RevisionInfo r;
  r.id = std::move(id);
  r.parents = std::move(parents);
  r.message = std::move(message);
  r.path = "migrations/" + r.id + "_x.sql";
  r.is_base = r.parents.empty();
  r.is_merge_point = r.parents.size() > 1;
  return r;
}

base::TableRowChanges Changes(std::string table, std::int64_t inserted, std::int64_t updated,
                              std::int64_t deleted) {
  return base::TableRowChanges{
      .table = std::move(table), .inserted = inserted, .updated = updated, .deleted = deleted};
}

class TextReporterTest : public ::testing::Test {
 protected:
  std::ostringstream out_, err_;
  TextReporter reporter_{out_, err_, TextOptions{}};
};

TEST_F(TextReporterTest, HistoryUsesAlembicsArrows) {
  RevisionInfo merge = Rev("c3", {"a1", "b2"}, "merge branches\nsecond line");
  merge.is_head = true;
  reporter_.History({merge, Rev("a1", {}, "create customers")});
  EXPECT_EQ(out_.str(),
            "(a1, b2) -> c3 (head) (mergepoint), merge branches\n"
            "<base> -> a1, create customers\n");
}

TEST_F(TextReporterTest, HeadsShowLabels) {
  RevisionInfo head = Rev("b2", {"a1"}, "add packs");
  head.is_head = true;
  head.branch_labels = {"packs"};
  reporter_.Heads({head});
  EXPECT_EQ(out_.str(), "b2 (packs) (head), add packs\n");
}

TEST_F(TextReporterTest, StepsThenSummary) {
  reporter_.PlanReady(StepDirection::kUpgrade, {Rev("a1", {}, "x"), Rev("b2", {"a1"}, "y")});
  reporter_.StepFinished(StepOutcome{.revision = "a1",
                                     .summary = "create customers",
                                     .duration = std::chrono::milliseconds(12),
                                     .statements = 2,
                                     .verified = {"1 table", "1 index"}});
  reporter_.StepFinished(StepOutcome{.revision = "b2", .summary = "merge", .empty = true});
  reporter_.Finish(0);
  EXPECT_EQ(out_.str(),
            "✓ applied  a1  12ms    create customers  ✓ 1 table, 1 index verified\n"
            "✓ applied  b2  <1ms    merge  (no statements)\n"
            "Applied 2 migrations in 12ms.\n");
}

TEST_F(TextReporterTest, TheLedgerWaitsForVerbose) {
  reporter_.PlanReady(StepDirection::kUpgrade, {Rev("a1", {}, "x")});
  reporter_.StepFinished(StepOutcome{.revision = "a1",
                                     .summary = "backfill",
                                     .duration = std::chrono::milliseconds(3),
                                     .statements = 1,
                                     .rows = {Changes("items", 3, 1, 2)}});
  reporter_.Finish(0);
  EXPECT_EQ(out_.str(),
            "✓ applied  a1  3ms     backfill\n"
            "Applied 1 migration in 3ms.\n");
}

TEST_F(TextReporterTest, NothingToDo) {
  reporter_.PlanReady(StepDirection::kUpgrade, {});
  reporter_.Finish(0);
  EXPECT_EQ(out_.str(), "Nothing to upgrade: the database is already at the target.\n");
}

TEST_F(TextReporterTest, ProblemsGoToStderrWithContext) {
  reporter_.Problem(base::Status::InvalidInput("unknown header key 'expext'",
                                               base::Location{"migrations/a1_x.sql", 7})
                        .WithContext("  -- expext: table x"));
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), "error: migrations/a1_x.sql:7: unknown header key 'expext'\n  -- expext: table x\n");
}

TEST_F(TextReporterTest, StatusTableMarksPositionHeadsAndTimes) {
  StatusRow pending{Rev("b2222222", {"a1"}, "add packs\nmore"), false, "", "", {}};
  pending.revision.is_head = true;
  StatusRow current{Rev("a1", {}, "create customers"), true, "2026-11-22T10:31:07.123Z", "upgrade",
                    std::chrono::milliseconds(12)};
  current.revision.is_current = true;
  StatusRow stamped{Rev("a0", {}, "seed"), true, "2026-11-22T09:00:00.000Z", "stamp", {}};
  reporter_.StatusTable({pending, current, stamped});
  EXPECT_EQ(out_.str(),
            "  REVISION  STATE    APPLIED AT            TOOK    MESSAGE\n"
            "  b2222222  pending                                add packs (head)\n"
            "> a1        applied  2026-11-22 10:31:07Z  12ms    create customers (current)\n"
            "  a0        applied  2026-11-22 09:00:00Z  stamped seed\n"
            "\n"
            "Database at a1; 1 migration pending (head b2222222).\n");
}

// The rows an applied migration changed, summed over its tables, follow its
// message; a migration that changed none shows nothing.
// A revision not as applied has a line under it per reason; the STATE
// column widens for "incomplete"; an unknown revision (no file) comes with
// what it means, and the summary says the database is ahead.
TEST_F(TextReporterTest, StatusTableShowsEveryStateAndWhy) {
  StatusRow unknown{.revision = Rev("f00d", {}, ""), .applied = true, .unknown = true};
  unknown.revision.is_current = true;
  StatusRow incomplete{.revision = Rev("c3", {"b2"}, "backfill"),
                       .incomplete = "started 2026-11-22T10:40:00.000Z and never finished"};
  incomplete.revision.is_head = true;
  StatusRow redone{.revision = Rev("b2", {"a1"}, "add packs"),
                   .applied = true,
                   .applied_at = "2026-11-22T10:31:08.000Z",
                   .applied_by = "redo",
                   .duration = std::chrono::milliseconds(5),
                   .edited = true,
                   .drift = {"postcondition not met: table packs: the table does not exist"}};
  StatusRow applied{.revision = Rev("a1", {}, "create customers"), .applied = true};
  reporter_.StatusTable({unknown, incomplete, redone, applied});
  EXPECT_EQ(out_.str(),
            "  REVISION  STATE       APPLIED AT            TOOK    MESSAGE\n"
            "> f00d      unknown                                   (no migration file: the "
            "database is ahead of this code) (current)\n"
            "  c3        incomplete                                backfill (head)\n"
            "    incomplete: started 2026-11-22T10:40:00.000Z and never finished\n"
            "  b2        edited      2026-11-22 10:31:08Z  5ms     add packs (redone)\n"
            "    edited: the file changed after it was applied (checksum)\n"
            "    drift: postcondition not met: table packs: the table does not exist\n"
            "  a1        applied     (no history)                  create customers\n"
            "\n"
            "Database at f00d; f00d has no migration file: the database is ahead of this code.\n"
            "Not as applied: 1 edited, 1 drifted, 1 incomplete; `migrate check` says what to do.\n");
}

TEST_F(TextReporterTest, CurrentListsRevisionsNoFileHas) {
  RevisionInfo head = Rev("a1", {}, "create customers");
  head.is_head = true;
  reporter_.Current({head}, {"f00d"});
  EXPECT_EQ(out_.str(),
            "a1 (head), create customers\n"
            "f00d (no migration file: the database is ahead of this code)\n");
}

TEST_F(TextReporterTest, StatusTableSumsEachMigrationsLedger) {
  StatusRow backfill{.revision = Rev("b2", {"a1"}, "backfill"),
                     .applied = true,
                     .applied_at = "2026-11-22T10:31:08.000Z",
                     .applied_by = "upgrade",
                     .duration = std::chrono::milliseconds(40),
                     .rows = {Changes("items", 3, 1, 2), Changes("orders", 10, 0, 0)}};
  backfill.revision.is_head = true;
  backfill.revision.is_current = true;
  StatusRow schema{.revision = Rev("a1", {}, "create items"),
                   .applied = true,
                   .applied_at = "2026-11-22T10:31:07.123Z",
                   .applied_by = "upgrade",
                   .duration = std::chrono::milliseconds(12)};
  reporter_.StatusTable({backfill, schema});
  EXPECT_EQ(out_.str(),
            "  REVISION  STATE    APPLIED AT            TOOK    MESSAGE\n"
            "> b2        applied  2026-11-22 10:31:08Z  40ms    backfill (head) (current)  rows +13 ~1 -2\n"
            "  a1        applied  2026-11-22 10:31:07Z  12ms    create items\n"
            "\n"
            "Database at b2; up to date with head b2.\n");
}

TEST(TextReporterVerboseTest, VerboseListsEachStatementWithItsTiming) {
  std::ostringstream out, err;
  TextReporter reporter(out, err, TextOptions{.verbose = true});
  reporter.PlanReady(StepDirection::kUpgrade, {Rev("a1", {}, "x")});
  reporter.StepFinished(StepOutcome{
      .revision = "a1",
      .summary = "create customers",
      .duration = std::chrono::milliseconds(40),
      .statements = 2,
      .statement_timings = {{.line = 4, .sql = "CREATE TABLE customers (id integer)",
                             .duration = std::chrono::microseconds(420)},
                            {.line = 5, .sql = "CREATE INDEX customers_id ON customers (id)",
                             .duration = std::chrono::microseconds(31'500)}}});
  reporter.Finish(0);
  EXPECT_EQ(out.str(),
            "Planning to upgrade 1 migration\n"
            "       0.42ms  line 4: CREATE TABLE customers (id integer)\n"
            "         31ms  line 5: CREATE INDEX customers_id ON customers (id)\n"
            "✓ applied  a1  40ms    create customers\n"
            "Applied 1 migration in 40ms.\n");
}

// After the statements, one line per table the migration changed, the
// counts aligned in columns; nothing for a migration that changed no rows.
TEST(TextReporterVerboseTest, VerboseShowsTheLedgerPerTable) {
  std::ostringstream out, err;
  TextReporter reporter(out, err, TextOptions{.verbose = true});
  reporter.PlanReady(StepDirection::kUpgrade, {Rev("a1", {}, "x"), Rev("b2", {"a1"}, "y")});
  reporter.StepFinished(StepOutcome{
      .revision = "a1",
      .summary = "move orders",
      .duration = std::chrono::milliseconds(40),
      .statements = 1,
      .statement_timings = {{.line = 4, .sql = "INSERT INTO order_lines SELECT * FROM orders",
                             .duration = std::chrono::microseconds(420)}},
      .rows = {Changes("order_lines", 120, 0, 0), Changes("orders", 0, 7, 1234)}});
  reporter.StepFinished(StepOutcome{
      .revision = "b2",
      .summary = "add index",
      .duration = std::chrono::milliseconds(2),
      .statements = 1,
      .statement_timings = {{.line = 4, .sql = "CREATE INDEX i ON orders (id)",
                             .duration = std::chrono::microseconds(200)}}});
  reporter.Finish(0);
  EXPECT_EQ(out.str(),
            "Planning to upgrade 2 migrations\n"
            "       0.42ms  line 4: INSERT INTO order_lines SELECT * FROM orders\n"
            "✓ applied  a1  40ms    move orders\n"
            "    rows  order_lines  +120 ~0 -0\n"
            "    rows  orders       +0   ~7 -1234\n"
            "       0.20ms  line 4: CREATE INDEX i ON orders (id)\n"
            "✓ applied  b2  2ms     add index\n"
            "Applied 2 migrations in 42ms.\n");
}

// A migration that outlasts the grace period shows a line on the terminal,
// redrawn while it runs and erased before the migration's result is printed.
TEST(TextReporterLiveTest, LongMigrationShowsItIsRunningThenErasesTheLine) {
  std::ostringstream out, err;
  TextReporter reporter(out, err,
                        TextOptions{.live = true,
                                    .live_after = std::chrono::milliseconds(20),
                                    .live_every = std::chrono::milliseconds(20)});
  reporter.StepStarted(Rev("a1", {}, "backfill orders"), StepDirection::kUpgrade);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  reporter.StepFinished(StepOutcome{.revision = "a1", .summary = "backfill orders"});
  const std::string drawn = "\r\033[K… a1 backfill orders  running 0s";
  EXPECT_EQ(err.str().substr(0, drawn.size()), drawn);
  EXPECT_NE(err.str().find(drawn, drawn.size()), std::string::npos) << "redrawn in place";
  EXPECT_EQ(err.str().substr(err.str().size() - 4), "\r\033[K") << "erased at the end";
  EXPECT_EQ(out.str(), "→ a1 backfill orders\n✓ applied  a1  <1ms    backfill orders\n");
}

TEST(TextReporterLiveTest, QuickMigrationDrawsNothing) {
  std::ostringstream out, err;
  TextReporter reporter(out, err, TextOptions{.live = true});  // the default 2s grace
  reporter.StepStarted(Rev("a1", {}, "x"), StepDirection::kUpgrade);
  reporter.StepFinished(StepOutcome{.revision = "a1", .summary = "x"});
  EXPECT_EQ(err.str(), "");
}

TEST(TextReporterLiveTest, FailureErasesTheLineBeforeTheError) {
  std::ostringstream out, err;
  TextReporter reporter(out, err,
                        TextOptions{.live = true,
                                    .live_after = std::chrono::milliseconds(1),
                                    .live_every = std::chrono::milliseconds(1000)});
  reporter.StepStarted(Rev("a1", {}, "x"), StepDirection::kUpgrade);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  reporter.Problem(base::Status::Timeout("gave up"));
  EXPECT_EQ(err.str(), "\r\033[K… a1 x  running 0s\r\033[Kerror: gave up\n");
}

TEST(TextReporterQuietTest, QuietPrintsOnlyProblems) {
  std::ostringstream out, err;
  TextReporter reporter(out, err, TextOptions{.quiet = true});
  reporter.PlanReady(StepDirection::kUpgrade, {});
  reporter.Info("Created migrations/x.sql");
  reporter.Problem(base::Status::Timeout("gave up"));
  reporter.Finish(1);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), "error: gave up\n");
}

TEST(JsonReporterTest, OneDocumentWithProblemsAndResults) {
  std::ostringstream out;
  JsonReporter reporter(out);
  RevisionInfo head = Rev("b2", {"a1"}, "add packs");
  head.is_head = true;
  reporter.Heads({head});
  reporter.Problem(base::Status::Database("relation \"x\" does not exist",
                                          base::DatabaseDetail{"42P01", "", "", 15})
                       .At(base::Location{"migrations/b2_x.sql", 4}));
  reporter.Finish(1);
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["exit_code"], 1);
  EXPECT_EQ(doc["heads"][0]["revision"], "b2");
  EXPECT_EQ(doc["heads"][0]["parents"], nlohmann::json::array({"a1"}));
  EXPECT_EQ(doc["heads"][0]["is_head"], true);
  EXPECT_EQ(doc["problems"][0]["code"], "database");
  EXPECT_EQ(doc["problems"][0]["file"], "migrations/b2_x.sql");
  EXPECT_EQ(doc["problems"][0]["line"], 4);
  EXPECT_EQ(doc["problems"][0]["sqlstate"], "42P01");
  EXPECT_EQ(doc["problems"][0]["message"], "relation \"x\" does not exist");
}

TEST(JsonReporterTest, StatusRowsAddApplicationToTheRevision) {
  std::ostringstream out;
  JsonReporter reporter(out);
  reporter.StatusTable({StatusRow{Rev("b2", {"a1"}, "add packs"), false, "", "", {}},
                        StatusRow{Rev("a1", {}, "create customers"), true,
                                  "2026-11-22T10:31:07.123Z", "upgrade",
                                  std::chrono::milliseconds(12)}});
  reporter.Finish(0);
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  ASSERT_EQ(doc["status"].size(), 2u);
  EXPECT_EQ(doc["status"][0]["revision"], "b2");
  EXPECT_EQ(doc["status"][0]["applied"], false);
  EXPECT_EQ(doc["status"][0]["applied_at"], nullptr);
  EXPECT_EQ(doc["status"][0]["applied_by"], nullptr);
  EXPECT_EQ(doc["status"][0]["duration_ms"], nullptr);
  EXPECT_EQ(doc["status"][1]["applied"], true);
  EXPECT_EQ(doc["status"][1]["applied_at"], "2026-11-22T10:31:07.123Z");
  EXPECT_EQ(doc["status"][1]["applied_by"], "upgrade");
  EXPECT_EQ(doc["status"][1]["duration_ms"], 12);
  EXPECT_EQ(doc["status"][1]["rows"], nlohmann::json::array());
}

TEST(JsonReporterTest, StatusRowsSayTheStateAndWhy) {
  std::ostringstream out;
  JsonReporter reporter(out);
  reporter.StatusTable({StatusRow{.revision = Rev("f00d", {}, ""), .applied = true, .unknown = true},
                        StatusRow{.revision = Rev("c3", {"b2"}, "x"), .incomplete = "started"},
                        StatusRow{.revision = Rev("b2", {"a1"}, "y"),
                                  .applied = true,
                                  .edited = true,
                                  .drift = {"gone"}},
                        StatusRow{.revision = Rev("a1", {}, "z"), .applied = true, .drift = {"gone"}},
                        StatusRow{.revision = Rev("a0", {}, "w")}});
  reporter.Current({}, {"f00d"});
  reporter.Finish(1);
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  std::vector<std::string> states;
  for (const nlohmann::json& row : doc["status"]) states.push_back(row["state"]);
  EXPECT_EQ(states, (std::vector<std::string>{"unknown", "incomplete", "edited", "drifted", "pending"}));
  EXPECT_EQ(doc["status"][1]["incomplete"], "started");
  EXPECT_EQ(doc["status"][2]["incomplete"], nullptr);
  EXPECT_EQ(doc["status"][2]["edited"], true);
  EXPECT_EQ(doc["status"][2]["drift"], nlohmann::json::array({"gone"}));
  EXPECT_EQ(doc["current"], nlohmann::json::array());
  EXPECT_EQ(doc["unknown_revisions"], nlohmann::json::array({"f00d"}));
}

TEST(JsonReporterTest, StepsAndStatusRowsCarryTheLedger) {
  std::ostringstream out;
  JsonReporter reporter(out);
  reporter.PlanReady(StepDirection::kUpgrade, {Rev("a1", {}, "x"), Rev("b2", {"a1"}, "y")});
  reporter.StepFinished(StepOutcome{.revision = "a1",
                                    .summary = "backfill",
                                    .statements = 1,
                                    .rows = {Changes("items", 3, 1, 2), Changes("sales.orders", 0, 0, 5)}});
  reporter.StepFinished(StepOutcome{.revision = "b2", .summary = "add index", .statements = 1});
  reporter.StatusTable({StatusRow{.revision = Rev("a1", {}, "backfill"),
                                  .applied = true,
                                  .applied_at = "2026-11-22T10:31:07.123Z",
                                  .applied_by = "upgrade",
                                  .rows = {Changes("items", 3, 1, 2)}}});
  reporter.Finish(0);
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["steps"][0]["rows"], nlohmann::json::parse(R"([
      {"table": "items", "inserted": 3, "updated": 1, "deleted": 2},
      {"table": "sales.orders", "inserted": 0, "updated": 0, "deleted": 5}])"));
  EXPECT_EQ(doc["steps"][1]["rows"], nlohmann::json::array());
  EXPECT_EQ(doc["status"][0]["rows"], nlohmann::json::parse(R"([
      {"table": "items", "inserted": 3, "updated": 1, "deleted": 2}])"));
}

TEST(JsonReporterTest, EmptyCommandStillWritesADocument) {
  std::ostringstream out;
  JsonReporter reporter(out);
  reporter.Finish(0);
  EXPECT_EQ(nlohmann::json::parse(out.str()),
            nlohmann::json::parse(R"({"exit_code": 0, "problems": []})"));
}

}  // namespace
}  // namespace migrate::report
