// CollectingReporter: a Reporter that keeps what a command tells it instead
// of printing it, for programs that run commands in-process (the embedding
// API in migrator.h, tests, an application with its own logging). Problems
// are kept as their full text (Status::ToString(): "file:line: message" and
// the context lines under it).
//
// Thread safety: as every Reporter, used by one thread at a time; give each
// concurrent command its own.

#ifndef MIGRATOR_EMBED_COLLECTING_REPORTER_H_
#define MIGRATOR_EMBED_COLLECTING_REPORTER_H_

#include <optional>
#include <string>
#include <vector>

#include "migrator/report/reporter.h"

namespace migrate::embed {

class CollectingReporter final : public report::Reporter {
 public:
  /// Every migration that finished, in order (skipped ones included).
  const std::vector<report::StepOutcome>& outcomes() const { return outcomes_; }
  /// The revisions this run applied or reverted itself, in order.
  std::vector<std::string> Ran() const;
  /// The revisions another process applied meanwhile (nothing ran here).
  std::vector<std::string> Skipped() const;
  /// Each problem's full text, in the order reported.
  const std::vector<std::string>& problems() const { return problems_; }
  /// What the command waited for (the migration lock, the database).
  const std::vector<std::string>& waiting() const { return waiting_; }
  /// One-line messages for people (Info).
  const std::vector<std::string>& messages() const { return messages_; }
  /// The revisions `current` reported.
  const std::vector<report::RevisionInfo>& current() const { return current_; }
  /// The exit code given to Finish; nullopt before it.
  std::optional<int> exit_code() const { return exit_code_; }

  void PlanReady(report::StepDirection direction,
                 const std::vector<report::RevisionInfo>& steps) override;
  void StepStarted(const report::RevisionInfo& revision, report::StepDirection direction) override;
  void StepFinished(const report::StepOutcome& outcome) override;
  void Waiting(const std::string& what) override;
  void Heads(const std::vector<report::RevisionInfo>& heads) override;
  void History(const std::vector<report::RevisionInfo>& revisions) override;
  void Branches(const std::vector<report::RevisionInfo>& branch_points,
                const std::vector<report::RevisionInfo>& all) override;
  void Show(const report::RevisionDetail& detail) override;
  void Current(const std::vector<report::RevisionInfo>& current,
               const std::vector<std::string>& unknown) override;
  void StatusTable(const std::vector<report::StatusRow>& rows) override;
  void DatabaseStatus(const std::vector<report::DatabaseCheck>& checks) override;
  void Sql(const std::string& script) override;
  void Info(const std::string& message) override;
  void Problem(const base::Status& problem) override;
  void Finish(int exit_code) override;

 private:
  std::vector<report::StepOutcome> outcomes_;
  std::vector<std::string> problems_;
  std::vector<std::string> waiting_;
  std::vector<std::string> messages_;
  std::vector<report::RevisionInfo> current_;
  std::optional<int> exit_code_;
};

}  // namespace migrate::embed

#endif  // MIGRATOR_EMBED_COLLECTING_REPORTER_H_
