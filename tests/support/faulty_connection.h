// FaultyConnection: a db::Connection for tests that forwards every call to a
// real connection and fails on demand, LevelDB's fault-injection habit
// brought to the database: the Nth call, the first write of the version
// row, of the history row, the first COMMIT, or the first call whose SQL
// holds a given text. The tests then check what the real database holds
// afterwards: each migration whole with its version row, or none of it.
//
// What a fault does (FaultPlan::How):
//   kFail       the call fails without reaching the database, as a refused
//               statement does; the caller rolls back.
//   kFailAfter  the call runs, then reports failure, as when the reply is
//               lost: a COMMIT that went through but was never confirmed.
//   kDrop       the connection drops just before the call, and the call is
//               made on the dropped connection. PostgreSQL: the backend is
//               terminated from a superuser session (pg_terminate_backend,
//               waiting until it is gone), so the server rolls the
//               transaction back and libpq finds the socket closed, as
//               after a server restart. SQLite (no server to lose): the
//               open transaction is rolled back on the real connection, as
//               when the process holding it dies, and every later call
//               fails with a lost-connection error.
// A plan fires once; calls before and after it are forwarded untouched.
// Calls are Execute, Query, Begin, BeginReadOnly and Commit, numbered from 1 when the
// connection opens; Rollback is never a fault (it is how the caller
// recovers). The dialects reach the real connection through Unwrapped()
// (SQLite's compiler and row counters, PostgreSQL's session reset), as
// they would without the wrapper.
//
// Thread safety: one thread at a time, as every Connection; a plan is
// shared with the test that reads it after the command returns.

#ifndef MIGRATOR_TESTS_SUPPORT_FAULTY_CONNECTION_H_
#define MIGRATOR_TESTS_SUPPORT_FAULTY_CONNECTION_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/db/connect_retry.h"
#include "migrator/db/connection.h"

namespace migrate::testing {

struct FaultPlan {
  enum class Where {
    kNowhere,          // no fault: count the calls
    kNthCall,          // call number `nth`
    kVersionRowWrite,  // the first INSERT into or DELETE from `version_table`
    kHistoryWrite,     // the first INSERT into or UPDATE of `history_table`
    kCommit,           // the first Commit()
    kSqlContaining,    // the first call whose SQL contains `sql`
  };
  enum class How { kFail, kFailAfter, kDrop };

  Where where = Where::kNowhere;
  How how = How::kFail;
  int nth = 0;
  std::string sql;
  std::string version_table = "migrate_version";
  std::string history_table = "migrate_history";

  // Filled in as connections following the plan are used.
  int calls = 0;      // calls made, over every connection opened with the plan
  std::string fired;  // the call the fault hit ("BEGIN", "COMMIT" or its SQL); "" if none
};

/// "kFail at call 3": how a plan is named in assertion messages.
std::string Describe(const FaultPlan& plan);

class FaultyConnection final : public db::Connection {
 public:
  /// Wraps `inner`. `admin_url` is a superuser URL to the same server
  /// (PostgreSQL, for kDrop; ignored for SQLite).
  static base::Result<std::unique_ptr<db::Connection>> Wrap(std::unique_ptr<db::Connection> inner,
                                                              std::shared_ptr<FaultPlan> plan,
                                                              const std::string& admin_url);

  const db::Dialect& dialect() const override { return inner_->dialect(); }
  base::Status Execute(std::string_view sql) override;
  base::Result<db::Rows> Query(std::string_view sql,
                               const std::vector<std::string>& params = {}) override;
  base::Status Begin() override;
  base::Status BeginReadOnly() override;
  base::Status Commit() override;
  base::Status Rollback() override;
  bool InTransaction() const override { return !dropped_ && inner_->InTransaction(); }
  std::string RedactedUrl() const override { return inner_->RedactedUrl(); }
  void CancelRunningStatement() noexcept override { inner_->CancelRunningStatement(); }
  db::Connection& Unwrapped() override { return inner_->Unwrapped(); }

 private:
  FaultyConnection(std::unique_ptr<db::Connection> inner, std::shared_ptr<FaultPlan> plan,
                   std::string admin_url, std::string backend_pid);

  // Counts the call described by `sql` ("BEGIN", "COMMIT" for those) and,
  // when the plan's fault is due at it, fires it: returns the fault's How.
  std::optional<FaultPlan::How> Due(std::string_view sql, bool commit);
  // kDrop: loses the connection as the file comment says.
  base::Status Drop();
  // Forwards one call through the plan: `run` makes it on the real connection.
  template <typename T, typename Run>
  T Call(std::string_view sql, bool commit, Run run);

  std::unique_ptr<db::Connection> inner_;
  std::shared_ptr<FaultPlan> plan_;
  std::string admin_url_;
  std::string backend_pid_;  // PostgreSQL; "" for SQLite
  bool dropped_ = false;     // SQLite after kDrop: every call fails
};

/// A db::Opener that opens with db::Open and wraps each connection in a
/// FaultyConnection following `plan` (`admin_url` as Wrap takes it): what a
/// test puts in commands::Context::open.
db::Opener FaultyOpener(std::shared_ptr<FaultPlan> plan, std::string admin_url);

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_FAULTY_CONNECTION_H_
