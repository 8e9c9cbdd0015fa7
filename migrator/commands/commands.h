// The commands, one function each, as Alembic's command.py: what the CLI
// runs and what an application embedding migrator calls. Each takes the
// decided configuration and the collaborators, reports through the
// Reporter, and returns a Status whose code decides the exit status
// (exit_code.h). None prints or exits.

#ifndef MIGRATOR_COMMANDS_COMMANDS_H_
#define MIGRATOR_COMMANDS_COMMANDS_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "migrator/base/clock.h"
#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"
#include "migrator/config/config.h"
#include "migrator/db/connect_retry.h"
#include "migrator/report/reporter.h"

namespace migrate::commands {

/// What every command works with. REQUIRES: all outlive the call.
struct Context {
  const config::Config& config;
  base::FileSystem& fs;
  const base::Clock& clock;
  report::Reporter& reporter;
  /// Where `revision` finds templates/migration.sql.tmpl when the project has
  /// none of its own ("" = the built-in template only).
  std::string installed_templates_dir;
  /// How the commands that migrate (upgrade, downgrade, stamp) connect, one
  /// attempt. db::Open, unless a test wraps the connection to inject faults.
  db::Opener open = db::Open;
};

// --- Offline: script directory and graph only ------------------------------

struct InitArgs {
  std::string dir = ".";
};
/// Writes DIR/migrate.toml, DIR/migrations/ and DIR/.gitignore (the SQLite
/// database; left alone if DIR has one). Refuses to overwrite migrate.toml.
base::Status Init(Context& ctx, const InitArgs& args);

struct RevisionArgs {
  std::string message;
  std::optional<std::string> head;  // the parent; required when there are several heads
  bool splice = false;              // allow a parent that is not a head (a new branch)
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::optional<std::string> rev_id;
};
/// Creates a new migration file whose down_revision is the current head.
base::Status Revision(Context& ctx, const RevisionArgs& args);

struct MergeArgs {
  std::string message;
  std::vector<std::string> revisions;  // two or more; "heads" = every head
  std::optional<std::string> rev_id;
};
/// Creates an empty migration joining `revisions` (a merge point).
base::Status Merge(Context& ctx, const MergeArgs& args);

base::Status Heads(Context& ctx);
base::Status Branches(Context& ctx);

struct HistoryArgs {
  std::string range;  // "A:B", "A:", ":B" or "" for everything
};
/// `migrate history`: the revisions in the range, newest first. A range
/// naming `current` (current, +N, -N, LABEL@+N) reads the database's heads
/// (read-only, as `current`), and `(current)` then marks them.
base::Status History(Context& ctx, const HistoryArgs& args);

/// `check --offline`: every file parses, the graph is sound and has one head.
base::Status CheckOffline(Context& ctx);

// --- Online: against the database ------------------------------------------

struct UpgradeArgs {
  std::string target = "head";
  bool sql = false;                // print the script instead of running it (no connection)
  bool retry_incomplete = false;   // re-run `transaction: none` migrations marked incomplete
  bool create_db = false;          // first DbCreate: the role and database, if missing
};
base::Status Upgrade(Context& ctx, const UpgradeArgs& args);

struct DowngradeArgs {
  std::string target;
  bool sql = false;
};
base::Status Downgrade(Context& ctx, const DowngradeArgs& args);

struct RedoArgs {
  std::string revision;  // "" = the database's one head
};
/// `migrate redo [REV]`, for a development database: reverts the latest
/// applied revision and applies it again from its file as it is now (after
/// an edit the checksum rule would otherwise refuse), each half in its own
/// transaction as downgrade and upgrade run them, recorded in the history
/// as a `downgrade` row and a `redo` row. Both halves pass preflight before
/// either runs. InvalidInput (exit 2), nothing changed, when nothing is
/// applied, when the database has several heads and REV is not given, or
/// when REV is not applied or has applied revisions after it.
base::Status Redo(Context& ctx, const RedoArgs& args);

/// `migrate current`: the database's heads. FailedPrecondition (exit 1),
/// after reporting them, when the version table records a revision no file
/// has (the database is ahead of this code). Reads only: a SQLite file that
/// does not exist is NotFound (exit 2) and is not created.
base::Status Current(Context& ctx);

/// Re-checks what every applied migration did against the live database
/// (drift): exit 1 listing each postcondition that no longer holds.
base::Status Verify(Context& ctx);

/// The CI gate: OK only if the script directory has one head, the database
/// is at it, applied files are unchanged, nothing is incomplete and
/// nothing drifted. Otherwise every reason is reported.
base::Status Check(Context& ctx);

struct ShowArgs {
  std::string revision;  // any target naming one revision (id, prefix, head, label@head)
};
/// `migrate show REV`: one revision from the files; when a database URL is
/// configured, also whether that database has it and the data ledger of
/// the upgrade that applied it (read without the migration lock; a SQLite
/// file that does not exist is NotFound, exit 2, and is not created).
/// InvalidInput when REV names several revisions; the connection's error
/// (naming the redacted URL) when the database cannot be reached.
base::Status Show(Context& ctx, const ShowArgs& args);

/// `migrate status`: every revision, newest first, with its state (see
/// report::RevisionState): applied (when, how long, rows changed, from the
/// history table), pending, edited since applied, drifted, incomplete, or
/// unknown (recorded, but no file has it), the heads and the database's
/// position marked. OK whatever the state of the known revisions (it
/// reports; `check` gates); FailedPrecondition (exit 1) when the database
/// records revisions the files do not have, after reporting the table.
/// Reads only, without the lock: a SQLite file that does not exist is
/// NotFound (exit 2) and is not created; everything runs in a read-only
/// transaction that is rolled back.
base::Status ShowStatus(Context& ctx);

struct RoundTripArgs {
  bool force = false;  // run even though the version table records revisions
};
/// `migrate test`, for a scratch database: walks every pending migration in
/// upgrade order, and for each fingerprints the schema, upgrades, downgrades,
/// fingerprints again and upgrades again. Reports every migration that
/// fails, and every one whose downgrade does not restore the schema (with
/// the difference); migrations without a downgrade section are reported as
/// irreversible and are not failures. Leaves the database at head when
/// nothing failed. InvalidInput (exit 2) when the version table already
/// records revisions, unless args.force.
base::Status RoundTrip(Context& ctx, const RoundTripArgs& args);

/// `migrate wait`'s wait when neither --wait nor wait_timeout is set. (The
/// other online commands make one attempt unless told to wait.)
inline constexpr std::chrono::seconds kDefaultWaitCommandTimeout{30};

/// For entrypoint scripts: OK once the database accepts a connection and
/// answers `SELECT 1`, retrying for the configured wait (default
/// kDefaultWaitCommandTimeout); kTimeout (exit 1) when it never did, or the
/// connection error that waiting cannot cure (authentication) at once.
base::Status Wait(Context& ctx);

// --- The database itself (bootstrap/) --------------------------------------

/// `migrate db create`: the URL's database (PostgreSQL: and role, and its
/// privileges on schema public), created where missing through the
/// administrative URL (config.admin_url), then verified by working as the
/// application would. Reports each step; OK also when nothing was missing.
/// Errors name the step that did not take effect (bootstrap.h).
base::Status DbCreate(Context& ctx);

/// `migrate db status`: reports each link from the server to the
/// application role's privileges (Reporter::DatabaseStatus). OK when all
/// hold; FailedPrecondition naming the first broken link and its fix.
base::Status DbStatus(Context& ctx);

struct DbDropArgs {
  bool force = false;  // required: dropping is for test environments
};
/// `migrate db drop --force`: removes the database (the role stays).
/// InvalidInput (exit 2), touching nothing, without args.force.
base::Status DbDrop(Context& ctx, const DbDropArgs& args);

struct StampArgs {
  std::string target;
  bool purge = false;
  std::string from_table;  // a format (import/): stamp what that tool's history table records
  std::string table;       // with from_table: the table, if not the tool's default
};
base::Status Stamp(Context& ctx, const StampArgs& args);

/// `stamp --from-table FORMAT`: reads the history table another tool
/// (golang-migrate, flyway, dbmate, sqitch) keeps in the database, maps its
/// latest applied version to the revision `import` made of it, and stamps
/// that revision, so nothing that tool applied runs again. OK (stamping
/// nothing) when the table records nothing; FailedPrecondition for a dirty
/// or failed row, or an applied version missing below the latest; NotFound
/// when a recorded version has no imported revision; the database's error
/// when the table cannot be read. REQUIRES: args.from_table is not empty.
base::Status StampFromTable(Context& ctx, const StampArgs& args);

// --- Import: another tool's migrations folder ------------------------------

struct ImportArgs {
  std::string format;      // golang-migrate, flyway, dbmate, sqitch; "" = detect from the files
  std::string source_dir;  // the other tool's folder
  std::string out_dir;     // "" = the configured script_location
};
/// `migrate import`: converts the folder into one migration file per
/// migration, a linear chain in the tool's order, with revision ids derived
/// from the tool's versions (import/imported_migration.h). Writes nothing
/// unless every file can be read, converted and written without
/// overwriting one; InvalidInput (exit 2) naming the file and line
/// otherwise. Reports each file written, the readers' warnings, a warning
/// when the folder already held migrations (the chain starts at base
/// beside them), and a summary, as Info lines.
base::Status Import(Context& ctx, const ImportArgs& args);

}  // namespace migrate::commands

#endif  // MIGRATOR_COMMANDS_COMMANDS_H_
