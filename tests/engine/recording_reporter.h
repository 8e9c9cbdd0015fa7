// RecordingReporter: a report::Reporter that remembers everything it is
// told, so engine tests can assert on what a command reported — the plan,
// each step's start and outcome, problems, the current revisions — instead
// of on formatted output.
//
// Every call is kept twice: as a structured value (plans(), outcomes(),
// problems(), ...) for precise checks, and as one line in events(), in call
// order, for checks on the sequence ("plan upgrade: r001 r002",
// "start upgrade r001", "finish upgrade r001", "problem: <Status::ToString()>").
//
// Thread safety: like every Reporter, used by one thread at a time; tests
// that run commands on several threads give each its own.

#ifndef MIGRATOR_TESTS_ENGINE_RECORDING_REPORTER_H_
#define MIGRATOR_TESTS_ENGINE_RECORDING_REPORTER_H_

#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/report/reporter.h"

namespace migrate::testing {

class RecordingReporter final : public report::Reporter {
 public:
  struct Plan {
    report::StepDirection direction = report::StepDirection::kUpgrade;
    std::vector<std::string> revisions;
  };

  void PlanReady(report::StepDirection direction,
                 const std::vector<report::RevisionInfo>& steps) override {
    Plan plan{direction, Ids(steps)};
    std::string line = std::string("plan ") + Name(direction) + ":";
    for (const std::string& id : plan.revisions) line += " " + id;
    plans_.push_back(std::move(plan));
    events_.push_back(std::move(line));
  }

  void StepStarted(const report::RevisionInfo& revision, report::StepDirection direction) override {
    started_.push_back(revision.id);
    events_.push_back(std::string("start ") + Name(direction) + " " + revision.id);
  }

  void StepFinished(const report::StepOutcome& outcome) override {
    outcomes_.push_back(outcome);
    std::string line = std::string("finish ") + Name(outcome.direction) + " " + outcome.revision;
    if (outcome.skipped) line += " (skipped)";
    if (outcome.empty) line += " (empty)";
    events_.push_back(std::move(line));
  }

  void Waiting(const std::string& what) override {
    waiting_.push_back(what);
    events_.push_back("waiting: " + what);
  }

  void Heads(const std::vector<report::RevisionInfo>& heads) override {
    events_.push_back("heads: " + Join(Ids(heads)));
  }

  void History(const std::vector<report::RevisionInfo>& revisions) override {
    events_.push_back("history: " + Join(Ids(revisions)));
  }

  void Branches(const std::vector<report::RevisionInfo>& branch_points,
                const std::vector<report::RevisionInfo>& /*all*/) override {
    events_.push_back("branches: " + Join(Ids(branch_points)));
  }

  void Show(const report::RevisionDetail& detail) override {
    events_.push_back("show: " + detail.revision.id);
  }

  void Current(const std::vector<report::RevisionInfo>& current,
               const std::vector<std::string>& unknown) override {
    current_ = Ids(current);
    unknown_ = unknown;
    events_.push_back("current: " + Join(current_) +
                      (unknown.empty() ? "" : "; unknown: " + Join(unknown)));
  }

  void StatusTable(const std::vector<report::StatusRow>& rows) override {
    status_rows_ = rows;
    std::string line = "status:";
    for (const report::StatusRow& row : rows) {
      line += " " + row.revision.id + (row.applied ? "=applied" : "=pending");
    }
    events_.push_back(std::move(line));
  }

  void DatabaseStatus(const std::vector<report::DatabaseCheck>& checks) override {
    database_checks_ = checks;
    std::string line = "db status:";
    for (const report::DatabaseCheck& check : checks) {
      line += " " + check.name + "=" + StateName(check.state);
    }
    events_.push_back(std::move(line));
  }

  void Sql(const std::string& script) override {
    sql_.push_back(script);
    events_.push_back("sql");
  }

  void Info(const std::string& message) override {
    info_.push_back(message);
    events_.push_back("info: " + message);
  }

  void Problem(const base::Status& problem) override {
    problems_.push_back(problem);
    events_.push_back("problem: " + problem.ToString());
  }

  void Finish(int exit_code) override {
    finish_codes_.push_back(exit_code);
    events_.push_back("finish: " + std::to_string(exit_code));
  }

  /// Forgets everything recorded so far.
  void Clear() { *this = RecordingReporter(); }

  const std::vector<std::string>& events() const { return events_; }
  const std::vector<Plan>& plans() const { return plans_; }
  /// Revision ids, in the order their steps started.
  const std::vector<std::string>& started() const { return started_; }
  const std::vector<report::StepOutcome>& outcomes() const { return outcomes_; }
  const std::vector<std::string>& waiting() const { return waiting_; }
  /// The ids of the last Current() call (empty if none, or at base).
  const std::vector<std::string>& current() const { return current_; }
  /// The unknown revisions of the last Current() call.
  const std::vector<std::string>& unknown() const { return unknown_; }
  /// The rows of the last StatusTable() call.
  const std::vector<report::StatusRow>& status_rows() const { return status_rows_; }
  /// The checks of the last DatabaseStatus() call.
  const std::vector<report::DatabaseCheck>& database_checks() const { return database_checks_; }
  const std::vector<std::string>& sql() const { return sql_; }
  const std::vector<std::string>& info() const { return info_; }
  const std::vector<base::Status>& problems() const { return problems_; }
  const std::vector<int>& finish_codes() const { return finish_codes_; }

 private:
  static const char* StateName(report::DatabaseCheck::State state) {
    switch (state) {
      case report::DatabaseCheck::State::kOk: return "ok";
      case report::DatabaseCheck::State::kFailed: return "failed";
      case report::DatabaseCheck::State::kUnknown: return "unknown";
      case report::DatabaseCheck::State::kNotChecked: return "not_checked";
    }
    return "?";
  }

  static const char* Name(report::StepDirection direction) {
    switch (direction) {
      case report::StepDirection::kUpgrade: return "upgrade";
      case report::StepDirection::kDowngrade: return "downgrade";
      case report::StepDirection::kRedo: return "redo";
    }
    return "upgrade";
  }
  static std::vector<std::string> Ids(const std::vector<report::RevisionInfo>& infos) {
    std::vector<std::string> ids;
    for (const report::RevisionInfo& info : infos) ids.push_back(info.id);
    return ids;
  }
  static std::string Join(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) out += (out.empty() ? "" : " ") + id;
    return out;
  }

  std::vector<std::string> events_;
  std::vector<Plan> plans_;
  std::vector<std::string> started_;
  std::vector<report::StepOutcome> outcomes_;
  std::vector<std::string> waiting_;
  std::vector<std::string> current_;
  std::vector<std::string> unknown_;
  std::vector<report::StatusRow> status_rows_;
  std::vector<report::DatabaseCheck> database_checks_;
  std::vector<std::string> sql_;
  std::vector<std::string> info_;
  std::vector<base::Status> problems_;
  std::vector<int> finish_codes_;
};

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_ENGINE_RECORDING_REPORTER_H_
