#include "migrator/store/version_store.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <utility>

#include <nlohmann/json.hpp>

#include "migrator/base/numbers.h"

namespace migrate::store {

namespace {

const char* BoolText(bool b) { return b ? "1" : "0"; }

bool ParseBool(const db::Value& v) {
  return v && (*v == "1" || *v == "t" || *v == "true");
}

// A number from column `column` of the history table; NULL or "" is 0. A
// value that is not a number (the table edited by hand) is an error naming
// the column, not an exception.
base::Result<std::int64_t> ParseInt(const db::Value& v, std::string_view column) {
  if (!v || v->empty()) return 0;
  auto number = base::ParseInteger(*v);
  if (!number) {
    return base::Status::FailedPrecondition("the history table's column " + std::string(column) +
                                            " holds " + number.error().message());
  }
  return number;
}

Direction ParseDirection(const db::Value& v) {
  if (v && *v == "downgrade") return Direction::kDowngrade;
  if (v && *v == "stamp") return Direction::kStamp;
  if (v && *v == "redo") return Direction::kRedo;
  return Direction::kUpgrade;
}

constexpr const char* kHistoryColumns =
    "id, revision, direction, checksum, started_at, finished_at, duration_ms, success, error, "
    "error_location, db_user, host, pid, tool_version";
// Added with the data ledger: absent from tables made by earlier versions.
constexpr const char* kRowsColumn = "rows_changed";

// The ledger as rows_changed holds it: compact JSON, keys in a fixed order so
// the text reads the same in every row.
std::string LedgerText(const base::RowLedger& ledger) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const base::TableRowChanges& t : ledger) {
    list.push_back({{"table", t.table},
                    {"inserted", t.inserted},
                    {"updated", t.updated},
                    {"deleted", t.deleted}});
  }
  return list.dump();
}

// Reads LedgerText's output; NULL is the empty ledger. Anything else is
// reported, not skipped: a ledger that reads as empty would say "no rows
// changed" about a migration that changed some.
base::Result<base::RowLedger> ParseLedger(const db::Value& text, std::int64_t id) {
  base::RowLedger ledger;
  if (!text) return ledger;
  const nlohmann::json list = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  auto malformed = [&] {
    return base::Status::FailedPrecondition(
        "history row " + std::to_string(id) + ": " + kRowsColumn +
        " is not a ledger ([{\"table\", \"inserted\", \"updated\", \"deleted\"}, ...]): " +
        *text + "; correct it, or set it to NULL, by hand");
  };
  if (!list.is_array()) return malformed();
  for (const nlohmann::json& entry : list) {
    if (!entry.is_object()) return malformed();
    auto table = entry.find("table");
    if (table == entry.end() || !table->is_string()) return malformed();
    base::TableRowChanges changes;
    changes.table = table->get<std::string>();
    for (auto [key, count] : {std::pair{"inserted", &changes.inserted},
                              std::pair{"updated", &changes.updated},
                              std::pair{"deleted", &changes.deleted}}) {
      auto value = entry.find(key);
      if (value == entry.end() || !value->is_number_integer()) return malformed();
      *count = value->get<std::int64_t>();
    }
    ledger.push_back(std::move(changes));
  }
  return ledger;
}

}  // namespace

const char* DirectionName(Direction direction) {
  switch (direction) {
    case Direction::kUpgrade: return "upgrade";
    case Direction::kDowngrade: return "downgrade";
    case Direction::kStamp: return "stamp";
    case Direction::kRedo: return "redo";
  }
  return "upgrade";
}

std::string FormatTimestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

std::optional<std::chrono::system_clock::time_point> ParseTimestamp(const std::string& text) {
  // Accepts "YYYY-MM-DD?HH:MM:SS[.fff...][Z|+HH[:MM]|-HH[:MM]]", '?' being 'T' or ' '.
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%*c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::size_t pos = static_cast<std::size_t>(consumed);
  long millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    long scale = 100;
    for (++pos; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])); ++pos) {
      millis += (text[pos] - '0') * scale;
      scale /= 10;
    }
  }
  long offset_seconds = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int hours = 0, minutes = 0;
    std::sscanf(text.c_str() + pos + 1, "%2d:%2d", &hours, &minutes);
    offset_seconds = (text[pos] == '+' ? 1 : -1) * (hours * 3600L + minutes * 60L);
  }
  const std::time_t seconds = timegm(&tm) - offset_seconds;
  return std::chrono::system_clock::from_time_t(seconds) + std::chrono::milliseconds(millis);
}

VersionStore::VersionStore(db::Connection& conn, db::VersionTables tables)
    : conn_(conn), tables_(std::move(tables)) {}

std::string VersionStore::VersionTable() const {
  return conn_.dialect().QualifiedTable(tables_, tables_.version);
}

std::string VersionStore::HistoryTable() const {
  return conn_.dialect().QualifiedTable(tables_, tables_.history);
}

base::Result<bool> VersionStore::Exists() {
  script::ObjectName name{script::Identifier{tables_.schema, true},
                          script::Identifier{tables_.version, true}};
  return conn_.dialect().ObjectExists(conn_, script::ObjectKind::kTable, name);
}

base::Result<std::set<std::string>> VersionStore::CurrentHeads() {
  MIGRATE_ASSIGN_OR_RETURN(bool exists, Exists());
  std::set<std::string> heads;
  if (!exists) return heads;
  MIGRATE_ASSIGN_OR_RETURN(db::Rows rows, conn_.Query("SELECT version_num FROM " + VersionTable()));
  for (const auto& row : rows.rows) {
    if (row[0]) heads.insert(*row[0]);
  }
  return heads;
}

base::Status VersionStore::EnsureTables() {
  for (const std::string& ddl : conn_.dialect().VersionTablesDdl(tables_)) {
    MIGRATE_TRY(conn_.Execute(ddl));
  }
  return base::Status::OK();
}

base::Status VersionStore::ReplaceHeads(const std::set<std::string>& from,
                                        const std::set<std::string>& to) {
  for (const std::string& head : from) {
    if (to.count(head) > 0) continue;
    MIGRATE_ASSIGN_OR_RETURN(
        db::Rows deleted,
        conn_.Query("DELETE FROM " + VersionTable() + " WHERE version_num = $1 RETURNING version_num",
                    {head}));
    if (deleted.rows.size() != 1) {
      return base::Status::FailedPrecondition(
          "expected revision " + head + " in " + tables_.version +
          " but it is not there: another process changed the database's revision concurrently; "
          "run `migrate current` and retry");
    }
  }
  for (const std::string& head : to) {
    if (from.count(head) > 0) continue;
    MIGRATE_TRY(conn_.Query("INSERT INTO " + VersionTable() + " (version_num) VALUES ($1)", {head}));
  }
  return base::Status::OK();
}

base::Status VersionStore::ClearHeads() {
  return conn_.Execute("DELETE FROM " + VersionTable());
}

base::Result<std::optional<std::vector<std::string>>> VersionStore::HistoryColumns() {
  script::ObjectName name{script::Identifier{tables_.schema, true},
                          script::Identifier{tables_.history, true}};
  MIGRATE_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> columns,
                           conn_.dialect().TableColumns(conn_, name));
  if (columns && !rows_column_added_ &&
      std::find(columns->begin(), columns->end(), kRowsColumn) != columns->end()) {
    rows_column_known_ = true;
  }
  return columns;
}

base::Status VersionStore::EnsureRowsColumn() {
  if (rows_column_known_) return base::Status::OK();
  MIGRATE_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> columns, HistoryColumns());
  // Without the table, the INSERT that follows fails with the database's own message.
  if (!columns || std::find(columns->begin(), columns->end(), kRowsColumn) != columns->end()) {
    return base::Status::OK();
  }
  MIGRATE_TRY(conn_.Execute("ALTER TABLE " + HistoryTable() + " ADD COLUMN " + kRowsColumn + " TEXT"));
  rows_column_added_ = true;
  return base::Status::OK();
}

base::Result<std::int64_t> VersionStore::AppendHistory(const HistoryRecord& r) {
  // Every value goes in as an untyped text parameter, which each database
  // converts to the column's type; an absent finished_at or an empty ledger
  // is left out (NULL), so only a ledger needs the rows_changed column.
  std::vector<std::pair<const char*, std::string>> values = {
      {"revision", r.revision},
      {"direction", DirectionName(r.direction)},
      {"checksum", r.checksum},
      {"started_at", FormatTimestamp(r.started_at)},
      {"duration_ms", std::to_string(r.duration_ms)},
      {"success", BoolText(r.success)},
      {"error", r.error},
      {"error_location", r.error_location},
      {"db_user", r.run.db_user},
      {"host", r.run.host},
      {"pid", std::to_string(r.run.pid)},
      {"tool_version", r.run.tool_version},
  };
  if (r.finished_at) values.emplace_back("finished_at", FormatTimestamp(*r.finished_at));
  if (!r.rows.empty()) {
    MIGRATE_TRY(EnsureRowsColumn());
    values.emplace_back(kRowsColumn, LedgerText(r.rows));
  }
  std::string columns, placeholders;
  std::vector<std::string> params;
  for (auto& [column, value] : values) {
    if (!params.empty()) {
      columns += ", ";
      placeholders += ", ";
    }
    columns += column;
    params.push_back(std::move(value));
    placeholders += "$" + std::to_string(params.size());
  }
  MIGRATE_ASSIGN_OR_RETURN(
      db::Rows rows, conn_.Query("INSERT INTO " + HistoryTable() + " (" + columns + ") VALUES (" +
                                     placeholders + ") RETURNING id",
                                 params));
  if (rows.rows.size() != 1 || !rows.rows[0][0]) {
    return base::Status::Internal("INSERT INTO " + tables_.history + " returned no id");
  }
  return ParseInt(rows.rows[0][0], "id");
}

base::Status VersionStore::FinishHistory(
    std::int64_t id, std::optional<std::chrono::system_clock::time_point> finished_at,
    std::int64_t duration_ms, bool success, const std::string& error,
    const std::string& error_location) {
  std::string sql = "UPDATE " + HistoryTable() +
                    " SET duration_ms = $1, success = $2, error = $3, error_location = $4";
  std::vector<std::string> params = {std::to_string(duration_ms), BoolText(success), error,
                                     error_location, std::to_string(id)};
  if (finished_at) {
    sql += ", finished_at = $6";
    params.push_back(FormatTimestamp(*finished_at));
  }
  MIGRATE_ASSIGN_OR_RETURN(db::Rows rows, conn_.Query(sql + " WHERE id = $5 RETURNING id", params));
  if (rows.rows.size() != 1) {
    return base::Status::Internal("history row " + std::to_string(id) + " vanished");
  }
  return base::Status::OK();
}

base::Status VersionStore::ResolveIncomplete(const std::string& revision,
                                             std::chrono::system_clock::time_point at,
                                             const std::string& resolution) {
  MIGRATE_TRY(conn_.Query("UPDATE " + HistoryTable() +
                              " SET finished_at = $1, error = $2 WHERE revision = $3 AND "
                              "finished_at IS NULL RETURNING id",
                          {FormatTimestamp(at), resolution, revision}));
  return base::Status::OK();
}

base::Result<std::vector<HistoryRecord>> VersionStore::SelectHistory(const std::string& where) {
  std::vector<HistoryRecord> records;
  MIGRATE_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> columns, HistoryColumns());
  if (!columns) return records;
  const bool has_ledger =
      std::find(columns->begin(), columns->end(), kRowsColumn) != columns->end();
  std::string select = std::string("SELECT ") + kHistoryColumns;
  if (has_ledger) select += std::string(", ") + kRowsColumn;
  MIGRATE_ASSIGN_OR_RETURN(db::Rows rows,
                           conn_.Query(select + " FROM " + HistoryTable() + where + " ORDER BY id"));
  for (const auto& row : rows.rows) {
    HistoryRecord r;
    MIGRATE_ASSIGN_OR_RETURN(r.id, ParseInt(row[0], "id"));
    r.revision = row[1].value_or("");
    r.direction = ParseDirection(row[2]);
    r.checksum = row[3].value_or("");
    r.started_at = ParseTimestamp(row[4].value_or("")).value_or(std::chrono::system_clock::time_point{});
    if (row[5]) r.finished_at = ParseTimestamp(*row[5]);
    MIGRATE_ASSIGN_OR_RETURN(r.duration_ms, ParseInt(row[6], "duration_ms"));
    r.success = ParseBool(row[7]);
    r.error = row[8].value_or("");
    r.error_location = row[9].value_or("");
    r.run.db_user = row[10].value_or("");
    r.run.host = row[11].value_or("");
    MIGRATE_ASSIGN_OR_RETURN(r.run.pid, ParseInt(row[12], "pid"));
    r.run.tool_version = row[13].value_or("");
    if (has_ledger) {
      MIGRATE_ASSIGN_OR_RETURN(r.rows, ParseLedger(row[14], r.id));
    }
    records.push_back(std::move(r));
  }
  return records;
}

base::Result<std::vector<HistoryRecord>> VersionStore::History() { return SelectHistory(""); }

base::Result<std::vector<HistoryRecord>> VersionStore::IncompleteRuns() {
  return SelectHistory(" WHERE finished_at IS NULL");
}

base::Result<std::map<std::string, std::string>> VersionStore::AppliedChecksums() {
  MIGRATE_ASSIGN_OR_RETURN(std::vector<HistoryRecord> records, SelectHistory(" WHERE success"));
  std::map<std::string, std::string> checksums;
  for (const HistoryRecord& r : records) {  // oldest first: the latest row wins
    if (r.direction == Direction::kDowngrade) {
      checksums.erase(r.revision);
    } else if (!r.checksum.empty()) {
      checksums[r.revision] = r.checksum;
    }
  }
  return checksums;
}

}  // namespace migrate::store
