// test: the round trip (pytest-alembic's "stairway" test as one command).
// For each pending migration, in upgrade order:
//
//   fingerprint A; upgrade; downgrade; fingerprint B; A == B?; upgrade again
//
// so every downgrade is run against exactly the schema its upgrade made,
// and every upgrade is run twice, the second time after its own downgrade.
// It needs a scratch database: it writes and drops whatever the migrations
// do, and leaves the database at head.

#include "migrator/base/strings.h"
#include "migrator/commands/commands.h"
#include "migrator/commands/database_session.h"
#include "migrator/commands/problem_list.h"
#include "migrator/engine/migration_step.h"
#include "migrator/engine/preflight.h"
#include "migrator/engine/project.h"
#include "migrator/engine/runner.h"
#include "migrator/engine/schema_fingerprint.h"

namespace migrate::commands {

namespace {

using engine::Direction;

// How many lines of a schema difference a problem shows; the count says
// how many more there are.
constexpr std::size_t kMaxDiffLines = 20;

base::Status NotRestored(const script::MigrationFile& file, const script::Section& downgrade,
                         const std::vector<std::string>& diff) {
  base::Status problem = base::Status::VerificationFailed(
      "revision " + file.revision + ": downgrade does not restore the schema (" +
          std::to_string(diff.size()) + (diff.size() == 1 ? " difference" : " differences") +
          "; - before the upgrade only, + after the downgrade only)",
      base::Location{file.path, downgrade.marker_line});
  for (std::size_t i = 0; i < diff.size() && i < kMaxDiffLines; ++i) {
    problem = std::move(problem).WithContext("  " + diff[i]);
  }
  if (diff.size() > kMaxDiffLines) {
    problem = std::move(problem).WithContext("  ... and " + std::to_string(diff.size() - kMaxDiffLines) +
                                             " more");
  }
  return problem;
}

// The walk's state, so each phase of one migration reads as a step.
class RoundTripWalk {
 public:
  RoundTripWalk(Context& ctx, const engine::Project& project, DatabaseSession& session)
      : ctx_(ctx),
        session_(session),
        runner_(*session.conn, *session.store, project.graph(), ctx.clock, session.run_info,
                engine::DefaultTimeouts{ctx.config.lock_timeout, ctx.config.statement_timeout}) {}

  /// Round-trips `up`. Returns false when the walk cannot go on (the
  /// database is not at `up` applied); problems found go to problems().
  /// Fails (the Result) only when the schema cannot be read.
  base::Result<bool> Walk(const engine::MigrationStep& up) {
    const script::MigrationFile& file = *up.file;
    const std::string& id = up.revision();
    MIGRATE_ASSIGN_OR_RETURN(engine::SchemaFingerprint before, Fingerprint());
    if (auto applied = runner_.Apply(up); !applied) {
      problems_.push_back(std::move(applied).error().WithContext(
          "  revision " + id + " fails on a fresh database; the migrations after it were not tested"));
      return false;
    }
    const script::Section* downgrade =
        file.FindSection(script::SectionKind::kDowngrade, session_.conn->dialect().Name());
    if (downgrade == nullptr) {
      irreversible_.push_back(id);
      ctx_.reporter.Info("- " + id + "  irreversible (no downgrade section): upgraded, not round-tripped");
      return true;
    }
    auto down = engine::PrepareStep(file, Direction::kDowngrade, session_.conn->dialect());
    if (!down) {
      problems_.push_back(std::move(down).error());
      return true;  // still upgraded: the walk goes on
    }
    if (auto reverted = runner_.Apply(*down); !reverted) {
      // Rolled back, so still upgraded, unless it ran outside a transaction.
      const bool partial = file.transaction == script::TransactionMode::kNone;
      problems_.push_back(std::move(reverted).error().WithContext(
          "  revision " + id + ": its downgrade fails" +
          (partial ? "; it ran without a transaction, so the migrations after it were not tested"
                   : "")));
      return !partial;
    }
    MIGRATE_ASSIGN_OR_RETURN(engine::SchemaFingerprint after, Fingerprint());
    const std::vector<std::string> diff = engine::FingerprintDiff(before, after);
    if (!diff.empty()) problems_.push_back(NotRestored(file, *downgrade, diff));
    if (auto again = runner_.Apply(up); !again) {
      problems_.push_back(std::move(again).error().WithContext(
          "  revision " + id + " fails when upgraded again after its downgrade; the migrations " +
          "after it were not tested"));
      return false;
    }
    if (diff.empty()) {
      ++round_tripped_;
      ctx_.reporter.Info("✓ " + id + "  upgrade, downgrade, upgrade: schema restored");
    }
    return true;
  }

  std::vector<base::Status>& problems() { return problems_; }
  const std::vector<std::string>& irreversible() const { return irreversible_; }
  int round_tripped() const { return round_tripped_; }

 private:
  base::Result<engine::SchemaFingerprint> Fingerprint() {
    return engine::FingerprintSchema(*session_.conn, session_.store->tables());
  }

  Context& ctx_;
  DatabaseSession& session_;
  engine::Runner runner_;
  std::vector<base::Status> problems_;
  std::vector<std::string> irreversible_;
  int round_tripped_ = 0;
};

}  // namespace

base::Status RoundTrip(Context& ctx, const RoundTripArgs& args) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs));
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session, OpenSession(ctx, Locking::kMigrationLock));
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, session.store->CurrentHeads());
  if (!heads.empty() && !args.force) {
    return base::Status::InvalidInput(
        "`migrate test` needs a scratch database, and " + session.conn->RedactedUrl() +
        " records revision(s) " + base::Join({heads.begin(), heads.end()}) +
        ": it upgrades and downgrades every migration; point --url at a scratch database, "
        "or pass --force to walk from where it is");
  }
  graph::Target all_heads;
  all_heads.anchor = graph::Target::Anchor::kHeads;
  all_heads.text = "heads";
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> plan,
                           project.graph().UpgradePath(heads, all_heads));
  MIGRATE_ASSIGN_OR_RETURN(engine::PreflightResult preflight,
                           engine::Preflight(project, plan, Direction::kUpgrade, heads,
                                             *session.conn, *session.store));
  if (!preflight.problems.empty()) {
    return ReportProblems(ctx.reporter, std::move(preflight.problems), "preflight",
                          "; nothing was changed");
  }

  RoundTripWalk walk(ctx, project, session);
  for (const engine::MigrationStep& step : preflight.steps) {
    MIGRATE_ASSIGN_OR_RETURN(bool go_on, walk.Walk(step));
    if (!go_on) break;
  }
  if (!walk.problems().empty()) {
    return ReportProblems(ctx.reporter, std::move(walk.problems()), "test", "");
  }
  const std::size_t irreversible = walk.irreversible().size();
  std::string summary = "OK: " + std::to_string(walk.round_tripped()) +
                        (walk.round_tripped() == 1 ? " migration" : " migrations") +
                        " round-tripped";
  if (irreversible > 0) {
    summary += ", " + std::to_string(irreversible) + " irreversible (" +
               base::Join(walk.irreversible()) + ") only upgraded";
  }
  ctx.reporter.Info(summary + "; the database is at head");
  return base::Status::OK();
}

}  // namespace migrate::commands
