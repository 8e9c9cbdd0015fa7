// End-to-end tests of a status that tells the truth, and of `migrate redo`,
// on a SQLite file and a PostgreSQL database: the example project's status
// in every state a revision can be in (applied, pending, edited, drifted,
// incomplete, and unknown when the database is ahead of the code); a
// downward stamp that leaves no stale checksum behind; `history -r
// current:head` reading the database; redo and its refusals; and the read
// commands, which create no SQLite file.

#include <filesystem>
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.h"
#include "tests/cli/database_probe.h"
#include "tests/support/test_database.h"

namespace migrate::cli_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using migrate::testing::Backend;
using migrate::testing::TestDatabase;

// What the database-ahead error says of `revision`, as stderr shows it.
std::string AheadError(const std::string& revision) {
  return "error: the database is at revision " + revision +
         ", which is not in migrations: the database is ahead of this code (migrated from "
         "another branch or a newer version), or its file was deleted\n"
         "  check out the code that has " + revision +
         " (the branch that added it) and run `migrate downgrade` there to take it out, or "
         "restore the file; if the schema is really at a revision of these files, record that "
         "with `migrate stamp --purge REV`\n";
}

class StatusStatesTest : public CliTest, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(GetParam());
    ASSERT_NE(db_, nullptr);
  }

  ProcessResult Run(const std::vector<std::string>& args) const {
    return MigrateWithUrl(db_->url(), args);
  }
  DatabaseProbe Probe() const { return DatabaseProbe::ForUrl(db_->url()); }

  // Copies the repository's example migrations into dir_/migrations.
  void CopyExampleProject() const {
    std::filesystem::create_directories(dir_.Path("migrations"));
    for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/migrations")) {
      if (entry.path().extension() != ".sql") continue;
      std::filesystem::copy_file(entry.path(), dir_.Path("migrations/" + entry.path().filename().string()));
    }
  }

  // The file of `revision` in dir_/migrations, relative to dir_.
  std::string FileOf(const std::string& revision) const {
    for (const auto& entry : std::filesystem::directory_iterator(dir_.Path("migrations"))) {
      if (entry.path().filename().string().rfind(revision + "_", 0) == 0) {
        return "migrations/" + entry.path().filename().string();
      }
    }
    ADD_FAILURE() << "no file for " << revision;
    return "";
  }

  // Appends `text` to the file of `revision` (an edit after it was applied).
  void Append(const std::string& revision, const std::string& text) const {
    dir_.Write(FileOf(revision), dir_.Read(FileOf(revision)) + text);
  }

  // Replaces `from` by `to` in the file of `revision`.
  void Edit(const std::string& revision, const std::string& from, const std::string& to) const {
    std::string text = dir_.Read(FileOf(revision));
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    dir_.Write(FileOf(revision), text.replace(at, from.size(), to));
  }

  // stdout's lines with timestamps as WHEN, durations as TIME and runs of
  // spaces as one (the column widths follow what was masked).
  static std::vector<std::string> Table(const std::string& out) {
    std::string text = std::regex_replace(
        MaskDurations(out), std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)"), "WHEN");
    return Lines(std::regex_replace(text, std::regex(" +"), " "));
  }

  // The `state` of each row of `status --format json`, newest first.
  std::vector<std::string> JsonStates() const {
    const ProcessResult r = Run({"--format", "json", "status"});
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    std::vector<std::string> states;
    for (const nlohmann::json& row : doc["status"]) {
      states.push_back(row["revision"].get<std::string>() + " " + row["state"].get<std::string>());
    }
    return states;
  }

  std::string HistoryCount() const { return Probe().Query("SELECT count(*) FROM migrate_history").at(0); }

  std::unique_ptr<TestDatabase> db_;
};

// One status, five states: the example project half-applied, one applied
// file edited, one applied table dropped by hand, and the next migration
// interrupted part-way (the open history row a `transaction: none`
// migration leaves when its process dies). Then the database moves to a
// revision no file has, as after switching to a branch without it.
TEST_P(StatusStatesTest, TheExampleProjectInEveryState) {
  CopyExampleProject();
  ASSERT_EQ(Run({"upgrade", "bea19103e23f"}).exit_code, 0);
  Append("a412ec748e43", "-- reworded after it was applied\n");
  Probe().Query("DROP TABLE stylist_specialties");
  Probe().Query(
      "INSERT INTO migrate_history (revision, direction, checksum, started_at, duration_ms, "
      "success, error, error_location) VALUES ('a578722d6b1a', 'upgrade', 'sha256:0', "
      "'2026-03-01T10:00:00.000Z', 0, '0', 'canceling statement due to user request', "
      "'migrations/a578722d6b1a_create_appointments.sql:16')");
  const std::string history = HistoryCount();

  ProcessResult r = Run({"status"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(
      Table(r.out),
      ElementsAre(
          " REVISION STATE APPLIED AT TOOK MESSAGE",
          " 39cb1635bced pending insert default policies (head)",
          " be0d23aa7ffa pending create policies",
          " a578722d6b1a incomplete create appointments",
          " incomplete: started 2026-03-01T10:00:00.000Z and never finished; stopped at "
          "migrations/a578722d6b1a_create_appointments.sql:16: canceling statement due to user "
          "request",
          "> bea19103e23f applied WHEN TIME merge packs and stylist specialties (current) "
          "(mergepoint)",
          " e41767822e06 drifted WHEN TIME add stylist specialties",
          " drift: postcondition not met: table stylist_specialties(stylist_id, service_id): the "
          "table does not exist",
          " drift: postcondition not met: index idx_stylist_specialties_service_id: the index "
          "does not exist",
          " 98ab8c2c55ea applied WHEN TIME add packs (packs)",
          " a412ec748e43 edited WHEN TIME create services with trigram search (branchpoint)",
          " edited: the file changed after it was applied (checksum)",
          " abde199b0d25 applied WHEN TIME create customers and stylists", "",
          "Database at bea19103e23f; 3 migrations pending (head 39cb1635bced).",
          "Not as applied: 1 edited, 1 drifted, 1 incomplete; `migrate check` says what to do."));
  EXPECT_THAT(JsonStates(),
              ElementsAre("39cb1635bced pending", "be0d23aa7ffa pending",
                          "a578722d6b1a incomplete", "bea19103e23f applied",
                          "e41767822e06 drifted", "98ab8c2c55ea applied", "a412ec748e43 edited",
                          "abde199b0d25 applied"));
  // Reading changed nothing: no history row, the table still gone.
  EXPECT_EQ(HistoryCount(), history);
  EXPECT_THAT(Probe().VersionRows(), ElementsAre("bea19103e23f"));
  EXPECT_THAT(Probe().Tables(), ::testing::Not(::testing::Contains("stylist_specialties")));

  // Ahead of the code: the database at a revision of another branch.
  Probe().Query("UPDATE migrate_version SET version_num = 'f00dfeed1234'");
  r = Run({"status"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  const std::vector<std::string> table = Table(r.out);
  ASSERT_GE(table.size(), 3u) << r.out;
  EXPECT_EQ(table[1],
            "> f00dfeed1234 unknown (no migration file: the database is ahead of this code) "
            "(current)");
  // Drift is not looked for: the chain the database has is not known.
  EXPECT_THAT(std::vector<std::string>(table.end() - 2, table.end()),
              ElementsAre("Database at f00dfeed1234; f00dfeed1234 has no migration file: the "
                          "database is ahead of this code.",
                          "Not as applied: 1 edited, 1 incomplete; `migrate check` says what to "
                          "do."));
  EXPECT_EQ(r.err, AheadError("f00dfeed1234"));
  EXPECT_THAT(JsonStates(),
              ElementsAre("f00dfeed1234 unknown", "39cb1635bced pending", "be0d23aa7ffa pending",
                          "a578722d6b1a incomplete", "bea19103e23f applied",
                          "e41767822e06 applied", "98ab8c2c55ea applied", "a412ec748e43 edited",
                          "abde199b0d25 applied"));

  r = Run({"current"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out, "f00dfeed1234 (no migration file: the database is ahead of this code)\n");
  EXPECT_EQ(r.err, AheadError("f00dfeed1234"));
  r = Run({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.err, AheadError("f00dfeed1234"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre("f00dfeed1234"));
}

// `stamp base` keeps the history rows; their checksums must not speak for
// revisions the version table no longer records.
TEST_P(StatusStatesTest, ADownwardStampLeavesNoStaleChecksum) {
  WriteCustomersProject(dir_);
  ASSERT_EQ(Run({"upgrade", kCustomersRev}).exit_code, 0);
  ASSERT_EQ(Run({"stamp", "base"}).exit_code, 0);
  Probe().Query("DROP TABLE customers");
  Edit(kCustomersRev, "name text NOT NULL", "name text NOT NULL, phone text");

  EXPECT_THAT(JsonStates(), ElementsAre(std::string(kOrdersRev) + " pending",
                                        std::string(kEmailRev) + " pending",
                                        std::string(kCustomersRev) + " pending"));
  const ProcessResult up = Run({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.Describe();
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev));
  const std::vector<std::string> columns =
      GetParam() == Backend::kSqlite
          ? Probe().Query("SELECT name FROM pragma_table_info('customers') ORDER BY cid")
          : Probe().Query("SELECT column_name FROM information_schema.columns WHERE table_name = "
                          "'customers' ORDER BY ordinal_position");
  EXPECT_THAT(columns, ElementsAre("id", "name", "phone", "email"));
  const ProcessResult check = Run({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.Describe();
}

TEST_P(StatusStatesTest, HistoryFromCurrentReadsTheDatabasesHeads) {
  WriteCustomersProject(dir_);
  ASSERT_EQ(Run({"upgrade", kEmailRev}).exit_code, 0);
  ProcessResult r = Run({"history", "-r", "current:head"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(Lines(r.out), ElementsAre("7d4e2a1c9b20 -> c08b5e3f7a30 (head), create orders",
                                        "3f1c0a9e2b10 -> 7d4e2a1c9b20 (current), add email"));
  r = Run({"history", "-r", ":current"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(Lines(r.out), ElementsAre("3f1c0a9e2b10 -> 7d4e2a1c9b20 (current), add email",
                                        "<base> -> 3f1c0a9e2b10, create customers"));

  Probe().Query("UPDATE migrate_version SET version_num = 'f00dfeed1234'");
  r = Run({"history", "-r", "current:head"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.err, AheadError("f00dfeed1234"));
}

// The local loop: edit the migration just applied, run it again.
TEST_P(StatusStatesTest, RedoAppliesTheEditedLatestRevisionAgain) {
  WriteCustomersProject(dir_);
  ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
  Edit(kOrdersRev, "CREATE INDEX", "ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX");

  // The checksum error names the way out.
  ProcessResult r = Run({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_THAT(r.err, HasSubstr("\n  on a development database, `migrate redo c08b5e3f7a30` "
                               "instead reverts it and applies the file as it is now\n"));

  const std::string history = HistoryCount();
  r = Run({"redo"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(ResultLines(MaskDurations(r.out)),
              ElementsAre("✓ reverted c08b5e3f7a30  TIME  create orders  ✓ 1 absent table verified",
                          "✓ applied  c08b5e3f7a30  TIME  create orders  ✓ 1 column, 1 index, 1 "
                          "table verified",
                          "Redid c08b5e3f7a30 in TIME."));
  EXPECT_EQ(std::stoi(HistoryCount()), std::stoi(history) + 2);
  EXPECT_THAT(Probe().Query("SELECT direction FROM migrate_history WHERE revision = '" +
                            std::string(kOrdersRev) + "' ORDER BY id"),
              ElementsAre("upgrade", "downgrade", "redo"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev));
  const std::vector<std::string> note =
      GetParam() == Backend::kSqlite
          ? Probe().Query("SELECT name FROM pragma_table_info('orders') WHERE name = 'note'")
          : Probe().Query("SELECT column_name FROM information_schema.columns WHERE table_name = "
                          "'orders' AND column_name = 'note'");
  EXPECT_THAT(note, ElementsAre("note"));

  r = Run({"check"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  r = Run({"status"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(Table(r.out).at(1), "> c08b5e3f7a30 applied WHEN TIME create orders (head) (current) (redone)");
  r = Run({"show", kOrdersRev});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(Lines(r.out), ::testing::Contains("Redone: reverted, then applied again from the "
                                                "file as it is now (migrate redo)."));
  const nlohmann::json shown = nlohmann::json::parse(Run({"--format", "json", "show", kOrdersRev}).out);
  EXPECT_EQ(shown["revision"]["applied_by"], "redo");
}

TEST_P(StatusStatesTest, RedoRefusesAnythingButTheLatestAppliedRevision) {
  WriteCustomersProject(dir_);
  ProcessResult r = Run({"redo"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err,
            "error: nothing is applied to this database, so there is nothing to redo; `migrate "
            "upgrade head` applies the migrations\n");

  ASSERT_EQ(Run({"upgrade", kEmailRev}).exit_code, 0);
  const std::string history = HistoryCount();
  r = Run({"redo", kCustomersRev});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err,
            "error: revision 3f1c0a9e2b10 is not the latest applied: 7d4e2a1c9b20 is applied "
            "after it, and redo takes only the latest applied revision (7d4e2a1c9b20)\n");
  r = Run({"redo", kOrdersRev});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err,
            "error: revision c08b5e3f7a30 is not applied to this database, so there is nothing "
            "to redo; `migrate upgrade c08b5e3f7a30` applies it\n");
  EXPECT_EQ(HistoryCount(), history);
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kEmailRev));
}

TEST_P(StatusStatesTest, RedoWithSeveralHeadsNeedsTheRevision) {
  dir_.Write("migrations/a1a1a1a1a1a1_tags.sql",
             MigrationText("tags", "a1a1a1a1a1a1", "", "CREATE TABLE tags (id integer);\n",
                           "DROP TABLE tags;\n"));
  dir_.Write("migrations/b2b2b2b2b2b2_notes.sql",
             MigrationText("notes", "b2b2b2b2b2b2", "", "CREATE TABLE notes (id integer);\n",
                           "DROP TABLE notes;\n"));
  ASSERT_EQ(Run({"upgrade", "heads"}).exit_code, 0);
  ProcessResult r = Run({"redo"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err,
            "error: the database has 2 heads (a1a1a1a1a1a1, b2b2b2b2b2b2); say which one to "
            "redo: `migrate redo REV`\n");
  r = Run({"redo", "b2b2"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(ResultLines(MaskDurations(r.out)).back(), "Redid b2b2b2b2b2b2 in TIME.");
  EXPECT_THAT(Probe().VersionRows(), ElementsAre("a1a1a1a1a1a1", "b2b2b2b2b2b2"));
}

// The downgrade half stays when the upgrade half fails: redo no longer
// applies (nothing to redo), upgrade does.
TEST_P(StatusStatesTest, ARedoWhoseUpgradeFailsSaysHowToGoOn) {
  WriteCustomersProject(dir_);
  ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
  Edit(kOrdersRev, "CREATE INDEX", "INSERT INTO no_such_table VALUES (1);\nCREATE INDEX");
  const ProcessResult r = Run({"redo"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_THAT(r.err, HasSubstr("\n  next: c08b5e3f7a30 is reverted now; fix the migration and run "
                               "`migrate upgrade c08b5e3f7a30`\n"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kEmailRev));
  EXPECT_THAT(Probe().Tables(), ::testing::Not(::testing::Contains("orders")));
}

INSTANTIATE_TEST_SUITE_P(Backends, StatusStatesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& param) {
                           return migrate::testing::BackendName(param.param);
                         });

// Reading never brings a database into being: each read command against a
// SQLite path that does not exist is bad input (exit 2), and no file appears.
TEST_F(CliTest, ReadCommandsCreateNoSqliteFile) {
  WriteCustomersProject(dir_);
  for (const std::vector<std::string>& command :
       std::vector<std::vector<std::string>>{{"current"},
                                             {"status"},
                                             {"check"},
                                             {"verify"},
                                             {"history", "-r", "current:head"},
                                             {"show", kEmailRev}}) {
    std::vector<std::string> args = {"--url", "sqlite:///missing.db"};
    args.insert(args.end(), command.begin(), command.end());
    const ProcessResult r = Migrate(args);
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_EQ(r.out, "") << command.front();
    EXPECT_EQ(r.err,
              "error: the SQLite database 'missing.db' does not exist\n"
              "  nothing was created: this command only reads; check the URL (from --url), or "
              "create the database with `migrate upgrade head`\n")
        << command.front();
    EXPECT_FALSE(dir_.Exists("missing.db")) << command.front();
  }
  // Reading files alone needs no database at all.
  const ProcessResult history = Migrate({"--url", "sqlite:///missing.db", "history"});
  EXPECT_EQ(history.exit_code, 0) << history.Describe();
  EXPECT_FALSE(dir_.Exists("missing.db"));
}

}  // namespace
}  // namespace migrate::cli_test
