// Reporter: the only way the library tells the user anything, in the role of
// ninja's Status. Commands and the engine call it with events and results;
// the implementations decide the format: text_reporter.h for people,
// json_reporter.h for programs (the shapes are documented in docs/json.md).
// Nothing else in migrator writes to stdout or stderr.
//
// Thread safety: a Reporter is used by one thread at a time.

#ifndef MIGRATOR_REPORT_REPORTER_H_
#define MIGRATOR_REPORT_REPORTER_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "migrator/base/row_changes.h"
#include "migrator/base/status.h"

namespace migrate::report {

/// One revision as the read commands show it.
struct RevisionInfo {
  std::string id;
  std::vector<std::string> parents;
  std::vector<std::string> children;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;  // every line of the message
  std::string path;     // the migration file
  bool is_head = false;
  bool is_base = false;
  bool is_branch_point = false;
  bool is_merge_point = false;
  bool is_current = false;  // recorded in the database's version table (when known)

  /// The first line of the message.
  std::string Summary() const;
};

/// What a plan does. kRedo (`migrate redo`) is one revision's downgrade
/// then its upgrade; each of its steps is kDowngrade or kUpgrade.
enum class StepDirection { kUpgrade, kDowngrade, kRedo };

/// What `migrate status` says of one revision: the STATE column, and JSON's
/// `state` (StateOf below).
enum class RevisionState {
  kApplied,
  kPending,
  kEdited,      // applied, and its file changed since (checksum)
  kDrifted,     // applied, and something it did no longer holds
  kIncomplete,  // a `transaction: none` run started and never finished
  kUnknown,     // recorded in the version table, but no file has it
};

/// "applied", "pending", "edited", "drifted", "incomplete", "unknown".
inline const char* RevisionStateName(RevisionState state) {
  switch (state) {
    case RevisionState::kApplied: return "applied";
    case RevisionState::kPending: return "pending";
    case RevisionState::kEdited: return "edited";
    case RevisionState::kDrifted: return "drifted";
    case RevisionState::kIncomplete: return "incomplete";
    case RevisionState::kUnknown: return "unknown";
  }
  return "pending";
}

/// One line of `migrate status`: a revision and whether the database has it.
struct StatusRow {
  RevisionInfo revision;  // is_current marks the database's position
  bool applied = false;
  /// From the latest successful upgrade, redo or stamp history row of the
  /// revision; "" / "" / 0 when it has none (pending, or applied before the
  /// history table recorded it).
  std::string applied_at;  // ISO-8601 UTC, "2026-11-22T10:31:07.123Z"
  std::string applied_by;  // "upgrade", "redo" or "stamp"
  std::chrono::milliseconds duration{0};
  /// That upgrade's data ledger; empty for a stamp, a pending revision, or
  /// an upgrade that changed no rows (or ran before ledgers were recorded).
  base::RowLedger rows;
  /// Recorded in the version table, but no migration file has it (the
  /// database is ahead of the code): only id and is_current are known of
  /// `revision`.
  bool unknown = false;
  /// Applied, and the file's checksum is not the one recorded when it was.
  bool edited = false;
  /// What it did that no longer holds, one message per postcondition or
  /// verify statement (checked only when every recorded revision is known).
  std::vector<std::string> drift;
  /// A `transaction: none` run of it started and never finished: when, and
  /// if it says, where it stopped; "" otherwise.
  std::string incomplete;
};

/// The one word for `row`: where several hold, the first of unknown,
/// incomplete, edited, drifted; else applied or pending.
inline RevisionState StateOf(const StatusRow& row) {
  if (row.unknown) return RevisionState::kUnknown;
  if (!row.incomplete.empty()) return RevisionState::kIncomplete;
  if (row.edited) return RevisionState::kEdited;
  if (!row.drift.empty()) return RevisionState::kDrifted;
  return row.applied ? RevisionState::kApplied : RevisionState::kPending;
}

/// `migrate show`: one revision and, when a database URL is configured, what
/// that database records of it.
struct RevisionDetail {
  RevisionInfo revision;  // is_current marks a head of the database's version table
  /// Whether the database has it (it is a head or something a head needs);
  /// nullopt when no database URL is configured and only the files were read.
  std::optional<bool> applied;
  /// When applied: the data ledger of its latest successful upgrade, redo or
  /// stamp history row (as StatusRow::rows); empty when that changed no rows,
  /// was a stamp, or ran before ledgers were recorded.
  base::RowLedger rows;
  /// When applied: which kind of row that was, "upgrade", "redo" or "stamp";
  /// "" when none is recorded.
  std::string applied_by;
};

/// One statement of a migration and how long the database took over it
/// (shown with -v).
struct StatementTiming {
  int line = 0;     // where the statement starts in the migration file
  std::string sql;  // the statement on one line, shortened (base::OneLine)
  std::chrono::microseconds duration{0};
};

/// One link of `migrate db status`: the chain from the server to what the
/// application role needs, checked in order (PostgreSQL: server, role,
/// login, database, privileges; SQLite: file, database, write).
struct DatabaseCheck {
  enum class State { kOk, kFailed, kUnknown, kNotChecked };
  std::string name;
  State state = State::kNotChecked;
  std::string detail;  // what was found, in a sentence; never a password
  std::string fix;     // for kFailed (and kUnknown): what to do; "" otherwise
};

/// One migration of an upgrade or downgrade, when it is done.
struct StepOutcome {
  std::string revision;
  std::string summary;
  StepDirection direction = StepDirection::kUpgrade;
  std::chrono::milliseconds duration{0};
  int statements = 0;
  /// What was verified, e.g. {"3 tables", "2 indexes", "verify section"}; empty when nothing.
  std::vector<std::string> verified;
  /// The migration was applied by another process meanwhile; nothing ran here.
  bool skipped = false;
  /// A migration with no statements (a merge point, a placeholder).
  bool empty = false;
  /// Every statement run, in order.
  std::vector<StatementTiming> statement_timings;
  /// The data ledger: rows inserted, updated and deleted per table.
  base::RowLedger rows;
};

class Reporter {
 public:
  virtual ~Reporter() = default;

  // --- Progress of upgrade / downgrade / stamp ----------------------------

  /// The migrations about to run, in order.
  virtual void PlanReady(StepDirection direction, const std::vector<RevisionInfo>& steps) = 0;
  virtual void StepStarted(const RevisionInfo& revision, StepDirection direction) = 0;
  virtual void StepFinished(const StepOutcome& outcome) = 0;
  /// Said once when something makes us wait (another process holds the lock, ...).
  virtual void Waiting(const std::string& what) = 0;

  // --- Results of the read commands ---------------------------------------

  virtual void Heads(const std::vector<RevisionInfo>& heads) = 0;
  /// Newest first.
  virtual void History(const std::vector<RevisionInfo>& revisions) = 0;
  virtual void Branches(const std::vector<RevisionInfo>& branch_points,
                        const std::vector<RevisionInfo>& all) = 0;
  virtual void Show(const RevisionDetail& detail) = 0;
  /// The revisions recorded in the database (both empty: at base); `unknown`
  /// are those no migration file has (the database is ahead of the code).
  virtual void Current(const std::vector<RevisionInfo>& current,
                       const std::vector<std::string>& unknown) = 0;
  /// `migrate status`: every revision, newest first.
  virtual void StatusTable(const std::vector<StatusRow>& rows) = 0;
  /// `migrate db status`: every link, in order.
  virtual void DatabaseStatus(const std::vector<DatabaseCheck>& checks) = 0;
  /// An offline SQL script (`--sql`), written as is.
  virtual void Sql(const std::string& script) = 0;
  /// A one-line message for people ("Created migrations/1f73_x.sql").
  virtual void Info(const std::string& message) = 0;

  // --- Problems and the end ----------------------------------------------

  /// One problem; several may be reported before Finish (preflight reports all).
  virtual void Problem(const base::Status& problem) = 0;
  /// The command is over; `exit_code` is what the process will return.
  virtual void Finish(int exit_code) = 0;
};

}  // namespace migrate::report

#endif  // MIGRATOR_REPORT_REPORTER_H_
