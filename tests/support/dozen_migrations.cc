#include "tests/support/dozen_migrations.h"

#include <cstdio>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace migrate::testing {

namespace {

std::string Rev(int n) {
  char text[8];
  std::snprintf(text, sizeof text, "r%02d", n);
  return text;
}

// What migration n does besides creating table tNN and writing the ledger.
std::string Extra(int n) {
  switch (n) {
    case 4:
      return "ALTER TABLE t02 ADD COLUMN extra TEXT;\n";
    case 6:
      return "CREATE INDEX idx_t03_note ON t03 (note);\n";
    case 8:
      return "INSERT INTO t05 (id, note) VALUES (1, 'one');\n"
             "INSERT INTO t05 (id, note) VALUES (2, 'two');\n";
    case 10:
      return "UPDATE t05 SET note = upper(note);\n";
    case 12:
      return "CREATE VIEW v_notes AS SELECT id, note FROM t05;\n";
    default:
      return "";
  }
}

std::string MigrationFile(int n) {
  const std::string rev = Rev(n);
  const std::string table = "t" + rev.substr(1);
  std::string upgrade;
  if (n == 1) {
    upgrade = "CREATE TABLE ledger (rev TEXT NOT NULL);\n";
  } else {
    upgrade = "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, note TEXT);\n";
  }
  upgrade += Extra(n);
  upgrade += "INSERT INTO ledger (rev) VALUES ('" + rev + "');\n";
  return "-- step " + rev + "\n"
         "--\n"
         "-- revision: " + rev + "\n"
         "-- down_revision: " + (n == 1 ? "" : Rev(n - 1)) + "\n"
         "\n"
         "-- migrate:upgrade\n" + upgrade +
         "\n-- migrate:downgrade\n"
         "DELETE FROM ledger WHERE rev = '" + rev + "';\n";
}

}  // namespace

std::vector<std::string> DozenRevisions() {
  std::vector<std::string> revisions;
  for (int n = 1; n <= 12; ++n) revisions.push_back(Rev(n));
  return revisions;
}

void WriteDozenMigrations(const TempDir& dir, const std::string& folder) {
  for (int n = 1; n <= 12; ++n) {
    dir.Write(folder + "/" + Rev(n) + "_step.sql", MigrationFile(n));
  }
  dir.Write("migrate.toml", "[migrate]\nscript_location = \"" + folder + "\"\n");
}

std::vector<std::string> QueryLines(db::Connection& conn, const std::string& sql) {
  auto rows = conn.Query(sql);
  EXPECT_TRUE(rows.has_value()) << sql << ": " << rows.status().ToString();
  std::vector<std::string> lines;
  if (!rows) return lines;
  for (const auto& row : rows->rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += (i == 0 ? "" : "|") + row[i].value_or("NULL");
    }
    lines.push_back(line);
  }
  return lines;
}

void ExpectDozenAppliedOnce(db::Connection& conn, Backend backend) {
  std::vector<std::string> history_expected, ledger_expected;
  for (const std::string& rev : DozenRevisions()) {
    history_expected.push_back(rev + "|upgrade|ok");
    ledger_expected.push_back(rev);
  }
  EXPECT_THAT(QueryLines(conn,
                         "SELECT revision, direction, "
                         "CASE WHEN success THEN 'ok' ELSE 'failed' END "
                         "FROM migrate_history ORDER BY id"),
              ::testing::ElementsAreArray(history_expected));
  EXPECT_THAT(QueryLines(conn, "SELECT version_num FROM migrate_version"),
              ::testing::ElementsAre("r12"));
  EXPECT_THAT(QueryLines(conn, "SELECT rev FROM ledger ORDER BY rev"),
              ::testing::ElementsAreArray(ledger_expected));

  std::vector<std::string> tables = {"ledger", "migrate_history", "migrate_version"};
  for (int n = 2; n <= 12; ++n) tables.push_back("t" + Rev(n).substr(1));
  const std::string list_tables =
      backend == Backend::kSqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
          : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
  EXPECT_THAT(QueryLines(conn, list_tables), ::testing::ElementsAreArray(tables));
  const std::string list_indexes =
      backend == Backend::kSqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'"
          : "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND "
            "indexname LIKE 'idx_%'";
  EXPECT_THAT(QueryLines(conn, list_indexes), ::testing::ElementsAre("idx_t03_note"));
  EXPECT_THAT(QueryLines(conn, "SELECT id, note, extra FROM t02"),
              ::testing::IsEmpty());
  EXPECT_THAT(QueryLines(conn, "SELECT id, note FROM v_notes ORDER BY id"),
              ::testing::ElementsAre("1|ONE", "2|TWO"));
}

std::string RoundName(const ::testing::TestParamInfo<std::tuple<Backend, int>>& round) {
  return BackendName(std::get<0>(round.param)) + "_round" +
         std::to_string(std::get<1>(round.param));
}

std::vector<std::unique_ptr<ChildProcess>> StartUpgradeWorkers(const std::string& binary,
                                                               const std::string& project,
                                                               const std::string& url, int count) {
  std::vector<std::unique_ptr<ChildProcess>> workers;
  for (int i = 0; i < count; ++i) {
    workers.push_back(ChildProcess::Start(
        {binary, "-c", project + "/migrate.toml", "--url", url, "--lock-timeout", "2min",
         "upgrade", "head"},
        project + "/worker" + std::to_string(i) + ".log",
        {{"NO_COLOR", "1"}, {"DATABASE_URL", std::nullopt}}));
  }
  return workers;
}

}  // namespace migrate::testing
