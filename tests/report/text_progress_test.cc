// The TextReporter's progress output for logs and terminals: a start line
// per migration, flushed at once; on a terminal, left open and rewritten by
// the result line; sub-millisecond times as "<1ms"; an interrupt said as
// such, not as an error.

#include <chrono>
#include <sstream>

#include <gtest/gtest.h>

#include "migrator/report/text_reporter.h"

namespace migrate::report {
namespace {

using std::chrono::milliseconds;

RevisionInfo Rev(std::string id, std::string message) {
  RevisionInfo r;
  r.id = std::move(id);
  r.message = std::move(message);
  return r;
}

TEST(FormatElapsedTest, UnderAMillisecondIsLessThan1ms) {
  EXPECT_EQ(FormatElapsed(milliseconds(0)), "<1ms");
  EXPECT_EQ(FormatElapsed(std::chrono::duration_cast<milliseconds>(std::chrono::microseconds(999))),
            "<1ms");
  EXPECT_EQ(FormatElapsed(milliseconds(1)), "1ms");
  EXPECT_EQ(FormatElapsed(milliseconds(999)), "999ms");
  EXPECT_EQ(FormatElapsed(milliseconds(3250)), "3.25s");
}

// An ostream that counts the flushes reaching its buffer.
class CountingBuffer : public std::stringbuf {
 public:
  int flushes = 0;

 protected:
  int sync() override {
    ++flushes;
    return std::stringbuf::sync();
  }
};

TEST(TextProgressTest, ALogGetsAStartLineFlushedBeforeTheMigrationRuns) {
  CountingBuffer buffer;
  std::ostream out(&buffer);
  std::ostringstream err;
  TextReporter reporter(out, err, TextOptions{});
  reporter.PlanReady(StepDirection::kUpgrade, {Rev("a1", "x"), Rev("b2_long", "y")});
  reporter.StepStarted(Rev("a1", "create customers\nmore detail"), StepDirection::kUpgrade);
  EXPECT_EQ(buffer.str(), "→ a1 create customers\n");
  EXPECT_EQ(buffer.flushes, 1);
  reporter.StepFinished(StepOutcome{.revision = "a1", .summary = "create customers"});
  reporter.StepStarted(Rev("b2_long", "add orders"), StepDirection::kUpgrade);
  reporter.StepFinished(StepOutcome{.revision = "b2_long",
                                    .summary = "add orders",
                                    .duration = milliseconds(1234)});
  reporter.Finish(0);
  EXPECT_EQ(buffer.str(),
            "→ a1 create customers\n"
            "✓ applied  a1       <1ms    create customers\n"
            "→ b2_long add orders\n"
            "✓ applied  b2_long  1.23s   add orders\n"
            "Applied 2 migrations in 1.23s.\n");
  EXPECT_EQ(buffer.flushes, 5);
}

TEST(TextProgressTest, ASummaryUnderAMillisecondSaysLessThan1ms) {
  std::ostringstream out, err;
  TextReporter reporter(out, err, TextOptions{.quiet = false});
  reporter.PlanReady(StepDirection::kUpgrade, {Rev("a1", "x")});
  reporter.StepFinished(StepOutcome{.revision = "a1", .summary = "x", .empty = true});
  reporter.Finish(0);
  EXPECT_EQ(out.str(), "✓ applied  a1  <1ms    x  (no statements)\nApplied 1 migration in <1ms.\n");
}

TEST(TextProgressTest, OnATerminalTheResultRewritesTheStartLine) {
  std::ostringstream out, err;
  TextReporter reporter(out, err, TextOptions{.terminal = true});
  reporter.PlanReady(StepDirection::kUpgrade, {Rev("a1", "x")});
  reporter.StepStarted(Rev("a1", "create customers"), StepDirection::kUpgrade);
  EXPECT_EQ(out.str(), "→ a1 create customers");
  reporter.StepFinished(StepOutcome{.revision = "a1", .summary = "create customers"});
  EXPECT_EQ(out.str(), "→ a1 create customers\r\033[K✓ applied  a1  <1ms    create customers\n");
}

TEST(TextProgressTest, OnATerminalAFailureKeepsTheStartLine) {
  std::ostringstream out, err;
  TextReporter reporter(out, err, TextOptions{.terminal = true});
  reporter.StepStarted(Rev("a1", "create customers"), StepDirection::kUpgrade);
  reporter.Problem(base::Status::Database("no such table: x"));
  EXPECT_EQ(out.str(), "→ a1 create customers\n");
  EXPECT_EQ(err.str(), "error: no such table: x\n");
}

TEST(TextProgressTest, QuietPrintsNoStartLine) {
  std::ostringstream out, err;
  TextReporter reporter(out, err, TextOptions{.quiet = true, .terminal = true});
  reporter.StepStarted(Rev("a1", "x"), StepDirection::kUpgrade);
  reporter.StepFinished(StepOutcome{.revision = "a1", .summary = "x"});
  EXPECT_EQ(out.str(), "");
}

TEST(TextProgressTest, AnInterruptIsNoError) {
  std::ostringstream out, err;
  TextReporter reporter(out, err, TextOptions{});
  reporter.Problem(base::Status::Interrupted("a1 rolled back, nothing recorded")
                       .WithContext("  next: run the same command again"));
  EXPECT_EQ(err.str(),
            "interrupted: a1 rolled back, nothing recorded\n  next: run the same command again\n");
}

}  // namespace
}  // namespace migrate::report
