// DescribedMigration: the input of verify/ — statements with what the
// database's grammar says each one does (verify::DescribedStatement) — built
// by hand, so the verify layer is tested without a parser or a database.
//
//   DescribedMigration m;
//   m.Run("CREATE TABLE new_x (id int)", {CreateTable("new_x", {"id"})});
//   m.Run("DROP TABLE x", {Drop(ObjectKind::kTable, "x")});
//   InferEffects(m.statements());
//
// Each statement takes the next line of the current file (the first is line
// 1 of "m.sql"); File() starts another file of a chain at line 1. Names are
// written as in SQL: "s.t" is schema-qualified, and a part written in double
// quotes is quoted (exact, as PostgreSQL's parser reports every name).
//
// Thread safety: one object per test.

#ifndef MIGRATOR_TESTS_VERIFY_DESCRIBED_MIGRATION_H_
#define MIGRATOR_TESTS_VERIFY_DESCRIBED_MIGRATION_H_

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrator/script/intent.h"
#include "migrator/script/postcondition.h"
#include "migrator/script/statement.h"
#include "migrator/verify/implied_effects.h"

namespace migrate::verify::described {

using script::Identifier;
using script::Intent;
using script::NameUse;
using script::ObjectKind;
using script::ObjectName;
using script::StatementIntent;

/// `"x"` quoted (without its quotes), `x` unquoted.
inline Identifier Id(std::string_view part) {
  if (part.size() >= 2 && part.front() == '"' && part.back() == '"') {
    return Identifier{std::string(part.substr(1, part.size() - 2)), true};
  }
  return Identifier{std::string(part), false};
}

/// "schema.name" or "name".
inline ObjectName Name(std::string_view text) {
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return ObjectName{{}, Id(text)};
  return ObjectName{Id(text.substr(0, dot)), Id(text.substr(dot + 1))};
}

inline Intent Make(Intent::Action action, ObjectKind kind, std::string_view object) {
  Intent intent;
  intent.action = action;
  intent.kind = kind;
  intent.object = Name(object);
  return intent;
}

inline Intent Create(ObjectKind kind, std::string_view name) {
  return Make(Intent::Action::kCreate, kind, name);
}

inline Intent CreateTable(std::string_view name, const std::vector<std::string_view>& columns) {
  Intent intent = Create(ObjectKind::kTable, name);
  for (std::string_view column : columns) intent.columns.push_back(Id(column));
  return intent;
}

inline Intent CreateIndex(std::string_view name, std::string_view table) {
  Intent intent = Create(ObjectKind::kIndex, name);
  intent.table = Name(table);
  return intent;
}

inline Intent Drop(ObjectKind kind, std::string_view name) {
  return Make(Intent::Action::kDrop, kind, name);
}

inline Intent Rename(ObjectKind kind, std::string_view name, std::string_view new_name) {
  Intent intent = Make(Intent::Action::kRename, kind, name);
  intent.new_name = Id(new_name);
  return intent;
}

inline Intent AddColumn(std::string_view table, std::string_view column) {
  Intent intent = Make(Intent::Action::kAddColumn, ObjectKind::kTable, table);
  intent.column = Id(column);
  return intent;
}

inline Intent DropColumn(std::string_view table, std::string_view column) {
  Intent intent = Make(Intent::Action::kDropColumn, ObjectKind::kTable, table);
  intent.column = Id(column);
  return intent;
}

inline Intent RenameColumn(std::string_view table, std::string_view column, std::string_view new_name) {
  Intent intent = Make(Intent::Action::kRenameColumn, ObjectKind::kTable, table);
  intent.column = Id(column);
  intent.new_name = Id(new_name);
  return intent;
}

/// A row change (kInsert, kUpdate, kDelete, kTruncate) of `table`.
inline Intent Write(Intent::Action action, std::string_view table) {
  return Make(action, ObjectKind::kTable, table);
}

/// `intent` with its `flag` set: Flagged(Drop(...), &Intent::cascade).
inline Intent Flagged(Intent intent, bool Intent::*flag) {
  intent.*flag = true;
  return intent;
}

inline Intent Temporary(Intent intent) { return Flagged(std::move(intent), &Intent::temporary); }
inline Intent IfExists(Intent intent) { return Flagged(std::move(intent), &Intent::if_exists); }
inline Intent Cascade(Intent intent) { return Flagged(std::move(intent), &Intent::cascade); }
inline Intent Unique(Intent intent) { return Flagged(std::move(intent), &Intent::unique); }

inline NameUse Use(NameUse::Kind kind, std::string_view name) { return NameUse{kind, Name(name)}; }

/// What the grammar says of a statement it cannot read, or that runs code (DO, CALL).
inline StatementIntent NotUnderstood() {
  StatementIntent intent;
  intent.understood = false;
  return intent;
}

/// VACUUM, ANALYZE, ...
inline StatementIntent Maintenance() {
  StatementIntent intent;
  intent.maintenance = true;
  return intent;
}

class DescribedMigration {
 public:
  DescribedMigration() = default;
  DescribedMigration(const DescribedMigration&) = delete;  // statements() points into it
  DescribedMigration& operator=(const DescribedMigration&) = delete;

  /// Starts file `path` of a chain; its next statement is on line 1.
  DescribedMigration& File(std::string path) {
    path_ = std::move(path);
    next_line_ = 1;
    return *this;
  }

  /// Adds a statement that does `intent`, on the next line.
  DescribedMigration& Run(std::string text, StatementIntent intent) {
    texts_.push_back(script::Statement{std::move(text), next_line_++});
    statements_.push_back(DescribedStatement{&texts_.back(), std::move(intent), path_});
    return *this;
  }

  /// Adds a statement the grammar understood, doing `intents`.
  DescribedMigration& Run(std::string text, std::vector<Intent> intents) {
    StatementIntent intent;
    intent.intents = std::move(intents);
    return Run(std::move(text), std::move(intent));
  }

  const std::vector<DescribedStatement>& statements() const { return statements_; }

 private:
  std::deque<script::Statement> texts_;  // a deque: DescribedStatement points into it
  std::vector<DescribedStatement> statements_;
  std::string path_ = "m.sql";
  int next_line_ = 1;
};

}  // namespace migrate::verify::described

#endif  // MIGRATOR_TESTS_VERIFY_DESCRIBED_MIGRATION_H_
