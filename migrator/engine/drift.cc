#include "migrator/engine/drift.h"

#include <deque>
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

// A migration with a statement the grammar could not read (a DO block)
// says what that did by its `expect: no ...` lines: each is folded as the
// drop it declares, after the migration's statements, so what the database
// drops with the object is forgotten as it would be after a DROP. The
// lines' text is kept in `declarations` (the chain points into it).
void AppendDeclaredDrops(const MigrationStep& step, std::deque<script::Statement>* declarations,
                         std::vector<verify::DescribedStatement>* chain) {
  for (const script::Postcondition& declared : step.file->expectations) {
    if (declared.kind != script::Postcondition::Kind::kAbsent) continue;
    script::Intent drop{.action = declared.object_kind == script::ObjectKind::kColumn
                                      ? script::Intent::Action::kDropColumn
                                      : script::Intent::Action::kDrop,
                        .kind = declared.object_kind == script::ObjectKind::kColumn
                                    ? script::ObjectKind::kTable
                                    : declared.object_kind,
                        .object = declared.object,
                        .column = declared.column};
    declarations->push_back(script::Statement{declared.source, declared.origin.line});
    chain->push_back(verify::DescribedStatement{
        &declarations->back(), script::StatementIntent{.intents = {std::move(drop)}},
        step.file->path});
  }
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
  // What each statement of the chain did, as the database's grammar says:
  // read with each step where the dialect can (PostgreSQL); else the chain
  // is replayed (SQLite, in a private in-memory database).
  std::vector<script::StatementIntent> replayed;
  if (!dialect.DescribesWithoutDatabase()) {
    std::vector<script::Statement> all;
    for (const MigrationStep& step : steps) {
      all.insert(all.end(), step.statements.begin(), step.statements.end());
    }
    replayed = dialect.DescribeOffline(all);
  }
  std::vector<verify::DescribedStatement> chain;
  std::map<std::string, std::size_t> position;  // file -> index in the chain
  std::deque<script::Statement> declarations;   // the `expect:` lines folded as drops
  std::size_t next = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    position[steps[i].file->path] = i;
    bool all_understood = true;
    for (std::size_t k = 0; k < steps[i].statements.size(); ++k, ++next) {
      script::StatementIntent intent =
          k < steps[i].intents.size() ? steps[i].intents[k] : std::move(replayed[next]);
      all_understood = all_understood && intent.understood;
      chain.push_back(verify::DescribedStatement{&steps[i].statements[k], std::move(intent),
                                                 steps[i].file->path});
    }
    if (!all_understood) AppendDeclaredDrops(steps[i], &declarations, &chain);
  }
  verify::FoldedEffects folded = verify::FoldEffects(chain);
  std::vector<script::Postcondition>& expected = folded.postconditions;

  // What a later migration says supersedes what an earlier one said about
  // the same object. By its statements: a later drop or rename supersedes an
  // earlier `expect:` line. By an `expect:` line about the object itself (not
  // one of its columns): `expect: no table x`, after a DO block dropped x,
  // supersedes an earlier CREATE TABLE x.
  auto is_state = [](const script::Postcondition& p) {
    return p.kind != script::Postcondition::Kind::kRowCount &&
           p.kind != script::Postcondition::Kind::kRowsDeleted;
  };
  auto latest = [](std::map<std::string, std::size_t>& last, const std::string& key,
                   std::size_t at) { last[key] = std::max(last[key], at); };
  std::map<std::string, std::size_t> last_change;    // by statements
  std::map<std::string, std::size_t> last_declared;  // by expect: lines about the object itself
  for (const script::Postcondition& p : expected) {
    latest(last_change, ObjectKey(p), position[p.origin.file]);
  }
  for (const script::Postcondition& p : folded.taken) {
    latest(last_change, ObjectKey(p), position[p.origin.file]);
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    for (const script::Postcondition& declared : steps[i].file->expectations) {
      if (is_state(declared) && declared.object_kind != script::ObjectKind::kColumn) {
        latest(last_declared, ObjectKey(declared), i);
      }
    }
  }
  std::erase_if(expected, [&](const script::Postcondition& p) {
    auto declared = last_declared.find(ObjectKey(p));
    return declared != last_declared.end() && declared->second > position[p.origin.file];
  });
  std::set<std::string> inferred;
  for (const script::Postcondition& p : expected) inferred.insert(p.Describe());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    for (const script::Postcondition& declared : steps[i].file->expectations) {
      if (!is_state(declared) || inferred.count(declared.Describe()) > 0) continue;
      auto changed = last_change.find(ObjectKey(declared));
      if (changed != last_change.end() && changed->second > i) continue;  // superseded
      expected.push_back(declared);
    }
  }

  DriftReport report;
  report.migrations = static_cast<int>(steps.size());
  report.postconditions = static_cast<int>(expected.size());
  MIGRATE_ASSIGN_OR_RETURN(report.drift, verify::CheckPostconditions(conn, expected));

  // Verify sections, unless a later migration changed (or implicitly
  // dropped) a table they read.
  std::map<std::string, std::size_t> last_change_by_name;
  for (const std::vector<script::Postcondition>* facts : {&expected, &folded.taken}) {
    for (const script::Postcondition& p : *facts) {
      latest(last_change_by_name, verify::FoldName(p.object.name), position[p.origin.file]);
    }
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
    base::Status verified = verify::RerunVerifySection(conn, steps[i].verify, steps[i].file->path);
    if (!verified.ok()) report.drift.push_back(std::move(verified));
  }
  return report;
}

}  // namespace migrate::engine
