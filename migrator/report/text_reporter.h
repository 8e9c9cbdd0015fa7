// TextReporter: output for people. Results and progress go to `out`,
// problems to `err`. Colour only when asked (the CLI decides: a TTY, TERM
// not dumb, no NO_COLOR). Verbosity: quiet prints only problems; verbose
// adds each statement and its timing before its migration's result line,
// then its data ledger, one line per table ("    rows  items  +3 ~1 -2").
//
// Written for logs as much as for terminals: each migration says when it
// starts ("→ 1f73 add index"), so a log cut off mid-migration names it, and
// every line is flushed as soon as it is whole. Only with
// TextOptions::terminal is that line left open, to be rewritten by the
// result line; otherwise no control code is ever written to `out`. Result
// lines are columns: mark, verb, revision (as wide as the plan's widest),
// time taken, message, what was verified:
//   ✓ applied  1f73a2b4c5d6  12ms    add index  ✓ 1 index verified
// A time under a millisecond is "<1ms", in results and in the summary.

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
  /// `out` is a terminal that understands control codes (not TERM=dumb):
  /// a migration's start line is rewritten by its result line.
  bool terminal = false;
  /// `err` is a terminal (not TERM=dumb): a migration still running after `live_after` says
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
  void Current(const std::vector<RevisionInfo>& current,
               const std::vector<std::string>& unknown) override;
  void StatusTable(const std::vector<StatusRow>& rows) override;
  void DatabaseStatus(const std::vector<DatabaseCheck>& checks) override;
  void Sql(const std::string& script) override;
  void Info(const std::string& message) override;
  void Problem(const base::Status& problem) override;
  void Finish(int exit_code) override;

 private:
  std::string Paint(const char* ansi, const std::string& text) const;
  /// Ends the start line left open on a terminal, before anything else is
  /// written below it.
  void EndOpenLine();
  /// "<id> (label) (head) (current)": the id and its markers.
  std::string Decorated(const RevisionInfo& revision, bool mark_current = true) const;
  /// One row of StatusTable, its columns that wide.
  std::string StatusLine(const StatusRow& row, std::size_t id_width, std::size_t state_width) const;

  std::ostream& out_;
  std::ostream& err_;
  TextOptions options_;
  int steps_done_ = 0;
  int steps_skipped_ = 0;
  StepDirection direction_ = StepDirection::kUpgrade;
  std::vector<std::string> redone_;  // the revisions of a kRedo plan
  std::chrono::milliseconds total_{0};
  bool planned_ = false;
  std::size_t id_width_ = 0;  // the plan's widest revision id, for the result columns
  bool line_open_ = false;    // a start line waits for its result (options_.terminal)
  std::unique_ptr<ProgressTicker> ticker_;  // set when options_.live
};

/// "<1ms" under a millisecond, "12ms" under a second, "3.25s" above: how
/// long a migration, or all of them, took.
std::string FormatElapsed(std::chrono::milliseconds d);

}  // namespace migrate::report

#endif  // MIGRATOR_REPORT_TEXT_REPORTER_H_
