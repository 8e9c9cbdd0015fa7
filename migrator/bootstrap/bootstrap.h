// Bootstrap: the administrative steps before the first migration — the
// database itself, and on PostgreSQL the role the application logs in as —
// so that a deployment needs one tool and can run it on every start.
//
// CreateDatabase is idempotent and verified. It creates what is missing,
// never changes what exists (an existing role keeps its password and
// attributes), and then proves that the application can work: it connects
// as the URL's role to the URL's database and creates and drops a table
// (PostgreSQL), or opens the file and writes the version tables' schema
// (SQLite). Every error names the step that did not take effect, and no
// message ever contains a password.
//
// PostgreSQL, step by step (each one a separate statement in autocommit,
// since CREATE DATABASE cannot run in a transaction):
//   1. connect with the administrative URL (see AdminUrl);
//   2. take an advisory lock on that connection, so that concurrent runs
//      that administer through the same database take turns (advisory locks
//      are per database); runs that race anyway treat "already exists" —
//      SQLSTATE 42710, 42P04, 23505 — as the other run's success, and a GRANT
//      that lost to an identical one ("tuple concurrently updated") is
//      judged by the check that follows the grants;
//   3. read what exists (pg_roles, pg_database) and what the administrator
//      may do; if it lacks a privilege a missing object needs (CREATEROLE,
//      CREATEDB, membership in the role that will own the database), fail
//      with kFailedPrecondition naming it, before creating anything;
//   4. CREATE ROLE … LOGIN PASSWORD … if missing, with the password as
//      the server stores it (a SCRAM verifier libpq computes here), so
//      neither a server that logs DDL nor pg_stat_activity ever holds the
//      password itself; it never reaches our output either;
//   5. CREATE DATABASE … OWNER … if missing (a non-superuser administrator
//      with CREATEROLE grants itself the role for that statement and
//      revokes it after);
//   6. on the database, as the administrator: grant CONNECT on it and
//      USAGE, CREATE on schema public to the role where it lacks them
//      (PostgreSQL 15 no longer grants CREATE on public to everyone);
//   7. verify as the application role.
//
// Thread safety: the functions may run concurrently (from threads or
// processes) against the same database; each uses its own connections.

#ifndef MIGRATOR_BOOTSTRAP_BOOTSTRAP_H_
#define MIGRATOR_BOOTSTRAP_BOOTSTRAP_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/db/database_url.h"
#include "migrator/db/dialect.h"
#include "migrator/report/reporter.h"

namespace migrate::bootstrap {

/// Opens one connection to `url` (the caller decides about waiting and
/// retrying). Returns the connection or why it could not.
using Connector =
    std::function<base::Result<std::unique_ptr<db::Connection>>(const db::DatabaseUrl& url)>;

struct Options {
  /// How every connection is made. REQUIRES: set.
  Connector connect;
  /// How long to wait for another `db create` that holds the bootstrap lock.
  std::chrono::milliseconds lock_timeout{std::chrono::minutes(5)};
  /// SQLite: the version tables whose schema `create` writes as its check.
  db::VersionTables version_tables{"", "migrate_version", "migrate_history"};
  /// Called with each step's line as soon as the step is done, so that the
  /// steps before a failure are reported too. May be empty.
  std::function<void(const std::string& step)> on_step;
};

/// What CreateDatabase or DropDatabase did, one line per step for people
/// ("Created role app", "Database shop already exists, owned by app", ...).
struct Outcome {
  explicit Outcome(std::function<void(const std::string&)> tell = nullptr)
      : on_step(std::move(tell)) {}

  /// Records a step done and tells on_step.
  void Add(std::string step) {
    if (on_step) on_step(step);
    steps.push_back(std::move(step));
  }

  std::vector<std::string> steps;
  /// Whether anything was created, granted or removed.
  bool changed = false;
  std::function<void(const std::string&)> on_step;
};

/// The URL to administer `app`'s PostgreSQL server with: `admin_url` when it
/// is not "" (parsed; `source` names where it came from in errors), else
/// `app`'s own credentials, host and parameters on the `postgres`
/// maintenance database. InvalidInput for an admin URL that does not parse
/// or is not PostgreSQL.
base::Result<db::DatabaseUrl> AdminUrl(const db::DatabaseUrl& app, const std::string& admin_url,
                                       const std::string& source);

/// Creates what is missing of `app` (PostgreSQL: role, database, privileges,
/// through `admin`; SQLite: the file and its folders; `admin` is ignored)
/// and verifies it. Returns the steps taken, or the first step that failed:
/// InvalidInput for a URL that names no role or database (or
/// sqlite::memory:), FailedPrecondition for a missing administrative
/// privilege (nothing created), Database / Timeout otherwise.
base::Result<Outcome> CreateDatabase(const db::DatabaseUrl& app, const db::DatabaseUrl& admin,
                                     const Options& options);

/// Removes `app`'s database (PostgreSQL: DROP DATABASE … WITH (FORCE)
/// through `admin`, ending its sessions; the role stays, other databases may
/// use it. SQLite: the file and its -wal, -shm and -journal files). OK, saying
/// so, when there is nothing to remove.
base::Result<Outcome> DropDatabase(const db::DatabaseUrl& app, const db::DatabaseUrl& admin,
                                   const Options& options);

/// `db status`: the chain from the server to the privileges the application
/// needs, each link checked in order. PostgreSQL: server, role, login,
/// database, privileges (the administrative URL is used only to tell a
/// missing role from a wrong password); SQLite: file, database, write.
/// After the first failed link the rest are kNotChecked. Returns an error
/// only when the checks themselves could not run (a bug, a lost connection).
base::Result<std::vector<report::DatabaseCheck>> Diagnose(const db::DatabaseUrl& app,
                                                          const db::DatabaseUrl& admin,
                                                          const Options& options);

/// The first failed check, or nullptr when every check passed.
const report::DatabaseCheck* FirstFailure(const std::vector<report::DatabaseCheck>& checks);

}  // namespace migrate::bootstrap

#endif  // MIGRATOR_BOOTSTRAP_BOOTSTRAP_H_
