// What another tool's history table says is applied, so that `migrate
// stamp --from-table FORMAT` can adopt a database that tool migrated
// without re-running anything. The command (commands/) runs PeerHistoryQuery
// and hands the rows here; this file only interprets them.
//
// Tables, as each tool writes them (the table name can be overridden):
//   golang-migrate  schema_migrations(version bigint, dirty boolean): one row,
//                   the latest version; everything before it is applied.
//                   Refused when dirty (a migration failed part-way).
//   flyway          flyway_schema_history(installed_rank, version, type,
//                   success, ...): in installed_rank order, a versioned row
//                   applies its version, an UNDO_* row removes it, a BASELINE
//                   row marks every version up to its own as applied; rows
//                   without a version (repeatables), SCHEMA and DELETE rows are
//                   skipped. Refused when any row failed (success false).
//   dbmate          schema_migrations(version): one row per applied version.
//   sqitch          sqitch.changes(change, project, committed_at, ...): the
//                   registry's deployed changes (PostgreSQL; on SQLite the
//                   registry is another file, see docs/import.md). Refused
//                   when it holds changes of several projects.
//
// Pure functions; thread-safe.

#ifndef MIGRATOR_IMPORT_PEER_HISTORY_H_
#define MIGRATOR_IMPORT_PEER_HISTORY_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/import/imported_migration.h"

namespace migrate::import {

/// The table `format` keeps its history in by default ("schema_migrations",
/// "flyway_schema_history", "sqitch.changes").
std::string DefaultPeerTable(SourceFormat format);

/// The query whose rows ReadPeerRows expects, on `table` (PostgreSQL and SQLite alike).
std::string PeerHistoryQuery(SourceFormat format, const std::string& table);

/// One row of PeerHistoryQuery; nullopt is SQL NULL.
using PeerRow = std::vector<std::optional<std::string>>;

struct PeerState {
  /// The newest applied version, as the table spells it; nullopt when
  /// nothing is applied.
  std::optional<std::string> latest_version;
  /// RevisionIdFor(format, *latest_version); "" when nothing is applied.
  std::string latest_revision;
  /// Every version the table records as applied, as revision ids (empty for
  /// golang-migrate, which records only the latest).
  std::set<std::string> applied_revisions;
  /// golang-migrate: every version before the latest is applied by definition.
  bool everything_before_latest = false;
  /// Flyway: the BASELINE version, below which every version counts as applied.
  std::optional<std::string> baseline;
};

/// What `rows` of `table` say. FailedPrecondition naming `table` and the
/// row for a dirty golang-migrate version, a failed Flyway row, several
/// golang-migrate rows or several Sqitch projects; InvalidInput for a
/// version that is not one of `format`'s.
base::Result<PeerState> ReadPeerRows(SourceFormat format, const std::string& table,
                                     const std::vector<PeerRow>& rows);

/// True if `state` records `revision` (a revision id of `format`) as
/// applied, directly, or below the latest (golang-migrate) or the baseline
/// (Flyway).
bool PeerApplied(SourceFormat format, const PeerState& state, const std::string& revision);

}  // namespace migrate::import

#endif  // MIGRATOR_IMPORT_PEER_HISTORY_H_
