#include "migrator/report/json_reporter.h"

namespace migrate::report {

namespace {

using nlohmann::json;

const char* DirectionName(StepDirection d) {
  switch (d) {
    case StepDirection::kUpgrade: return "upgrade";
    case StepDirection::kDowngrade: return "downgrade";
    case StepDirection::kRedo: return "redo";
  }
  return "upgrade";
}

const char* CodeName(base::StatusCode code) {
  switch (code) {
    case base::StatusCode::kOk: return "ok";
    case base::StatusCode::kInvalidInput: return "invalid_input";
    case base::StatusCode::kNotFound: return "not_found";
    case base::StatusCode::kFailedPrecondition: return "failed_precondition";
    case base::StatusCode::kDatabase: return "database";
    case base::StatusCode::kVerificationFailed: return "verification_failed";
    case base::StatusCode::kTimeout: return "timeout";
    case base::StatusCode::kInternal: return "internal";
    case base::StatusCode::kInterrupted: return "interrupted";
  }
  return "internal";
}

// The data ledger: one object per table, in the ledger's order.
json LedgerJson(const base::RowLedger& ledger) {
  json list = json::array();
  for (const base::TableRowChanges& t : ledger) {
    list.push_back(json{{"table", t.table},
                        {"inserted", t.inserted},
                        {"updated", t.updated},
                        {"deleted", t.deleted}});
  }
  return list;
}

json RevisionList(const std::vector<RevisionInfo>& revisions) {
  json list = json::array();
  for (const RevisionInfo& r : revisions) list.push_back(JsonReporter::RevisionJson(r));
  return list;
}

}  // namespace

JsonReporter::JsonReporter(std::ostream& out) : out_(out) { document_["problems"] = json::array(); }

json JsonReporter::RevisionJson(const RevisionInfo& r) {
  return json{{"revision", r.id},
              {"parents", r.parents},
              {"children", r.children},
              {"branch_labels", r.branch_labels},
              {"depends_on", r.depends_on},
              {"message", r.message},
              {"path", r.path},
              {"is_head", r.is_head},
              {"is_base", r.is_base},
              {"is_branch_point", r.is_branch_point},
              {"is_merge_point", r.is_merge_point},
              {"is_current", r.is_current}};
}

json JsonReporter::ProblemJson(const base::Status& p) {
  json problem{{"code", CodeName(p.code())}, {"message", p.message()}, {"context", p.context()}};
  problem["file"] = p.location() ? json(p.location()->file) : json(nullptr);
  problem["line"] = p.location() && p.location()->line > 0 ? json(p.location()->line) : json(nullptr);
  problem["sqlstate"] = p.database() && !p.database()->sqlstate.empty()
                            ? json(p.database()->sqlstate)
                            : json(nullptr);
  return problem;
}

void JsonReporter::PlanReady(StepDirection direction, const std::vector<RevisionInfo>& steps) {
  document_["direction"] = DirectionName(direction);
  document_["planned"] = RevisionList(steps);
  document_["steps"] = json::array();
}

void JsonReporter::StepStarted(const RevisionInfo&, StepDirection) {}

void JsonReporter::StepFinished(const StepOutcome& o) {
  document_["steps"].push_back(json{{"revision", o.revision},
                                    {"message", o.summary},
                                    {"direction", DirectionName(o.direction)},
                                    {"duration_ms", o.duration.count()},
                                    {"statements", o.statements},
                                    {"verified", o.verified},
                                    {"skipped", o.skipped},
                                    {"empty", o.empty},
                                    {"rows", LedgerJson(o.rows)}});
}

void JsonReporter::Waiting(const std::string& what) { document_["waiting"].push_back(what); }

void JsonReporter::Heads(const std::vector<RevisionInfo>& heads) {
  document_["heads"] = RevisionList(heads);
}

void JsonReporter::History(const std::vector<RevisionInfo>& revisions) {
  document_["history"] = RevisionList(revisions);
}

void JsonReporter::Branches(const std::vector<RevisionInfo>& branch_points,
                            const std::vector<RevisionInfo>&) {
  document_["branches"] = RevisionList(branch_points);
}

// `applied` and `rows` only when a database was asked: their absence, not
// a false, says that show read the files alone.
void JsonReporter::Show(const RevisionDetail& detail) {
  json revision = RevisionJson(detail.revision);
  if (detail.applied) {
    revision["applied"] = *detail.applied;
    revision["applied_by"] = detail.applied_by.empty() ? json(nullptr) : json(detail.applied_by);
    revision["rows"] = LedgerJson(detail.rows);
  }
  document_["revision"] = std::move(revision);
}

// Unknown revisions have no file to describe them: their ids alone, under
// a key of their own, so that every entry of `current` is a whole revision.
void JsonReporter::Current(const std::vector<RevisionInfo>& current,
                           const std::vector<std::string>& unknown) {
  document_["current"] = RevisionList(current);
  if (!unknown.empty()) document_["unknown_revisions"] = unknown;
}

void JsonReporter::StatusTable(const std::vector<StatusRow>& rows) {
  json list = json::array();
  for (const StatusRow& row : rows) {
    json entry = RevisionJson(row.revision);
    entry["applied"] = row.applied;
    const bool timed = !row.applied_at.empty();
    entry["applied_at"] = timed ? json(row.applied_at) : json(nullptr);
    entry["applied_by"] = row.applied_by.empty() ? json(nullptr) : json(row.applied_by);
    entry["duration_ms"] = timed ? json(row.duration.count()) : json(nullptr);
    entry["rows"] = LedgerJson(row.rows);
    entry["state"] = RevisionStateName(StateOf(row));
    entry["edited"] = row.edited;
    entry["drift"] = row.drift;
    entry["incomplete"] = row.incomplete.empty() ? json(nullptr) : json(row.incomplete);
    list.push_back(std::move(entry));
  }
  document_["status"] = std::move(list);
}

void JsonReporter::DatabaseStatus(const std::vector<DatabaseCheck>& checks) {
  json list = json::array();
  for (const DatabaseCheck& check : checks) {
    const char* state = "not_checked";
    switch (check.state) {
      case DatabaseCheck::State::kOk: state = "ok"; break;
      case DatabaseCheck::State::kFailed: state = "failed"; break;
      case DatabaseCheck::State::kUnknown: state = "unknown"; break;
      case DatabaseCheck::State::kNotChecked: state = "not_checked"; break;
    }
    list.push_back(json{{"name", check.name},
                        {"state", state},
                        {"detail", check.detail},
                        {"fix", check.fix.empty() ? json(nullptr) : json(check.fix)}});
  }
  document_["checks"] = std::move(list);
}

void JsonReporter::Sql(const std::string& script) { document_["sql"] = script; }

void JsonReporter::Info(const std::string& message) { document_["messages"].push_back(message); }

void JsonReporter::Problem(const base::Status& problem) {
  document_["problems"].push_back(ProblemJson(problem));
}

void JsonReporter::Finish(int exit_code) {
  document_["exit_code"] = exit_code;
  out_ << document_.dump(2) << "\n";
}

}  // namespace migrate::report
