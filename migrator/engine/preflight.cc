#include "migrator/engine/preflight.h"

#include <map>
#include <set>

#include "migrator/base/strings.h"
#include "migrator/verify/required_extensions.h"

namespace migrate::engine {

namespace {

// The revisions the database records are all in the script directory.
void CheckHeadsKnown(const Project& project, const std::set<std::string>& heads,
                     std::vector<base::Status>& problems) {
  std::vector<std::string> unknown;
  for (const std::string& head : heads) {
    if (project.File(head) == nullptr) unknown.push_back(head);
  }
  if (!unknown.empty()) problems.push_back(AheadOfCode(project, unknown));
}

// Files of applied revisions still have the checksum they had when applied.
// Only revisions the heads hold count: after a downward `stamp` the history
// still has the checksum of a revision that is no longer applied, and its
// file may change freely until it is applied again.
void CheckChecksums(const Project& project, const std::set<std::string>& heads,
                    const std::map<std::string, std::string>& recorded_checksums,
                    const std::string& redo, std::vector<base::Status>& problems) {
  const std::set<std::string> applied = project.graph().AppliedFromHeads(heads);
  for (const auto& [revision, recorded] : recorded_checksums) {
    const script::MigrationFile* file = project.File(revision);
    if (file == nullptr || file->checksum == recorded || applied.count(revision) == 0 ||
        revision == redo) {
      continue;
    }
    base::Status problem =
        base::Status::FailedPrecondition(
            "revision " + revision + " was edited after it was applied (checksum mismatch)",
            base::Location{file->path, 0})
            .WithContext("  recorded: " + recorded)
            .WithContext("  file:     " + file->checksum)
            .WithContext("  an applied migration must not change: undo the edit and put the "
                         "change in a new revision (`migrate revision -m ...`)");
    // redo takes only the latest applied revision: one with nothing above it.
    if (heads.count(revision) > 0) {
      problem = std::move(problem).WithContext(
          "  on a development database, `migrate redo " + revision +
          "` instead reverts it and applies the file as it is now");
    }
    problems.push_back(std::move(problem));
  }
}

void CheckIncomplete(const std::vector<store::HistoryRecord>& incomplete,
                     std::vector<base::Status>& problems) {
  for (const store::HistoryRecord& run : incomplete) {
    base::Status problem = base::Status::FailedPrecondition(
        "migration " + run.revision + " is marked incomplete: a `transaction: none` migration "
        "started at " + store::FormatTimestamp(run.started_at) + " and never finished");
    if (!run.error.empty()) {
      problem = std::move(problem).WithContext("  it stopped at " + run.error_location + ": " + run.error);
    }
    problems.push_back(std::move(problem).WithContext(
        "  inspect the database, finish or undo its work by hand, then run `migrate stamp " +
        run.revision + "` (if done) or `migrate upgrade --retry-incomplete` (to re-run it)"));
  }
}

void CheckTransactionSafety(const MigrationStep& step, const db::Dialect& dialect,
                            std::vector<base::Status>& problems) {
  if (step.file->transaction == script::TransactionMode::kNone) return;
  for (const script::Statement& statement : step.statements) {
    if (auto why = dialect.RefusedInTransaction(statement.text)) {
      problems.push_back(base::Status::InvalidInput(*why, base::Location{step.file->path, statement.line})
                             .WithContext("  put it in its own migration with `-- transaction: none`"));
    }
  }
}

// What preflight knows about extensions while it walks the plan in order.
struct ExtensionLedger {
  std::map<std::string, db::ExtensionState> states;  // asked once per run
  std::set<std::string> created;   // by a pending migration at or before the current one
  std::set<std::string> defined;   // functions and types pending migrations up to the current one create
  std::set<std::string> reported;  // one problem per extension is enough
};

// Whether the function or type that implied an extension is the project's
// own, already in the database (created by an applied migration, or by hand).
base::Result<bool> IsProjectsOwn(const verify::RequiredExtension& need, db::Connection& conn) {
  if (!need.use || need.use->kind == script::NameUse::Kind::kOperatorClass) return false;
  const script::ObjectKind kind = need.use->kind == script::NameUse::Kind::kFunction
                                      ? script::ObjectKind::kFunction
                                      : script::ObjectKind::kType;
  return conn.dialect().ObjectExists(conn, kind, need.use->name);
}

base::Status CheckExtensions(const MigrationStep& step, db::Connection& conn,
                             ExtensionLedger& ledger, std::vector<base::Status>& problems) {
  const db::Dialect& dialect = conn.dialect();
  using Availability = db::ExtensionState::Availability;
  // step.intents is empty where the dialect can say what statements use only
  // as they run (SQLite): there the header's list is all there is.
  std::vector<verify::DescribedStatement> described;
  for (std::size_t i = 0; i < step.intents.size(); ++i) {
    described.push_back(
        verify::DescribedStatement{&step.statements[i], step.intents[i], step.file->path});
  }
  verify::AddDefinedNames(described, ledger.defined);
  for (const verify::RequiredExtension& need : verify::RequiredExtensions(
           described, step.file->extensions, ledger.defined, step.file->path)) {
    if (need.created_here) ledger.created.insert(need.name);
    auto known = ledger.states.find(need.name);
    if (known == ledger.states.end()) {
      MIGRATE_ASSIGN_OR_RETURN(db::ExtensionState state, dialect.CheckExtension(conn, need.name));
      known = ledger.states.emplace(need.name, std::move(state)).first;
    }
    const db::ExtensionState& state = known->second;
    if (state.availability == Availability::kInstalled ||
        state.availability == Availability::kNotApplicable ||
        (state.availability == Availability::kCreatable && ledger.created.count(need.name) > 0) ||
        ledger.reported.count(need.name) > 0) {
      continue;
    }
    MIGRATE_ASSIGN_OR_RETURN(bool own, IsProjectsOwn(need, conn));
    if (own) continue;
    ledger.reported.insert(need.name);
    const std::string what = "revision " + step.revision() + " needs extension " + need.name +
                             " (" + need.reason + "): ";
    if (state.availability == Availability::kCreatable) {
      // Seed 004: the GIN index that failed because nothing ever created pg_trgm.
      problems.push_back(
          base::Status::FailedPrecondition(
              what + "it is not installed, and no migration up to this one creates it",
              need.where)
              .WithContext("  fix: add `CREATE EXTENSION IF NOT EXISTS " + need.name +
                           ";` to this migration before its first use (this role may create "
                           "it), or run it once on the database"));
      continue;
    }
    base::Status problem = base::Status::FailedPrecondition(what + state.explanation, need.where);
    if (!state.fix.empty()) problem = std::move(problem).WithContext("  fix: " + state.fix);
    problems.push_back(std::move(problem));
  }
  return base::Status::OK();
}

}  // namespace

base::Status AheadOfCode(const Project& project, const std::vector<std::string>& unknown) {
  const bool one = unknown.size() == 1;
  const std::string list = base::Join(unknown);
  return base::Status::FailedPrecondition(
             "the database is at revision" + std::string(one ? " " : "s ") + list + ", which " +
             (one ? "is" : "are") + " not in " + project.script_location() +
             ": the database is ahead of this code (migrated from another branch or a newer "
             "version), or " + (one ? "its file was" : "their files were") + " deleted")
      .WithContext("  check out the code that has " + list + " (the branch that added " +
                   (one ? "it" : "them") + ") and run `migrate downgrade` there to take " +
                   (one ? "it" : "them") + " out, or restore the file" + (one ? "" : "s") +
                   "; if the schema is really at a revision of these files, record that with "
                   "`migrate stamp --purge REV`");
}

base::Status CheckRecordedState(const Project& project, const std::set<std::string>& heads,
                                store::VersionStore& store, std::vector<base::Status>& problems,
                                const RecordedStateOptions& options) {
  CheckHeadsKnown(project, heads, problems);
  MIGRATE_ASSIGN_OR_RETURN(auto checksums, store.AppliedChecksums());
  CheckChecksums(project, heads, checksums, options.redo, problems);
  if (!options.allow_incomplete) {
    MIGRATE_ASSIGN_OR_RETURN(auto incomplete, store.IncompleteRuns());
    CheckIncomplete(incomplete, problems);
  }
  return base::Status::OK();
}

base::Status CheckPlan(const Project& project, const std::vector<std::string>& plan,
                       Direction direction, db::Connection& conn, PreflightResult& result) {
  std::vector<base::Status>& problems = result.problems;
  if (direction == Direction::kUpgrade && !plan.empty()) {
    MIGRATE_ASSIGN_OR_RETURN(std::optional<std::string> privilege,
                             conn.dialect().CreatePrivilegeProblem(conn));
    if (privilege) problems.push_back(base::Status::FailedPrecondition(*privilege));
  }
  ExtensionLedger extensions;
  for (const std::string& revision : plan) {
    const script::MigrationFile* file = project.File(revision);
    auto step = PrepareStep(*file, direction, conn.dialect());
    if (!step) {
      problems.push_back(step.error());
      continue;
    }
    CheckTransactionSafety(*step, conn.dialect(), problems);
    if (direction == Direction::kUpgrade) {
      MIGRATE_TRY(CheckExtensions(*step, conn, extensions, problems));
    }
    result.steps.push_back(std::move(*step));
  }
  return base::Status::OK();
}

base::Result<PreflightResult> Preflight(const Project& project, const std::vector<std::string>& plan,
                                        Direction direction, const std::set<std::string>& heads,
                                        db::Connection& conn, store::VersionStore& store,
                                        const RecordedStateOptions& recorded) {
  PreflightResult result;
  MIGRATE_TRY(CheckRecordedState(project, heads, store, result.problems, recorded));
  MIGRATE_TRY(CheckPlan(project, plan, direction, conn, result));
  if (!result.problems.empty()) result.steps.clear();
  return result;
}

}  // namespace migrate::engine
