#include "migrator/report/text_reporter.h"

#include <algorithm>
#include <string_view>

#include "migrator/base/strings.h"

#include <fmt/format.h>

namespace migrate::report {

using base::Join;

namespace {

constexpr const char* kGreen = "\033[32m";
constexpr const char* kRed = "\033[31m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kBold = "\033[1m";
// Back to the start of the line and clear it (terminal only).
constexpr const char* kEraseLine = "\r\033[K";
// The width of the time column of result lines: "999ms", "12.34s".
constexpr std::size_t kTimeWidth = 6;


// "0.42ms" below 10ms, then as FormatElapsed: statements are often sub-millisecond.
std::string StatementElapsed(std::chrono::microseconds d) {
  if (d < std::chrono::milliseconds(10)) return fmt::format("{:.2f}ms", static_cast<double>(d.count()) / 1000.0);
  return FormatElapsed(std::chrono::duration_cast<std::chrono::milliseconds>(d));
}

const char* Verb(StepDirection direction) {
  switch (direction) {
    case StepDirection::kUpgrade: return "upgrade";
    case StepDirection::kDowngrade: return "downgrade";
    case StepDirection::kRedo: return "redo";
  }
  return "upgrade";
}

// The ledger summed over its tables, "+3 ~1 -2" (rows inserted, updated,
// deleted, signed as diff tools count lines); "" when it is empty.
std::string LedgerTotal(const base::RowLedger& ledger) {
  if (ledger.empty()) return "";
  std::int64_t inserted = 0, updated = 0, deleted = 0;
  for (const base::TableRowChanges& t : ledger) {
    inserted += t.inserted;
    updated += t.updated;
    deleted += t.deleted;
  }
  return fmt::format("+{} ~{} -{}", inserted, updated, deleted);
}

// One line per table, each starting with `prefix`, the counts in columns so
// a migration's tables read down: "    rows  items      +3   ~1 -2" under -v,
// "    items      +3   ~1 -2" under show's "Rows changed:".
std::vector<std::string> LedgerLines(const base::RowLedger& ledger, std::string_view prefix) {
  std::size_t table_width = 0, inserted_width = 0, updated_width = 0;
  for (const base::TableRowChanges& t : ledger) {
    table_width = std::max(table_width, t.table.size());
    inserted_width = std::max(inserted_width, fmt::format("+{}", t.inserted).size());
    updated_width = std::max(updated_width, fmt::format("~{}", t.updated).size());
  }
  std::vector<std::string> lines;
  for (const base::TableRowChanges& t : ledger) {
    lines.push_back(fmt::format("{}{:<{}}  {:<{}} {:<{}} -{}", prefix, t.table, table_width,
                                fmt::format("+{}", t.inserted), inserted_width,
                                fmt::format("~{}", t.updated), updated_width, t.deleted));
  }
  return lines;
}

// How a revision the version table records, but no file has, is shown.
constexpr const char* kNoFile = "(no migration file: the database is ahead of this code)";

// What the database records of the revision `show` shows: not applied, or
// the rows its upgrade changed, per table.
std::string RecordedText(bool applied, const base::RowLedger& rows) {
  if (!applied) return "Not applied on this database.\n";
  if (rows.empty()) return "Rows changed: none\n";
  std::string text = "Rows changed:\n";
  for (const std::string& line : LedgerLines(rows, "    ")) text += line + "\n";
  return text;
}

}  // namespace

std::string FormatElapsed(std::chrono::milliseconds d) {
  if (d < std::chrono::milliseconds(1)) return "<1ms";
  if (d < std::chrono::seconds(1)) return fmt::format("{}ms", d.count());
  return fmt::format("{:.2f}s", static_cast<double>(d.count()) / 1000.0);
}

std::string RevisionInfo::Summary() const { return message.substr(0, message.find('\n')); }

TextReporter::TextReporter(std::ostream& out, std::ostream& err, TextOptions options)
    : out_(out), err_(err), options_(options) {
  if (options_.live && !options_.quiet) {
    ticker_ = std::make_unique<ProgressTicker>(err_, options_.live_after, options_.live_every);
  }
}

std::string TextReporter::Paint(const char* ansi, const std::string& text) const {
  return options_.color ? std::string(ansi) + text + "\033[0m" : text;
}

std::string TextReporter::Decorated(const RevisionInfo& r, bool mark_current) const {
  std::string text = r.id;
  if (!r.branch_labels.empty()) text += " (" + Join(r.branch_labels) + ")";
  if (r.is_head) text += " (head)";
  if (r.is_current && mark_current) text += " (current)";
  if (r.is_branch_point) text += " (branchpoint)";
  if (r.is_merge_point) text += " (mergepoint)";
  return text;
}

void TextReporter::EndOpenLine() {
  if (!line_open_) return;
  out_ << "\n" << std::flush;
  line_open_ = false;
}

void TextReporter::PlanReady(StepDirection direction, const std::vector<RevisionInfo>& steps) {
  planned_ = true;
  direction_ = direction;
  if (direction == StepDirection::kRedo) {
    for (const RevisionInfo& step : steps) redone_.push_back(step.id);
  }
  for (const RevisionInfo& step : steps) id_width_ = std::max(id_width_, step.id.size());
  if (options_.quiet) return;
  if (steps.empty()) {
    out_ << "Nothing to " << Verb(direction) << ": the database is already at the target.\n";
  } else if (options_.verbose) {
    out_ << "Planning to " << Verb(direction) << " " << steps.size()
         << (steps.size() == 1 ? " migration\n" : " migrations\n");
  }
}

void TextReporter::StepStarted(const RevisionInfo& revision, StepDirection) {
  if (!options_.quiet) {
    EndOpenLine();
    out_ << "→ " << revision.id << " " << revision.Summary();
    // Left open for the result line to rewrite, unless -v prints the
    // statements between them.
    if (options_.terminal && !options_.verbose) {
      line_open_ = true;
    } else {
      out_ << "\n";
    }
    out_ << std::flush;
  }
  if (ticker_) ticker_->Start(revision.id + " " + revision.Summary());
}

void TextReporter::StepFinished(const StepOutcome& o) {
  if (ticker_) ticker_->Stop();
  total_ += o.duration;
  if (o.skipped) {
    ++steps_skipped_;
  } else {
    ++steps_done_;
  }
  if (options_.quiet) return;
  if (options_.verbose) {
    for (const StatementTiming& t : o.statement_timings) {
      out_ << fmt::format("    {:>9}  line {}: {}\n", StatementElapsed(t.duration), t.line, t.sql);
    }
  }
  const std::string took = o.skipped ? "" : FormatElapsed(o.duration);
  std::string line = fmt::format(
      "{} {} {}  {:<{}}  {}", o.skipped ? "-" : Paint(kGreen, "✓"),
      o.direction == StepDirection::kUpgrade ? "applied " : "reverted",
      Paint(kBold, fmt::format("{:<{}}", o.revision, id_width_)), took, kTimeWidth, o.summary);
  if (o.skipped) {
    line += "  (already applied by another process)";
  } else if (o.empty) {
    line += "  (no statements)";
  } else if (!o.verified.empty()) {
    line += "  ✓ " + Join(o.verified) + " verified";
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  if (line_open_) out_ << kEraseLine;
  line_open_ = false;
  out_ << line << "\n";
  if (options_.verbose) {
    for (const std::string& ledger_line : LedgerLines(o.rows, "    rows  ")) {
      out_ << ledger_line << "\n";
    }
  }
  out_ << std::flush;
}

void TextReporter::Waiting(const std::string& what) {
  if (options_.quiet) return;
  EndOpenLine();
  err_ << Paint(kYellow, "Waiting: ") << what << "\n" << std::flush;
}

void TextReporter::Heads(const std::vector<RevisionInfo>& heads) {
  for (const RevisionInfo& h : heads) out_ << Decorated(h) << ", " << h.Summary() << "\n";
}

void TextReporter::History(const std::vector<RevisionInfo>& revisions) {
  for (const RevisionInfo& r : revisions) {
    std::string parents = r.parents.empty()         ? "<base>"
                          : r.parents.size() == 1 ? r.parents[0]
                                                  : "(" + Join(r.parents) + ")";
    out_ << parents << " -> " << Decorated(r) << ", " << r.Summary() << "\n";
  }
}

void TextReporter::Branches(const std::vector<RevisionInfo>& branch_points,
                            const std::vector<RevisionInfo>& all) {
  for (const RevisionInfo& b : branch_points) {
    out_ << Decorated(b) << ", " << b.Summary() << "\n";
    for (const std::string& child : b.children) {
      for (const RevisionInfo& c : all) {
        if (c.id == child) out_ << "    -> " << Decorated(c) << ", " << c.Summary() << "\n";
      }
    }
  }
}

void TextReporter::Show(const RevisionDetail& detail) {
  const RevisionInfo& r = detail.revision;
  out_ << "Rev: " << Decorated(r) << "\n";
  out_ << "Parent: " << (r.parents.empty() ? "<base>" : Join(r.parents)) << "\n";
  if (!r.children.empty()) out_ << "Children: " << Join(r.children) << "\n";
  if (!r.branch_labels.empty()) out_ << "Branch names: " << Join(r.branch_labels) << "\n";
  if (!r.depends_on.empty()) out_ << "Depends on: " << Join(r.depends_on) << "\n";
  out_ << "Path: " << r.path << "\n\n";
  std::string message = r.message;
  for (std::size_t start = 0; start <= message.size();) {
    std::size_t end = message.find('\n', start);
    if (end == std::string::npos) end = message.size();
    out_ << "    " << message.substr(start, end - start) << "\n";
    start = end + 1;
  }
  if (!detail.applied) return;
  out_ << "\n";
  if (*detail.applied && detail.applied_by == "redo") {
    out_ << "Redone: reverted, then applied again from the file as it is now (migrate redo).\n";
  }
  out_ << RecordedText(*detail.applied, detail.rows);
}

void TextReporter::Current(const std::vector<RevisionInfo>& current,
                           const std::vector<std::string>& unknown) {
  if (current.empty() && unknown.empty()) {
    out_ << "<base> (no migrations applied)\n";
    return;
  }
  // Every line here is current: saying so on each would be noise.
  for (const RevisionInfo& r : current) {
    out_ << Decorated(r, /*mark_current=*/false) << ", " << r.Summary() << "\n";
  }
  for (const std::string& id : unknown) out_ << id << " " << kNoFile << "\n";
}

// A table, newest first, Alembic-like: the arrow marks the database's
// position; timestamps lose their milliseconds and the T for reading. A
// revision that is not as applied (edited, drifted, incomplete) has a line
// under it per reason; the STATE column widens only for a word that needs it.
void TextReporter::StatusTable(const std::vector<StatusRow>& rows) {
  if (rows.empty()) {
    out_ << "No migrations in the script directory.\n";
    return;
  }
  std::size_t id_width = 8;     // "REVISION"
  std::size_t state_width = 7;  // "applied", "pending"
  for (const StatusRow& row : rows) {
    id_width = std::max(id_width, row.revision.id.size());
    state_width = std::max(state_width, std::string_view(RevisionStateName(StateOf(row))).size());
  }
  out_ << fmt::format("  {:<{}}  {:<{}}  {:<21} {:<7} {}\n", "REVISION", id_width, "STATE",
                      state_width, "APPLIED AT", "TOOK", "MESSAGE");
  int pending = 0, edited = 0, drifted = 0, incomplete = 0;
  std::vector<std::string> current, heads, unknown;
  for (const StatusRow& row : rows) {
    const RevisionInfo& r = row.revision;
    if (!row.applied) ++pending;
    if (row.edited) ++edited;
    if (!row.drift.empty()) ++drifted;
    if (!row.incomplete.empty()) ++incomplete;
    if (r.is_current) current.push_back(r.id);
    if (r.is_head) heads.push_back(r.id);
    if (row.unknown) unknown.push_back(r.id);
    out_ << StatusLine(row, id_width, state_width) << "\n";
    if (row.edited) out_ << "    edited: the file changed after it was applied (checksum)\n";
    for (const std::string& drift : row.drift) out_ << "    drift: " << drift << "\n";
    if (!row.incomplete.empty()) out_ << "    incomplete: " << row.incomplete << "\n";
  }
  out_ << "\n";
  out_ << "Database at " << (current.empty() ? std::string("<base>") : Join(current)) << "; ";
  if (!unknown.empty()) {
    out_ << Join(unknown) << (unknown.size() == 1 ? " has" : " have")
         << " no migration file: the database is ahead of this code.\n";
  } else if (pending == 0) {
    out_ << "up to date with head " << Join(heads) << ".\n";
  } else {
    out_ << pending << (pending == 1 ? " migration" : " migrations") << " pending (head "
         << Join(heads) << ").\n";
  }
  std::vector<std::string> attention;
  if (edited > 0) attention.push_back(std::to_string(edited) + " edited");
  if (drifted > 0) attention.push_back(std::to_string(drifted) + " drifted");
  if (incomplete > 0) attention.push_back(std::to_string(incomplete) + " incomplete");
  if (!attention.empty()) {
    out_ << "Not as applied: " << Join(attention) << "; `migrate check` says what to do.\n";
  }
}

std::string TextReporter::StatusLine(const StatusRow& row, std::size_t id_width,
                                     std::size_t state_width) const {
  const RevisionInfo& r = row.revision;
  std::string when = row.applied_at.substr(0, 19);
  if (!when.empty()) {
    if (when.size() > 10) when[10] = ' ';
    when += "Z";
  } else if (row.applied && !row.unknown) {
    when = "(no history)";
  }
  std::string took = row.applied_by == "upgrade" || row.applied_by == "redo"
                         ? FormatElapsed(row.duration)
                     : row.applied_by == "stamp" ? std::string("stamped")
                                                 : std::string();
  std::string markers;
  if (!r.branch_labels.empty()) markers += " (" + Join(r.branch_labels) + ")";
  if (r.is_head) markers += " (head)";
  if (r.is_current) markers += " (current)";
  if (r.is_merge_point) markers += " (mergepoint)";
  if (r.is_branch_point) markers += " (branchpoint)";
  if (row.applied_by == "redo") markers += " (redone)";
  const std::string changed = LedgerTotal(row.rows);
  if (!changed.empty()) markers += "  rows " + changed;
  const std::string summary = row.unknown ? kNoFile : r.Summary();
  const RevisionState word = StateOf(row);
  const char* color = word == RevisionState::kApplied   ? kGreen
                      : word == RevisionState::kPending ? kYellow
                                                        : kRed;
  const std::string state = Paint(color, fmt::format("{:<{}}", RevisionStateName(word), state_width));
  std::string line = fmt::format("{} {:<{}}  {}  {:<21} {:<7} {}{}", r.is_current ? ">" : " ",
                                 r.id, id_width, state, when, took, summary, markers);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

void TextReporter::Sql(const std::string& script) { out_ << script; }

void TextReporter::DatabaseStatus(const std::vector<DatabaseCheck>& checks) {
  for (const DatabaseCheck& check : checks) {
    std::string state;
    switch (check.state) {
      case DatabaseCheck::State::kOk: state = Paint(kGreen, "ok     "); break;
      case DatabaseCheck::State::kFailed: state = Paint(kRed, "FAILED "); break;
      case DatabaseCheck::State::kUnknown: state = Paint(kYellow, "unknown"); break;
      case DatabaseCheck::State::kNotChecked: state = "-      "; break;
    }
    out_ << fmt::format("  {} {:<10}  {}\n", state, check.name, check.detail);
    // A failure's fix comes with the error that follows; an unknown is no
    // error, so its fix is shown here.
    if (check.state == DatabaseCheck::State::kUnknown && !check.fix.empty()) {
      out_ << fmt::format("  {:7} {:<10}  fix: {}\n", "", "", check.fix);
    }
  }
}

void TextReporter::Info(const std::string& message) {
  if (!options_.quiet) out_ << message << "\n";
}

void TextReporter::Problem(const base::Status& problem) {
  if (ticker_) ticker_->Stop();
  EndOpenLine();  // the start line stays: it names the migration that failed
  std::string text = problem.ToString();
  const std::size_t first_line = text.find('\n');
  // An interrupt is no error of the user's: it says what happened instead.
  const bool interrupted = problem.code() == base::StatusCode::kInterrupted;
  err_ << (interrupted ? Paint(kYellow, "interrupted: ") : Paint(kRed, "error: "))
       << text.substr(0, first_line) << "\n";
  if (first_line != std::string::npos) err_ << text.substr(first_line + 1) << "\n";
  err_ << std::flush;
}

void TextReporter::Finish(int exit_code) {
  EndOpenLine();
  if (options_.quiet || !planned_ || exit_code != 0) return;
  if (steps_done_ + steps_skipped_ == 0) return;
  if (direction_ == StepDirection::kRedo) {
    out_ << fmt::format("Redid {} in {}.\n", Join(redone_), FormatElapsed(total_)) << std::flush;
    return;
  }
  out_ << fmt::format("{} {} {} in {}", direction_ == StepDirection::kUpgrade ? "Applied" : "Reverted",
                      steps_done_, steps_done_ == 1 ? "migration" : "migrations", FormatElapsed(total_));
  if (steps_skipped_ > 0) out_ << fmt::format(" ({} already applied by another process)", steps_skipped_);
  out_ << ".\n" << std::flush;
}

}  // namespace migrate::report
