// Intent: what one statement says it will do to the database, as the
// database's own grammar reads it — PostgreSQL's parser (libpg_query) or
// SQLite's compiler (its authorizer callbacks) — never our own reading of
// the text. The dialects produce intents (db/dialect.h `Describe`); verify/
// folds a migration's intents into the postconditions its effects imply,
// decides which tables it names as losing rows, and which extensions it uses.
//
// Names are kept as the database's grammar reports them: PostgreSQL's parser
// has already folded unquoted identifiers to lower case, so a name it reports
// is exact — `quoted` unless it is one an unquoted identifier folds to;
// SQLite reports names as written and unquoted (it compares names
// case-insensitively anyway).

#ifndef MIGRATOR_SCRIPT_INTENT_H_
#define MIGRATOR_SCRIPT_INTENT_H_

#include <optional>
#include <string>
#include <vector>

#include "migrator/script/postcondition.h"

namespace migrate::script {

struct Intent {
  enum class Action {
    kCreate,        // `object` of `kind` created
    kDrop,          // `object` of `kind` dropped
    kRename,        // `object` of `kind` renamed to `new_name` (same schema)
    kAddColumn,     // column `column` added to table `object`
    kDropColumn,    // column `column` dropped from table `object`
    kRenameColumn,  // column `column` of table `object` renamed to `new_name`
    kAlter,         // any other change to `object` (constraints, types, options, ...)
    kInsert,        // rows inserted into table `object`
    kUpdate,        // rows of table `object` updated
    kDelete,        // rows deleted from table `object`
    kTruncate,      // every row of table `object` removed
    kAttach,        // SQLite ATTACH DATABASE `object.name` (a schema name)
    kDetach,        // SQLite DETACH DATABASE
    kAttachPartition,  // table `object` becomes a partition of `table` (dropped with it)
    kDetachPartition,  // table `object` is no longer a partition of `table`
  };

  Action action = Action::kCreate;
  ObjectKind kind = ObjectKind::kTable;
  ObjectName object;
  Identifier column;                // kAddColumn, kDropColumn, kRenameColumn
  Identifier new_name;              // kRename, kRenameColumn
  std::vector<Identifier> columns;  // kCreate of a table or view: its columns, where the grammar says
  ObjectName table;                 // kCreate of an index or trigger: the table it is on; of a
                                    // partition (PARTITION OF) or sequence (OWNED BY): the table
                                    // it is dropped with
  // What a created object depends on, so that what drops those takes it
  // too (PostgreSQL's pg_depend, as far as the statement shows it):
  std::vector<ObjectName> reads;         // kCreate of a view or materialized view: the relations
                                         // its query names; of a table: those it INHERITS from;
                                         // of a function: the types its signature names
  std::vector<Identifier> column_refs;   // kCreate of an index, trigger or view: the column
                                         // names it reads, "*" for every column of what it reads
  bool temporary = false;           // kCreate: TEMP/TEMPORARY, gone with the session
  bool if_exists = false;           // IF [NOT] EXISTS / missing_ok: the statement may do nothing
  bool cascade = false;             // kDrop, kTruncate: CASCADE
  bool unique = false;              // kCreate of an index: UNIQUE
  bool concurrently = false;        // kCreate/kDrop of an index: CONCURRENTLY

  friend bool operator==(const Intent&, const Intent&) = default;
};

/// A name a statement uses without creating it: the evidence for the
/// extensions it needs (an operator class in an index, a function it calls,
/// a type it names).
struct NameUse {
  enum class Kind { kOperatorClass, kFunction, kType };
  Kind kind = Kind::kFunction;
  ObjectName name;  // schema empty when unqualified

  friend bool operator==(const NameUse&, const NameUse&) = default;
};

/// Everything the database's grammar says about one statement.
struct StatementIntent {
  std::vector<Intent> intents;  // in the order the statement does them
  /// False when the grammar could not read the statement (PostgreSQL syntax
  /// newer than the parser's), or it runs code whose effects are not known
  /// in advance (DO, CALL, a function called for its side effects).
  bool understood = true;
  /// VACUUM, ANALYZE, REINDEX, CLUSTER, REFRESH MATERIALIZED VIEW,
  /// CHECKPOINT: work that may legitimately change nothing visible.
  bool maintenance = false;
  /// Why the statement cannot run inside a transaction block (or is
  /// silently ignored there), if so.
  std::optional<std::string> refused_in_transaction;
  std::vector<NameUse> uses;
};

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_INTENT_H_
