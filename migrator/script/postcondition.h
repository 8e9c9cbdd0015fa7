// Postcondition: one fact about the database that must hold after a
// migration's upgrade, whoever states it — an `expect:` line in the header,
// or an effect inferred from the migration's DDL (verify/implied_effects.h).
// The dialects check postconditions against the live catalog
// (db/dialect.h), one named object at a time.
//
// Names are kept as written (with whether they were quoted) because folding
// is the database's business: PostgreSQL lower-cases unquoted names, SQLite
// compares case-insensitively.

#ifndef MIGRATOR_SCRIPT_POSTCONDITION_H_
#define MIGRATOR_SCRIPT_POSTCONDITION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "migrator/base/status.h"

namespace migrate::script {

/// An SQL identifier as written in a migration.
struct Identifier {
  std::string text;     // without quotes; "" quotes collapsed
  bool quoted = false;  // written as "..." (PostgreSQL then does not fold case)

  friend bool operator==(const Identifier&, const Identifier&) = default;
};

/// A possibly schema-qualified object name. An empty schema means "resolve
/// through the search_path" (PostgreSQL) or "main" (SQLite).
struct ObjectName {
  Identifier schema;
  Identifier name;

  /// `schema.name` or `name`, quoted where it was quoted, for messages.
  std::string ToString() const;
  friend bool operator==(const ObjectName&, const ObjectName&) = default;
};

enum class ObjectKind {
  kTable,
  kColumn,  // `object` is the table; `column` names the column
  kIndex,
  kView,
  kMaterializedView,
  kSequence,
  kType,
  kFunction,
  kTrigger,
  kSchema,
  kExtension,
};

/// "table", "column", "index", ...: the word used in `expect:` lines and messages.
const char* ObjectKindName(ObjectKind kind);

enum class Comparison { kEq, kGe, kGt, kLe, kLt };

/// "=", ">=", ">", "<=", "<".
const char* ComparisonSymbol(Comparison op);

struct Postcondition {
  enum class Kind {
    kExists,    // the object exists (for kTable: with at least `columns`)
    kAbsent,    // the object does not exist
    kRowCount,  // `SELECT count(*) FROM object` compares to row_count by `comparison`
    /// Not a check but a declaration (`expect: rows deleted from T`): the
    /// migration may delete rows of `object` without naming it in a DELETE,
    /// TRUNCATE or DROP. The data-ledger rule reads it; nothing checks it in
    /// the catalog, so it never vouches for a migration that changed nothing.
    kRowsDeleted,
  };

  Kind kind = Kind::kExists;
  ObjectKind object_kind = ObjectKind::kTable;
  ObjectName object;                // the object; for kColumn and kRowCount, the table
  Identifier column;                // kColumn only
  std::vector<Identifier> columns;  // kTable + kExists: columns that must be present (may be empty)
  bool unique = false;              // kIndex + kExists: the index must be unique
  Comparison comparison = Comparison::kGe;  // kRowCount only
  std::int64_t row_count = 0;               // kRowCount only

  base::Location origin;  // the `expect:` line, or the statement that implies it
  std::string source;     // that line or statement, for messages

  /// The postcondition in `expect:` syntax, e.g. "table services(id, name)",
  /// "no index idx_x", "rows t >= 3".
  std::string Describe() const;
};

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_POSTCONDITION_H_
