// ConnectWithRetry with a fake opener, a fake clock and a fake sleep: which
// errors are retried, how long it waits between attempts, when it gives up,
// and what the final error says. Nothing here sleeps or needs a server.

#include "migrator/db/connect_retry.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/fake_clock.h"

namespace migrate::db {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* kUrl = "postgresql://app:hunter22@127.0.0.1:5439/shop";
constexpr const char* kRedacted = "postgresql://app:***@127.0.0.1:5439/shop";

base::Status Refused() {
  return base::Status::Database(std::string("cannot connect to ") + kRedacted +
                                ": connection to server at \"127.0.0.1\", port 5439 failed: "
                                "Connection refused")
      .WithContext("Is the server running on that host and accepting TCP/IP connections?");
}

base::Status StartingUp() {
  return base::Status::Database(std::string("cannot connect to ") + kRedacted +
                                ": connection to server at \"127.0.0.1\", port 5439 failed: "
                                "FATAL:  the database system is starting up");
}

base::Status WrongPassword() {
  return base::Status::Database(std::string("cannot connect to ") + kRedacted +
                                ": connection to server at \"127.0.0.1\", port 5439 failed: "
                                "FATAL:  password authentication failed for user \"app\"");
}

// A scripted server: attempt i gets errors[i] while there are errors left,
// then a connection. Each attempt costs `attempt_cost` of fake time.
class RetryTest : public ::testing::Test {
 protected:
  base::Result<std::unique_ptr<Connection>> Connect(const ConnectOptions& options) {
    auto url = DatabaseUrl::Parse(kUrl, "");
    EXPECT_TRUE(url.has_value());
    Opener open = [this](const DatabaseUrl& u,
                         const OpenOptions& o) -> base::Result<std::unique_ptr<Connection>> {
      EXPECT_EQ(u.Redacted(), kRedacted);
      attempt_timeouts_.push_back(o.connect_timeout);
      clock_.Advance(attempt_cost_);
      if (attempt_timeouts_.size() <= errors_.size()) return errors_[attempt_timeouts_.size() - 1];
      auto memory = DatabaseUrl::Parse("sqlite::memory:", "");
      return Open(*memory);
    };
    Sleeper sleep = [this](milliseconds d) {
      sleeps_.push_back(d);
      clock_.Advance(d);
    };
    Jitter jitter = [this] { return jitter_; };
    return ConnectWithRetry(*url, options, clock_, sleep, open, jitter);
  }

  ConnectOptions WithWait(milliseconds wait) {
    ConnectOptions options;
    options.wait = wait;
    options.on_wait = [this](const std::string& first) { waits_.push_back(first); };
    return options;
  }

  testing::FakeClock clock_;
  std::vector<base::Status> errors_;
  milliseconds attempt_cost_{0};
  double jitter_ = 0.9999;  // the top of each backoff window
  std::vector<seconds> attempt_timeouts_;
  std::vector<milliseconds> sleeps_;
  std::vector<std::string> waits_;
};

TEST_F(RetryTest, FirstAttemptSucceedsWithoutWaiting) {
  auto conn = Connect(WithWait(seconds(30)));
  ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
  EXPECT_EQ(attempt_timeouts_.size(), 1u);
  EXPECT_THAT(sleeps_, IsEmpty());
  EXPECT_THAT(waits_, IsEmpty());
}

TEST_F(RetryTest, WaitZeroMakesOneAttemptAndKeepsItsError) {
  errors_ = {Refused(), Refused()};
  auto conn = Connect(WithWait(milliseconds(0)));
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(conn.error().ToString(), Refused().ToString());
  EXPECT_EQ(conn.error().code(), base::StatusCode::kDatabase);
  EXPECT_EQ(attempt_timeouts_.size(), 1u);
  EXPECT_THAT(sleeps_, IsEmpty());
  EXPECT_THAT(waits_, IsEmpty());
}

TEST_F(RetryTest, RetriesWithDoublingBackoffUntilTheServerAccepts) {
  errors_ = {Refused(), Refused(), StartingUp(), StartingUp()};
  auto conn = Connect(WithWait(seconds(30)));
  ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
  EXPECT_EQ(attempt_timeouts_.size(), 5u);
  EXPECT_THAT(sleeps_, ElementsAre(milliseconds(100), milliseconds(200), milliseconds(400),
                                   milliseconds(800)));
  // Said once, with the first reason.
  EXPECT_THAT(waits_, ElementsAre("connection to server at \"127.0.0.1\", port 5439 failed: "
                                  "Connection refused"));
}

TEST_F(RetryTest, JitterKeepsEachDelayInTheUpperHalfOfItsWindow) {
  errors_ = std::vector<base::Status>(8, Refused());
  jitter_ = 0.0;
  ASSERT_TRUE(Connect(WithWait(seconds(60))).has_value());
  EXPECT_THAT(sleeps_, ElementsAre(milliseconds(50), milliseconds(100), milliseconds(200),
                                   milliseconds(400), milliseconds(800), milliseconds(1000),
                                   milliseconds(1000), milliseconds(1000)));

  sleeps_.clear();
  attempt_timeouts_.clear();
  jitter_ = 0.5;
  ASSERT_TRUE(Connect(WithWait(seconds(60))).has_value());
  EXPECT_THAT(sleeps_, ElementsAre(milliseconds(75), milliseconds(150), milliseconds(300),
                                   milliseconds(600), milliseconds(1200), milliseconds(1500),
                                   milliseconds(1500), milliseconds(1500)));
}

TEST_F(RetryTest, RealJitterStaysWithinBounds) {
  errors_ = std::vector<base::Status>(12, Refused());
  auto url = DatabaseUrl::Parse(kUrl, "");
  ASSERT_TRUE(url.has_value());
  size_t attempts = 0;
  std::vector<milliseconds> sleeps;
  auto conn = ConnectWithRetry(
      *url, WithWait(seconds(120)), clock_,
      [&](milliseconds d) {
        sleeps.push_back(d);
        clock_.Advance(d);
      },
      [&](const DatabaseUrl&, const OpenOptions&) -> base::Result<std::unique_ptr<Connection>> {
        return errors_[std::min(attempts++, errors_.size() - 1)];
      });
  ASSERT_FALSE(conn.has_value());
  ASSERT_GE(sleeps.size(), 12u);
  milliseconds nominal(100);
  for (size_t i = 0; i < 12; ++i) {
    SCOPED_TRACE("delay " + std::to_string(i));
    EXPECT_GE(sleeps[i], nominal / 2);
    EXPECT_LE(sleeps[i], nominal);
    nominal = std::min(nominal * 2, milliseconds(2000));
  }
}

TEST_F(RetryTest, GivesUpAtTheDeadlineSayingUrlAttemptsTimeAndLastError) {
  errors_ = std::vector<base::Status>(50, StartingUp());
  errors_[4] = Refused();
  auto conn = Connect(WithWait(seconds(1)));
  ASSERT_FALSE(conn.has_value());
  // 0: fail, 100ms, fail, 200ms, fail, 400ms, fail, the last 300ms, fail at 1s.
  EXPECT_THAT(sleeps_, ElementsAre(milliseconds(100), milliseconds(200), milliseconds(400),
                                   milliseconds(300)));
  EXPECT_EQ(conn.error().code(), base::StatusCode::kTimeout);
  EXPECT_EQ(conn.error().ToString(),
            "cannot connect to postgresql://app:***@127.0.0.1:5439/shop: 5 attempts over 1.0s "
            "failed (--wait 1s); last error: connection to server at \"127.0.0.1\", port 5439 "
            "failed: Connection refused\n"
            "Is the server running on that host and accepting TCP/IP connections?");
  EXPECT_EQ(conn.error().ToString().find("hunter22"), std::string::npos);
  EXPECT_THAT(waits_, ElementsAre("connection to server at \"127.0.0.1\", port 5439 failed: "
                                  "FATAL:  the database system is starting up"));
}

TEST_F(RetryTest, SlowAttemptsCountAgainstTheDeadline) {
  // A server that never answers: each attempt burns its connect timeout.
  errors_ = std::vector<base::Status>(
      50, base::Status::Timeout(std::string("cannot connect to ") + kRedacted +
                                ": connection to server at \"127.0.0.1\", port 5439 failed: "
                                "timeout expired (connect_timeout 2s)"));
  attempt_cost_ = seconds(2);
  ConnectOptions options = WithWait(seconds(5));
  options.open.connect_timeout = seconds(2);
  auto conn = Connect(options);
  ASSERT_FALSE(conn.has_value());
  // 0-2s fail, 100ms, 2.1-4.1s fail, 200ms, 4.3-5.3s (cut to 1s) fail: over.
  EXPECT_THAT(attempt_timeouts_, ElementsAre(seconds(2), seconds(2), seconds(1)));
  EXPECT_EQ(conn.error().ToString(),
            "cannot connect to postgresql://app:***@127.0.0.1:5439/shop: 3 attempts over 6.3s "
            "failed (--wait 5s); last error: connection to server at \"127.0.0.1\", port 5439 "
            "failed: timeout expired (connect_timeout 2s)");
}

TEST_F(RetryTest, ConnectTimeoutOfAnAttemptIsCutToTheTimeLeft) {
  errors_ = {Refused(), Refused()};
  attempt_cost_ = milliseconds(1000);
  ConnectOptions options = WithWait(seconds(3));
  options.open.connect_timeout = seconds(10);
  ASSERT_TRUE(Connect(options).has_value());
  // 3s left, then 3s - 1.1s = 1.9s -> 2s, then 3s - 2.3s = 0.7s -> 1s.
  EXPECT_THAT(attempt_timeouts_, ElementsAre(seconds(3), seconds(2), seconds(1)));
}

TEST_F(RetryTest, AuthenticationFailureIsNotRetriedAndSaysSo) {
  errors_ = {WrongPassword(), WrongPassword()};
  auto conn = Connect(WithWait(seconds(30)));
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(attempt_timeouts_.size(), 1u);
  EXPECT_THAT(sleeps_, IsEmpty());
  EXPECT_THAT(waits_, IsEmpty());
  EXPECT_EQ(conn.error().code(), base::StatusCode::kDatabase);
  EXPECT_EQ(conn.error().ToString(),
            "cannot connect to postgresql://app:***@127.0.0.1:5439/shop: connection to server at "
            "\"127.0.0.1\", port 5439 failed: FATAL:  password authentication failed for user "
            "\"app\"\n"
            "not retried: authentication failed (waiting would not help; attempt 1 after 0ms)");
}

TEST_F(RetryTest, AuthenticationFailureAfterTheServerCameUpStopsThere) {
  errors_ = {Refused(), Refused(), WrongPassword(), Refused()};
  auto conn = Connect(WithWait(seconds(30)));
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(attempt_timeouts_.size(), 3u);
  EXPECT_EQ(conn.error().context().back(),
            "not retried: authentication failed (waiting would not help; attempt 3 after 300ms)");
}

TEST_F(RetryTest, AuthenticationSqlstatesAreNotRetried) {
  for (const char* sqlstate : {"28P01", "28000"}) {
    SCOPED_TRACE(sqlstate);
    errors_ = {
        base::Status::Database("cannot connect: no", base::DatabaseDetail{.sqlstate = sqlstate})};
    attempt_timeouts_.clear();
    auto conn = Connect(WithWait(seconds(30)));
    ASSERT_FALSE(conn.has_value());
    EXPECT_EQ(attempt_timeouts_.size(), 1u);
    EXPECT_EQ(conn.error().ToString(),
              "cannot connect: no\n"
              "not retried: authentication failed (waiting would not help; attempt 1 after 0ms)");
  }
}

TEST_F(RetryTest, InvalidConnectionParametersAreNotRetried) {
  errors_ = {base::Status::Database(std::string("cannot connect to ") + kRedacted +
                                    ": invalid sslmode value: \"sometimes\"")};
  auto conn = Connect(WithWait(seconds(30)));
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(attempt_timeouts_.size(), 1u);
  EXPECT_EQ(conn.error().ToString(),
            "cannot connect to postgresql://app:***@127.0.0.1:5439/shop: invalid sslmode value: "
            "\"sometimes\"\n"
            "not retried: the connection parameters are invalid (waiting would not help; "
            "attempt 1 after 0ms)");
}

TEST_F(RetryTest, ErrorsThatAreNotAboutTheDatabaseComeBackUnchanged) {
  errors_ = {base::Status::Internal("no such backend")};
  auto conn = Connect(WithWait(seconds(30)));
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(attempt_timeouts_.size(), 1u);
  EXPECT_EQ(conn.error().ToString(), "no such backend");
}

TEST_F(RetryTest, AClockThatStandsStillStillReachesTheDeadline) {
  errors_ = std::vector<base::Status>(100, Refused());
  auto url = DatabaseUrl::Parse(kUrl, "");
  ASSERT_TRUE(url.has_value());
  int attempts = 0;
  auto conn = ConnectWithRetry(
      *url, WithWait(seconds(2)), clock_, [](milliseconds) {},
      [&](const DatabaseUrl&, const OpenOptions&) -> base::Result<std::unique_ptr<Connection>> {
        ++attempts;
        return Refused();
      },
      [] { return 0.9999; });
  ASSERT_FALSE(conn.has_value());
  // 100 + 200 + 400 + 800 + 500 (the rest) = 2s of sleeping: 6 attempts.
  EXPECT_EQ(attempts, 6);
  EXPECT_EQ(conn.error().code(), base::StatusCode::kTimeout);
}

TEST(PermanentConnectFailureTest, ClassifiesConnectErrors) {
  EXPECT_EQ(PermanentConnectFailure(WrongPassword()), "authentication failed");
  EXPECT_EQ(PermanentConnectFailure(base::Status::Database(
                "cannot connect to x: connection to server failed: FATAL:  no pg_hba.conf entry "
                "for host \"10.0.0.1\", user \"app\", database \"shop\", no encryption")),
            "authentication failed");
  EXPECT_EQ(PermanentConnectFailure(base::Status::Database(
                "cannot connect to x: connection to server failed: fe_sendauth: no password "
                "supplied")),
            "authentication failed");
  EXPECT_EQ(PermanentConnectFailure(
                base::Status::Database("cannot connect to x: invalid connection option \"foo\"")),
            "the connection parameters are invalid");
  EXPECT_EQ(PermanentConnectFailure(Refused()), "");
  EXPECT_EQ(PermanentConnectFailure(StartingUp()), "");
  EXPECT_EQ(PermanentConnectFailure(base::Status::OK()), "");
}

}  // namespace
}  // namespace migrate::db
