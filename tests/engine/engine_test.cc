#include "tests/engine/engine_test.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>

#include "migrator/db/database_url.h"
#include "migrator/db/dialect.h"
#include "migrator/db/open.h"

namespace migrate::testing {

std::string Sha256Checksum(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    ADD_FAILURE() << "EVP_Digest failed";
    return "";
  }
  std::string hex = "sha256:";
  char byte[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

void EngineTest::SetUp() {
  db_ = TestDatabase::Create(GetParam());
  ASSERT_NE(db_, nullptr);
  config_.url = db_->url();
  config_.url_source = "the test";
  config_.script_location = "migrations";
  ASSERT_TRUE(fs_.CreateDirectories("migrations").ok());
  base::Result<std::unique_ptr<db::Connection>> conn = db_->Connect();
  ASSERT_TRUE(conn.has_value()) << "cannot connect to the test database: "
                                << conn.error().ToString();
  conn_ = std::move(*conn);
}

void EngineTest::Put(const std::string& file, const std::string& text) {
  fs_.Put(Path(file), text);
}

commands::Context EngineTest::ContextFor(report::Reporter& reporter) {
  return commands::Context{config_, fs_, clock_, reporter, ""};
}

base::Status EngineTest::Upgrade(const std::string& target, bool retry_incomplete) {
  commands::Context ctx = ContextFor(reporter_);
  commands::UpgradeArgs args;
  args.target = target;
  args.retry_incomplete = retry_incomplete;
  return commands::Upgrade(ctx, args);
}

base::Status EngineTest::Downgrade(const std::string& target) {
  commands::Context ctx = ContextFor(reporter_);
  commands::DowngradeArgs args;
  args.target = target;
  return commands::Downgrade(ctx, args);
}

base::Status EngineTest::Stamp(const std::string& target, bool purge) {
  commands::Context ctx = ContextFor(reporter_);
  commands::StampArgs args;
  args.target = target;
  args.purge = purge;
  return commands::Stamp(ctx, args);
}

base::Result<std::vector<std::string>> EngineTest::Current() {
  RecordingReporter reporter;
  commands::Context ctx = ContextFor(reporter);
  base::Status status = commands::Current(ctx);
  if (!status.ok()) return status;
  std::vector<std::string> current = reporter.current();
  std::sort(current.begin(), current.end());
  return current;
}

std::vector<std::string> EngineTest::AllProblems(const base::Status& final_status) const {
  std::vector<std::string> all;
  for (const base::Status& problem : reporter_.problems()) all.push_back(problem.ToString());
  if (!final_status.ok()) all.push_back(final_status.ToString());
  return all;
}

db::Connection& EngineTest::Db() { return *conn_; }

void EngineTest::Exec(const std::string& sql) {
  base::Status s = Db().Execute(sql);
  ASSERT_TRUE(s.ok()) << sql << ": " << s.ToString();
}

void EngineTest::AdminExec(const std::string& sql) {
  base::Result<db::DatabaseUrl> url = db::DatabaseUrl::Parse(db_->admin_url(), ".");
  ASSERT_TRUE(url.has_value()) << url.error().ToString();
  base::Result<std::unique_ptr<db::Connection>> admin = db::Open(*url);
  ASSERT_TRUE(admin.has_value()) << admin.error().ToString();
  base::Status s = (*admin)->Execute(sql);
  ASSERT_TRUE(s.ok()) << sql << ": " << s.ToString();
}

std::vector<std::vector<std::string>> EngineTest::Rows(const std::string& sql,
                                                       const std::vector<std::string>& params) {
  base::Result<db::Rows> rows = Db().Query(sql, params);
  EXPECT_TRUE(rows.has_value()) << sql << ": " << rows.status().ToString();
  std::vector<std::vector<std::string>> out;
  if (!rows) return out;
  for (const std::vector<db::Value>& row : rows->rows) {
    std::vector<std::string> values;
    for (const db::Value& v : row) values.push_back(v.value_or("NULL"));
    out.push_back(std::move(values));
  }
  return out;
}

std::string EngineTest::One(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<std::vector<std::string>> rows = Rows(sql, params);
  if (rows.empty() || rows[0].empty()) return "(no row)";
  return rows[0][0];
}

bool EngineTest::VersionTablesExist() {
  return Exists(script::ObjectKind::kTable, "migrate_version");
}

std::set<std::string> EngineTest::VersionRows() {
  std::set<std::string> heads;
  if (!VersionTablesExist()) return heads;
  for (const auto& row : Rows("SELECT version_num FROM migrate_version")) heads.insert(row[0]);
  return heads;
}

std::vector<std::string> EngineTest::History() {
  std::vector<std::string> history;
  if (!Exists(script::ObjectKind::kTable, "migrate_history")) return history;
  for (const auto& row : Rows("SELECT revision, direction, "
                              "CASE WHEN finished_at IS NULL THEN 'incomplete' "
                              "     WHEN success THEN 'ok' ELSE 'failed' END "
                              "FROM migrate_history ORDER BY id")) {
    history.push_back(row[0] + " " + row[1] + " " + row[2]);
  }
  return history;
}

bool EngineTest::Exists(script::ObjectKind kind, const std::string& name) {
  script::ObjectName object;
  object.name = script::Identifier{name, false};
  base::Result<bool> exists = Db().dialect().ObjectExists(Db(), kind, object);
  EXPECT_TRUE(exists.has_value()) << name << ": " << exists.status().ToString();
  return exists.has_value() && *exists;
}

std::optional<std::vector<std::string>> EngineTest::Columns(const std::string& name) {
  script::ObjectName object;
  object.name = script::Identifier{name, false};
  auto columns = Db().dialect().TableColumns(Db(), object);
  EXPECT_TRUE(columns.has_value()) << name << ": " << columns.status().ToString();
  if (!columns) return std::nullopt;
  return *columns;
}

std::vector<std::string> EngineTest::Schema() {
  // kind, name: the objects of the default schema, version tables left out.
  std::vector<std::vector<std::string>> objects;
  if (postgresql()) {
    objects = Rows(
        "SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view' "
        "       WHEN 'm' THEN 'materialized_view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' "
        "       ELSE 'relation' END, c.relname::text "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'i', 'S') "
        "  AND c.relname NOT LIKE 'migrate\\_%' "
        "UNION ALL "
        "SELECT 'trigger', t.tgname::text || ' on ' || c.relname::text "
        "FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT t.tgisinternal AND n.nspname = current_schema() "
        "UNION ALL "
        "SELECT 'type', t.typname::text FROM pg_catalog.pg_type t "
        "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
        "WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd') "
        "UNION ALL "
        "SELECT 'function', p.proname::text FROM pg_catalog.pg_proc p "
        "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND NOT EXISTS ("
        "  SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass "
        "  AND d.objid = p.oid AND d.deptype = 'e')");
  } else {
    objects = Rows(
        "SELECT type, name FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'migrate\\_%' ESCAPE '\\'");
  }
  std::vector<std::string> schema;
  for (const auto& object : objects) {
    std::string line = object[0] + " " + object[1];
    if (object[0] == "table" || object[0] == "view" || object[0] == "materialized_view") {
      if (auto columns = Columns(object[1])) {
        line += "(";
        for (std::size_t i = 0; i < columns->size(); ++i) line += (i ? ", " : "") + (*columns)[i];
        line += ")";
      }
    }
    schema.push_back(std::move(line));
  }
  std::sort(schema.begin(), schema.end());
  return schema;
}

}  // namespace migrate::testing
