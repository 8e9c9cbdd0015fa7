#include "migrator/embed/collecting_reporter.h"

namespace migrate::embed {

std::vector<std::string> CollectingReporter::Ran() const {
  std::vector<std::string> ran;
  for (const report::StepOutcome& o : outcomes_) {
    if (!o.skipped) ran.push_back(o.revision);
  }
  return ran;
}

std::vector<std::string> CollectingReporter::Skipped() const {
  std::vector<std::string> skipped;
  for (const report::StepOutcome& o : outcomes_) {
    if (o.skipped) skipped.push_back(o.revision);
  }
  return skipped;
}

// The plan and the read commands' results are not kept: an embedding
// program asks for what it needs through the outcomes and problems.
void CollectingReporter::PlanReady(report::StepDirection,
                                   const std::vector<report::RevisionInfo>&) {}
void CollectingReporter::StepStarted(const report::RevisionInfo&, report::StepDirection) {}
void CollectingReporter::StepFinished(const report::StepOutcome& outcome) {
  outcomes_.push_back(outcome);
}
void CollectingReporter::Waiting(const std::string& what) { waiting_.push_back(what); }
void CollectingReporter::Heads(const std::vector<report::RevisionInfo>&) {}
void CollectingReporter::History(const std::vector<report::RevisionInfo>&) {}
void CollectingReporter::Branches(const std::vector<report::RevisionInfo>&,
                                  const std::vector<report::RevisionInfo>&) {}
void CollectingReporter::Show(const report::RevisionDetail&) {}
void CollectingReporter::Current(const std::vector<report::RevisionInfo>& current,
                                 const std::vector<std::string>&) {
  current_ = current;
}
void CollectingReporter::StatusTable(const std::vector<report::StatusRow>&) {}
void CollectingReporter::DatabaseStatus(const std::vector<report::DatabaseCheck>&) {}
void CollectingReporter::Sql(const std::string&) {}
void CollectingReporter::Info(const std::string& message) { messages_.push_back(message); }
void CollectingReporter::Problem(const base::Status& problem) {
  problems_.push_back(problem.ToString());
}
void CollectingReporter::Finish(int exit_code) { exit_code_ = exit_code; }

}  // namespace migrate::embed
