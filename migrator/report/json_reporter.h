// JsonReporter: output for programs. Collects everything a command reports
// and writes one JSON object to `out` when the command finishes, so the
// output is always a single parseable document, even on failure. The shape
// is documented in docs/json.md and is a stable interface:
//
//   { "exit_code": 0,
//     "problems": [ {"code", "message", "file", "line", "sqlstate", "context": [...] } ],
//     ...one key per kind of result the command produced: "heads", "history",
//        "branches", "revision", "current", "status", "steps", "sql", "messages", "waiting",
//        "checks" }

#ifndef MIGRATOR_REPORT_JSON_REPORTER_H_
#define MIGRATOR_REPORT_JSON_REPORTER_H_

#include <ostream>

#include <nlohmann/json.hpp>

#include "migrator/report/reporter.h"

namespace migrate::report {

class JsonReporter final : public Reporter {
 public:
  /// REQUIRES: `out` outlives the reporter.
  explicit JsonReporter(std::ostream& out);

  void PlanReady(StepDirection direction, const std::vector<RevisionInfo>& steps) override;
  void StepStarted(const RevisionInfo& revision, StepDirection direction) override;
  void StepFinished(const StepOutcome& outcome) override;
  void Waiting(const std::string& what) override;
  void Heads(const std::vector<RevisionInfo>& heads) override;
  void History(const std::vector<RevisionInfo>& revisions) override;
  void Branches(const std::vector<RevisionInfo>& branch_points,
                const std::vector<RevisionInfo>& all) override;
  void Show(const RevisionDetail& detail) override;
  void Current(const std::vector<RevisionInfo>& current,
               const std::vector<std::string>& unknown) override;
  void StatusTable(const std::vector<StatusRow>& rows) override;
  void DatabaseStatus(const std::vector<DatabaseCheck>& checks) override;
  void Sql(const std::string& script) override;
  void Info(const std::string& message) override;
  void Problem(const base::Status& problem) override;
  void Finish(int exit_code) override;

  /// The JSON of one revision (also used by tests).
  static nlohmann::json RevisionJson(const RevisionInfo& revision);
  /// The JSON of one problem.
  static nlohmann::json ProblemJson(const base::Status& problem);

 private:
  std::ostream& out_;
  nlohmann::json document_ = nlohmann::json::object();
};

}  // namespace migrate::report

#endif  // MIGRATOR_REPORT_JSON_REPORTER_H_
