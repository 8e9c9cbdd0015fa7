#include "tests/support/faulty_connection.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <utility>

#include "migrator/db/database_url.h"
#include "migrator/db/dialect.h"
#include "migrator/db/open.h"

namespace migrate::testing {

namespace {

// What a call on a SQLite connection that kDrop lost fails with.
constexpr std::string_view kLost = "the connection to the database was lost (injected fault)";

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// Whether `sql` starts with one of `verbs` (lower case) and names `table`.
bool Writes(std::string_view sql, std::initializer_list<std::string_view> verbs,
            const std::string& table) {
  const std::string lower = Lower(sql);
  const size_t start = lower.find_first_not_of(" \t\n");
  if (start == std::string::npos || lower.find(Lower(table)) == std::string::npos) return false;
  return std::any_of(verbs.begin(), verbs.end(),
                     [&](std::string_view verb) { return lower.compare(start, verb.size(), verb) == 0; });
}

}  // namespace

std::string Describe(const FaultPlan& plan) {
  const std::string how = plan.how == FaultPlan::How::kFail        ? "kFail"
                          : plan.how == FaultPlan::How::kFailAfter ? "kFailAfter"
                                                                   : "kDrop";
  switch (plan.where) {
    case FaultPlan::Where::kNowhere:
      return "no fault";
    case FaultPlan::Where::kNthCall:
      return how + " at call " + std::to_string(plan.nth);
    case FaultPlan::Where::kVersionRowWrite:
      return how + " at the version row write";
    case FaultPlan::Where::kHistoryWrite:
      return how + " at the history row write";
    case FaultPlan::Where::kCommit:
      return how + " at COMMIT";
    case FaultPlan::Where::kSqlContaining:
      return how + " at the call holding '" + plan.sql + "'";
  }
  return how;
}

base::Result<std::unique_ptr<db::Connection>> FaultyConnection::Wrap(
    std::unique_ptr<db::Connection> inner, std::shared_ptr<FaultPlan> plan,
    const std::string& admin_url) {
  std::string pid;
  if (inner->dialect().Name() == "postgresql") {
    MIGRATE_ASSIGN_OR_RETURN(db::Rows rows, inner->Query("SELECT pg_backend_pid()"));
    if (rows.rows.size() != 1 || !rows.rows[0][0]) {
      return base::Status::Internal("pg_backend_pid() returned no row");
    }
    pid = *rows.rows[0][0];
  }
  return std::unique_ptr<db::Connection>(
      new FaultyConnection(std::move(inner), std::move(plan), admin_url, std::move(pid)));
}

FaultyConnection::FaultyConnection(std::unique_ptr<db::Connection> inner,
                                   std::shared_ptr<FaultPlan> plan, std::string admin_url,
                                   std::string backend_pid)
    : inner_(std::move(inner)),
      plan_(std::move(plan)),
      admin_url_(std::move(admin_url)),
      backend_pid_(std::move(backend_pid)) {}

std::optional<FaultPlan::How> FaultyConnection::Due(std::string_view sql, bool commit) {
  const int call = ++plan_->calls;
  if (!plan_->fired.empty()) return std::nullopt;
  bool due = false;
  switch (plan_->where) {
    case FaultPlan::Where::kNowhere:
      break;
    case FaultPlan::Where::kNthCall:
      due = call == plan_->nth;
      break;
    case FaultPlan::Where::kVersionRowWrite:
      due = Writes(sql, {"insert into", "delete from"}, plan_->version_table);
      break;
    case FaultPlan::Where::kHistoryWrite:
      due = Writes(sql, {"insert into", "update"}, plan_->history_table);
      break;
    case FaultPlan::Where::kCommit:
      due = commit;
      break;
    case FaultPlan::Where::kSqlContaining:
      due = sql.find(plan_->sql) != std::string_view::npos;
      break;
  }
  if (!due) return std::nullopt;
  plan_->fired = std::string(sql);
  return plan_->how;
}

base::Status FaultyConnection::Drop() {
  if (backend_pid_.empty()) {
    (void)inner_->Rollback();
    dropped_ = true;
    return base::Status::OK();
  }
  MIGRATE_ASSIGN_OR_RETURN(db::DatabaseUrl url, db::DatabaseUrl::Parse(admin_url_, ""));
  MIGRATE_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> admin, db::Open(url));
  // With a timeout, pg_terminate_backend returns once the backend is gone.
  MIGRATE_ASSIGN_OR_RETURN(db::Rows rows, admin->Query("SELECT pg_terminate_backend($1::int, 10000)",
                                                       {backend_pid_}));
  if (rows.rows.size() != 1 || rows.rows[0][0] != "t") {
    return base::Status::Internal("backend " + backend_pid_ + " was not terminated within 10 s");
  }
  return base::Status::OK();
}

template <typename T, typename Run>
T FaultyConnection::Call(std::string_view sql, bool commit, Run run) {
  if (dropped_) return base::Status::Database(std::string(kLost));
  const std::optional<FaultPlan::How> how = Due(sql, commit);
  if (!how) return run();
  switch (*how) {
    case FaultPlan::How::kFail:
      return base::Status::Database("injected fault: failed before reaching the database: " +
                                    std::string(sql));
    case FaultPlan::How::kFailAfter: {
      T ignored = run();
      return base::Status::Database("injected fault: the reply was lost: " + std::string(sql));
    }
    case FaultPlan::How::kDrop:
      if (base::Status dropped = Drop(); !dropped.ok()) return dropped;
      if (dropped_) return base::Status::Database(std::string(kLost));
      return run();
  }
  return run();
}

base::Status FaultyConnection::Execute(std::string_view sql) {
  return Call<base::Status>(sql, false, [&] { return inner_->Execute(sql); });
}

base::Result<db::Rows> FaultyConnection::Query(std::string_view sql,
                                               const std::vector<std::string>& params) {
  return Call<base::Result<db::Rows>>(sql, false, [&] { return inner_->Query(sql, params); });
}

base::Status FaultyConnection::Begin() {
  return Call<base::Status>("BEGIN", false, [&] { return inner_->Begin(); });
}

base::Status FaultyConnection::BeginReadOnly() {
  return Call<base::Status>("BEGIN READ ONLY", false, [&] { return inner_->BeginReadOnly(); });
}

base::Status FaultyConnection::Commit() {
  return Call<base::Status>("COMMIT", true, [&] { return inner_->Commit(); });
}

base::Status FaultyConnection::Rollback() {
  if (dropped_) return base::Status::OK();  // the drop rolled back
  return inner_->Rollback();
}

db::Opener FaultyOpener(std::shared_ptr<FaultPlan> plan, std::string admin_url) {
  return [plan = std::move(plan), admin_url = std::move(admin_url)](
             const db::DatabaseUrl& url,
             const db::OpenOptions& options) -> base::Result<std::unique_ptr<db::Connection>> {
    MIGRATE_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> inner, db::Open(url, options));
    return FaultyConnection::Wrap(std::move(inner), plan, admin_url);
  };
}

}  // namespace migrate::testing
