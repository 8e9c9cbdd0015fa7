#include "migrator/engine/drift.h"

#include <map>
#include <set>

#include "migrator/engine/migration_step.h"
#include "migrator/script/sql_lexer.h"
#include "migrator/verify/implied_effects.h"
#include "migrator/verify/verifier.h"

namespace migrate::engine {

namespace {

// The object a postcondition is about, as one key: a column is about its
// table, so a later change to the table supersedes earlier column facts.
std::string ObjectKey(const script::Postcondition& p) {
  const script::ObjectKind kind =
      p.object_kind == script::ObjectKind::kColumn ? script::ObjectKind::kTable : p.object_kind;
  return std::to_string(static_cast<int>(kind)) + ":" + verify::FoldName(p.object.schema) + "." +
         verify::FoldName(p.object.name);
}

}  // namespace

base::Result<DriftReport> FindDrift(const Project& project, const std::set<std::string>& heads,
                                    db::Connection& conn) {
  const std::set<std::string> applied = project.graph().AppliedFromHeads(heads);
  const db::Dialect& dialect = conn.dialect();

  std::vector<MigrationStep> steps;  // the applied chain, in the order it ran
  for (const std::string& revision : project.graph().TopologicalOrder()) {
    if (applied.count(revision) == 0) continue;
    MIGRATE_ASSIGN_OR_RETURN(MigrationStep step,
                             PrepareStep(*project.File(revision), Direction::kUpgrade, dialect));
    steps.push_back(std::move(step));
  }
  // What each statement of the chain did, as the database's grammar says
  // (SQLite replays the chain in a private in-memory database).
  std::vector<script::Statement> all;
  for (const MigrationStep& step : steps) {
    all.insert(all.end(), step.statements.begin(), step.statements.end());
  }
  std::vector<script::StatementIntent> intents = dialect.DescribeOffline(all);
  std::vector<verify::DescribedStatement> chain;
  std::map<std::string, std::size_t> position;  // file -> index in the chain
  std::size_t next = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    position[steps[i].file->path] = i;
    for (const script::Statement& statement : steps[i].statements) {
      chain.push_back(verify::DescribedStatement{&statement, std::move(intents[next++]),
                                                 steps[i].file->path});
    }
  }
  std::vector<script::Postcondition> expected = verify::InferEffects(chain);

  // The last migration that changed each object, by the folded chain.
  std::map<std::string, std::size_t> last_change;
  for (const script::Postcondition& p : expected) {
    std::size_t& last = last_change[ObjectKey(p)];
    last = std::max(last, position[p.origin.file]);
  }
  std::set<std::string> inferred;
  for (const script::Postcondition& p : expected) inferred.insert(p.Describe());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    for (const script::Postcondition& declared : steps[i].file->expectations) {
      if (declared.kind == script::Postcondition::Kind::kRowCount ||
          declared.kind == script::Postcondition::Kind::kRowsDeleted) {
        continue;
      }
      if (inferred.count(declared.Describe()) > 0) continue;  // checked once
      auto changed = last_change.find(ObjectKey(declared));
      if (changed != last_change.end() && changed->second > i) continue;  // superseded
      expected.push_back(declared);
    }
  }

  DriftReport report;
  report.migrations = static_cast<int>(steps.size());
  report.postconditions = static_cast<int>(expected.size());
  MIGRATE_ASSIGN_OR_RETURN(report.drift, verify::CheckPostconditions(conn, expected));

  // Verify sections, unless a later migration changed a table they read.
  std::map<std::string, std::size_t> last_change_by_name;
  for (const script::Postcondition& p : expected) {
    std::size_t& last = last_change_by_name[verify::FoldName(p.object.name)];
    last = std::max(last, position[p.origin.file]);
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].verify.empty()) continue;
    bool superseded = false;
    for (const std::string& name : script::NamesIn(steps[i].verify, dialect.Splitter())) {
      auto changed = last_change_by_name.find(name);
      superseded = superseded || (changed != last_change_by_name.end() && changed->second > i);
    }
    if (superseded) continue;
    ++report.postconditions;
    base::Status verified = verify::RunVerifySection(conn, steps[i].verify, steps[i].file->path);
    if (!verified.ok()) report.drift.push_back(std::move(verified));
  }
  return report;
}

}  // namespace migrate::engine
