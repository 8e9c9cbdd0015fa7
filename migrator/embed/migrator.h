// The embedding API: what an application calls to bring its database up to
// date when it starts, instead of running the `migrate` binary first.
//
//   #include "migrator/embed/migrator.h"
//
//   migrate::embed::UpgradeResult r =
//       migrate::embed::Upgrade("postgresql://app@db/shop", "/app/migrations");
//   if (!r.ok()) { for (const auto& p : r.problems) log(p); return r.exit_code; }
//
// Upgrade is `migrate upgrade TARGET` in-process: the same preflight, the
// same one-transaction-per-migration runner, the same migration lock
// (PostgreSQL: a session advisory lock, waited for up to
// Options::lock_wait_timeout; SQLite: a file lock beside the database), so
// any number of application instances may call it at once and each
// migration is applied exactly once. It never prints, never exits, and
// throws nothing of its own; everything it would have said is in the
// result.
//
// Naming: the library's namespaces are migrate::<folder> throughout, so
// this one is migrate::embed; the CMake package is `migrator` (targets
// `migrator::migrator`, the whole library, and one `migrator::<layer>` per
// layer). After `cmake --install`, a project uses it with
//
//   find_package(migrator REQUIRED)
//   target_link_libraries(app PRIVATE migrator::migrator)
//
// This header uses only the standard library, so an application need not
// know the library's internal types. For more control (another command, a
// custom Reporter, a fake clock) call migrator/commands/commands.h directly
// with a migrator/embed/collecting_reporter.h.
//
// Thread safety: Upgrade may be called from several threads at once (each
// call has its own connection); results are plain values.

#ifndef MIGRATOR_EMBED_MIGRATOR_H_
#define MIGRATOR_EMBED_MIGRATOR_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace migrate::embed {

/// Settings a `migrate.toml` would hold; every default is the CLI's.
struct Options {
  /// How long to wait for another process's migration lock. Default 5 minutes.
  std::chrono::milliseconds lock_wait_timeout{std::chrono::minutes(5)};
  /// How long to keep retrying while the database does not accept
  /// connections (--wait). Default 0: one attempt.
  std::chrono::milliseconds wait{0};
  /// Defaults for each migration's lock_timeout / statement_timeout (its
  /// header keys override them); unset = the database's own setting.
  std::optional<std::chrono::milliseconds> lock_timeout;
  std::optional<std::chrono::milliseconds> statement_timeout;
  std::string version_table = "migrate_version";
  std::string history_table = "migrate_history";
  /// PostgreSQL schema of the version tables; "" = the first schema of the
  /// search_path when the connection opens.
  std::string version_table_schema;
  /// Re-run `transaction: none` migrations marked incomplete (--retry-incomplete).
  bool retry_incomplete = false;
};

struct UpgradeResult {
  /// As the CLI's exit status: 0 done (including "nothing to do"), 1 a
  /// problem (a failed migration, preflight, a lock or connection timeout),
  /// 2 bad input (a malformed URL, migration file or target).
  int exit_code = 0;
  /// The revisions this call applied, in order.
  std::vector<std::string> applied;
  /// Revisions another process applied while this one waited; nothing ran here.
  std::vector<std::string> skipped;
  /// Every problem, each as the CLI prints it: "file:line: message" (or just
  /// the message) and its context lines. Empty when exit_code is 0.
  std::vector<std::string> problems;
  /// What the call waited for, if anything (the lock and who held it, the database).
  std::vector<std::string> waited_for;

  bool ok() const { return exit_code == 0; }
};

/// Upgrades the database at `url` (the URL forms of `migrate --url`; a
/// relative SQLite path is relative to the current directory) to `target`
/// (head, heads, REV, +N, LABEL@head, ...) with the migrations in
/// `script_dir`. Returns what happened; never throws for a failed migration.
UpgradeResult Upgrade(const std::string& url, const std::string& script_dir,
                      const std::string& target = "head", const Options& options = {});

}  // namespace migrate::embed

#endif  // MIGRATOR_EMBED_MIGRATOR_H_
