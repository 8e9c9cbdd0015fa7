// `migrate stamp --from-table FORMAT`: adopting a database that another
// tool migrated. Reads that tool's history table (import/peer_history.h
// interprets the rows), checks that what it records matches the imported
// revisions, then stamps the latest one as `migrate stamp REV` would.

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "migrator/commands/commands.h"
#include "migrator/commands/database_session.h"
#include "migrator/db/dialect.h"
#include "migrator/engine/project.h"
#include "migrator/import/peer_history.h"

namespace migrate::commands {

namespace {

bool IsTableName(const std::string& name) {
  return !name.empty() && name.front() != '.' && name.back() != '.' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
         });
}

// Sqitch keeps its SQLite registry in a file of its own beside the
// database (flipr.db -> sqitch.db): attach it as schema `sqitch`, so the
// same query reads `sqitch.changes` on both databases.
base::Status AttachSqitchRegistry(Context& ctx, db::Connection& conn) {
  MIGRATE_ASSIGN_OR_RETURN(db::DatabaseUrl url, ConfiguredUrl(ctx.config));
  const std::filesystem::path database(url.sqlite_path());
  std::filesystem::path registry =
      database.parent_path() / ("sqitch" + database.extension().string());
  if (!ctx.fs.Exists(registry.string())) {
    return base::Status::NotFound(
        "no Sqitch registry " + registry.string() +
        " beside the database; name the registry's changes table with --table, or follow the "
        "recipe in docs/import.md");
  }
  return conn.Execute("ATTACH DATABASE " + conn.dialect().QuoteLiteral(registry.string()) +
                      " AS sqitch");
}

base::Result<std::vector<import::PeerRow>> ReadTable(Context& ctx, import::SourceFormat format,
                                                     const std::string& table, bool default_table) {
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session, OpenSession(ctx, Locking::kNone));
  if (format == import::SourceFormat::kSqitch && default_table &&
      session.conn->dialect().Name() == "sqlite") {
    MIGRATE_TRY(AttachSqitchRegistry(ctx, *session.conn));
  }
  auto rows = session.conn->Query(import::PeerHistoryQuery(format, table));
  if (!rows) {
    return std::move(rows)
        .error()
        .Prefixed("reading " + std::string(import::FormatName(format)) + "'s history table " +
                  table)
        .WithContext("  is this the database " + std::string(import::FormatName(format)) +
                     " migrated? A table of another name is read with --table NAME");
  }
  std::vector<import::PeerRow> out;
  for (auto& row : rows->rows) out.emplace_back(row.begin(), row.end());
  return out;
}

}  // namespace

base::Status StampFromTable(Context& ctx, const StampArgs& args) {
  MIGRATE_ASSIGN_OR_RETURN(import::SourceFormat format, import::ParseFormat(args.from_table));
  if (!args.target.empty()) {
    return base::Status::InvalidInput("stamp takes TARGET or --from-table, not both");
  }
  const std::string table = args.table.empty() ? import::DefaultPeerTable(format) : args.table;
  if (!IsTableName(table)) {
    return base::Status::InvalidInput("--table '" + table +
                                      "' is not a table name (letters, digits, '_', schema.table)");
  }
  const std::string tool(import::FormatName(format));
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs));
  MIGRATE_ASSIGN_OR_RETURN(std::vector<import::PeerRow> rows,
                           ReadTable(ctx, format, table, args.table.empty()));
  MIGRATE_ASSIGN_OR_RETURN(import::PeerState state, import::ReadPeerRows(format, table, rows));
  if (!state.latest_version) {
    ctx.reporter.Info(table + " records no applied " + tool + " migration; nothing stamped");
    return base::Status::OK();
  }
  auto missing = [&](const std::string& version, const std::string& revision) {
    return base::Status::NotFound(table + " records " + tool + " version " + version +
                                  " as applied, but revision " + revision + " is not in " +
                                  project.script_location() + ": import the " + tool +
                                  " migrations first (migrate import " + tool +
                                  " DIR), or the database is ahead of that folder");
  };
  if (project.File(state.latest_revision) == nullptr) {
    return missing(*state.latest_version, state.latest_revision);
  }
  for (const std::string& revision : state.applied_revisions) {
    if (project.File(revision) == nullptr) return missing(revision, revision);
  }
  // Everything the latest needs must be applied too, or stamping would
  // mark as done a migration the tool skipped (out-of-order runs).
  for (const std::string& revision : project.graph().Ancestors({state.latest_revision})) {
    if (!import::PeerApplied(format, state, revision)) {
      return base::Status::FailedPrecondition(
          "revision " + revision + " (" + project.File(revision)->path + ") comes before " +
          state.latest_revision + ", the latest version " + table + " records, but " + table +
          " does not record it as applied: apply it with " + tool +
          " first, or check the database and stamp by hand (migrate stamp REV)");
    }
  }
  ctx.reporter.Info(table + " (" + tool + ") records version " + *state.latest_version +
                    " as the latest applied: revision " + state.latest_revision);
  StampArgs stamp;
  stamp.target = state.latest_revision;
  stamp.purge = args.purge;
  return Stamp(ctx, stamp);
}

}  // namespace migrate::commands
