// Implied effects: the net effect of a migration's statements on the schema,
// as the postconditions it implies (contract, guarantee 2: "a CREATE TABLE x
// must leave a table x unless a later statement of the same migration drops
// or renames it"). The input is what the database's own grammar said each
// statement does (script/intent.h, from Dialect::Describe), never our own
// reading of the SQL text.
//
// Folding, in statement order, one entry per object (kind and name): a later
// statement supersedes what earlier ones implied.
//   create           -> the object exists (a table with the columns the
//                       grammar reported; an index unique where it said
//                       UNIQUE, in its table's schema when unqualified)
//   drop             -> the object is absent. What the database drops with
//                       it implicitly is forgotten (neither expected nor
//                       expected absent), as far as the grammar shows the
//                       dependency (Intent::table, reads, column_refs):
//                       - a dropped table, view or materialized view takes
//                         its columns, indexes, triggers, owned sequences and
//                         partitions (PARTITION OF, ATTACH PARTITION), and
//                         theirs; a dropped schema every object in it;
//                       - its CASCADE takes the views and materialized views
//                         whose queries name it, the tables that inherit
//                         from it, the functions whose signatures name its
//                         row type, and what depends on those;
//                       - a CASCADE of anything else (a type, function,
//                         extension, schema) forgets every dependent kind
//                         (views, indexes, triggers, functions, types,
//                         columns, and the column lists of tables): the tree
//                         does not say which of them depend on it
//   rename           -> the new name exists, the old is absent; a relation's
//                       columns, indexes, triggers and partitions move with
//                       it, and what read it reads the new name, so SQLite's
//                       table rebuild (CREATE new_x; copy; DROP x; RENAME
//                       new_x TO x) implies table x with new_x's columns and
//                       no new_x. ADD CONSTRAINT c ... USING INDEX i renames
//                       index i to c.
//   add/drop/rename column -> the column present / absent / moved. A dropped
//                       column takes the indexes (and triggers) that read it,
//                       with CASCADE the views that may read it (mention its
//                       name or `*`), and is dropped from the partitions; a
//                       renamed one is renamed where they read it.
// Deliberately not implied, because it could be false:
//   - anything about a temporary object (it vanishes with the session);
//   - the absence of a function after DROP FUNCTION (functions overload, and
//     a postcondition names a function without its argument types), or of a
//     trigger after DROP TRIGGER (PostgreSQL names triggers per table);
//   - anything from a statement the grammar could not read, or that runs
//     code (DO, CALL): its effects are not known in advance.
//
// Names: PostgreSQL's parser reports exact catalog spellings (quoted); SQLite
// reports names as written and compares them case-insensitively (unquoted).
// Keys are the folded object name without its schema: a schema-qualified and
// an unqualified name are taken as the same object (the search_path is the
// server's business).
//
// Each postcondition's origin is `path:line` of the statement that produced
// it (for a renamed table, the rename), its source that statement's text,
// shortened. Postconditions come out ordered by origin.
//
// Thread safety: pure functions.

#ifndef MIGRATOR_VERIFY_IMPLIED_EFFECTS_H_
#define MIGRATOR_VERIFY_IMPLIED_EFFECTS_H_

#include <string>
#include <vector>

#include "migrator/script/intent.h"
#include "migrator/script/postcondition.h"
#include "migrator/script/statement.h"

namespace migrate::verify {

/// One statement with what the database's grammar says it does, and the
/// file it comes from.
struct DescribedStatement {
  const script::Statement* statement = nullptr;
  script::StatementIntent intent;
  std::string path;
};

/// The fold of `statements` (one migration, or a chain of them, in the
/// order they ran).
struct FoldedEffects {
  /// The postconditions implied, ordered by origin.
  std::vector<script::Postcondition> postconditions;
  /// The facts a later statement took back without implying their opposite
  /// (what the database dropped implicitly, or may have), in the order they
  /// were taken: each as it was, its origin and source now the statement
  /// that took it. What an earlier `expect:` line says about them is
  /// superseded by that statement.
  std::vector<script::Postcondition> taken;
};

/// The fold of `statements`. Never fails.
FoldedEffects FoldEffects(const std::vector<DescribedStatement>& statements);

/// FoldEffects(statements).postconditions.
std::vector<script::Postcondition> InferEffects(const std::vector<DescribedStatement>& statements);

/// `id` as a key: exact when quoted, ASCII lower case otherwise.
std::string FoldName(const script::Identifier& id);

}  // namespace migrate::verify

#endif  // MIGRATOR_VERIFY_IMPLIED_EFFECTS_H_
