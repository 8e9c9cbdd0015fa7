// TextReporter: output for people. Results and progress go to `out`,
// problems to `err`. Colour only when asked (the CLI decides: a TTY and no
// NO_COLOR). Verbosity: quiet prints only problems; verbose adds each
// statement and its timing under its migration, then its data ledger, one
// line per table ("    rows  items  +3 ~1 -2").

#ifndef MIGRATOR_REPORT_TEXT_REPORTER_H_
#define MIGRATOR_REPORT_TEXT_REPORTER_H_

#include <chrono>
#include <memory>
#include <ostream>

#include "migrator/report/progress_ticker.h"
#include "migrator/report/reporter.h"

namespace migrate::report {

struct TextOptions {
  bool color = false;
  bool quiet = false;    // -q: only problems
  bool verbose = false;  // -v: more detail, each statement with its timing, the rows changed
  /// `err` is a terminal: a migration still running after `live_after` says
  /// so on one line, redrawn every `live_every` (progress_ticker.h).
  bool live = false;
  std::chrono::milliseconds live_after{2000};
  std::chrono::milliseconds live_every{1000};
};

class TextReporter final : public Reporter {
 public:
  /// REQUIRES: `out` and `err` outlive the reporter.
  TextReporter(std::ostream& out, std::ostream& err, TextOptions options);

  void PlanReady(StepDirection direction, const std::vector<RevisionInfo>& steps) override;
  void StepStarted(const RevisionInfo& revision, StepDirection direction) override;
  void StepFinished(const StepOutcome& outcome) override;
  void Waiting(const std::string& what) override;
  void Heads(const std::vector<RevisionInfo>& heads) override;
  void History(const std::vector<RevisionInfo>& revisions) override;
  void Branches(const std::vector<RevisionInfo>& branch_points,
                const std::vector<RevisionInfo>& all) override;
  void Show(const RevisionDetail& detail) override;
  void Current(const std::vector<RevisionInfo>& current) override;
  void StatusTable(const std::vector<StatusRow>& rows) override;
  void DatabaseStatus(const std::vector<DatabaseCheck>& checks) override;
  void Sql(const std::string& script) override;
  void Info(const std::string& message) override;
  void Problem(const base::Status& problem) override;
  void Finish(int exit_code) override;

 private:
  std::string Paint(const char* ansi, const std::string& text) const;
  /// "<id> (label) (head) (current)": the id and its markers.
  std::string Decorated(const RevisionInfo& revision, bool mark_current = true) const;

  std::ostream& out_;
  std::ostream& err_;
  TextOptions options_;
  int steps_done_ = 0;
  int steps_skipped_ = 0;
  StepDirection direction_ = StepDirection::kUpgrade;
  std::chrono::milliseconds total_{0};
  bool planned_ = false;
  std::unique_ptr<ProgressTicker> ticker_;  // set when options_.live
};

}  // namespace migrate::report

#endif  // MIGRATOR_REPORT_TEXT_REPORTER_H_
