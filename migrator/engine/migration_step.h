// MigrationStep: one migration about to run in one direction, with
// everything the runner needs decided beforehand: the statements of the
// section chosen for the connection's dialect (split by the database's own
// grammar), the verify statements, and the declared `expect:` lines. The
// effects the statements imply are added while they run, from what the
// database says each one does (SQLite can only say so once the statements
// before it have run). Preparing every step of a plan before the first one
// runs is what lets preflight report a bad file before anything changes.

#ifndef MIGRATOR_ENGINE_MIGRATION_STEP_H_
#define MIGRATOR_ENGINE_MIGRATION_STEP_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/db/dialect.h"
#include "migrator/script/intent.h"
#include "migrator/script/migration_file.h"
#include "migrator/script/postcondition.h"
#include "migrator/script/statement.h"

namespace migrate::engine {

enum class Direction { kUpgrade, kDowngrade };

struct MigrationStep {
  const script::MigrationFile* file = nullptr;  // owned by the ScriptDirectory
  Direction direction = Direction::kUpgrade;
  std::vector<script::Statement> statements;
  std::vector<script::Statement> verify;              // upgrade only
  std::vector<script::Postcondition> postconditions;  // declared: the `expect:` lines
  /// What each statement does, one per statement, where the dialect reads
  /// statements without the database (PostgreSQL's parser), so it is known
  /// before anything runs; empty where it is learnt only as each statement
  /// runs (SQLite's compiler needs the schema the statements before built).
  std::vector<script::StatementIntent> intents;
  std::optional<std::chrono::milliseconds> lock_timeout;       // the header's, if any
  std::optional<std::chrono::milliseconds> statement_timeout;  // the header's, if any
  /// The upgrade half of `migrate redo`: recorded in the history as `redo`.
  bool redo = false;

  const std::string& revision() const { return file->revision; }
};

/// Splits and analyses `file` for `direction` on `dialect`. InvalidInput
/// (file:line) when the file has no section for this direction and dialect
/// (a downgrade through an irreversible migration), or its SQL cannot be split.
base::Result<MigrationStep> PrepareStep(const script::MigrationFile& file, Direction direction,
                                        const db::Dialect& dialect);

}  // namespace migrate::engine

#endif  // MIGRATOR_ENGINE_MIGRATION_STEP_H_
