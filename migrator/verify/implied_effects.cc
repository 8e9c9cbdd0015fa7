#include "migrator/verify/implied_effects.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "migrator/base/strings.h"

namespace migrate::verify {

namespace {

using script::Identifier;
using script::Intent;
using script::ObjectKind;
using script::ObjectName;
using script::Postcondition;

// The kinds a DROP ... CASCADE may take with it.
bool MayDependOnOthers(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
    case ObjectKind::kIndex:
    case ObjectKind::kTrigger:
    case ObjectKind::kFunction:
    case ObjectKind::kType:
    case ObjectKind::kColumn:
      return true;
    default:
      return false;
  }
}

std::string ObjectKey(ObjectKind kind, const Identifier& name) {
  return std::to_string(static_cast<int>(kind)) + ":" + FoldName(name);
}

std::string ColumnKey(const Identifier& table, const Identifier& column) {
  return "column:" + FoldName(table) + "." + FoldName(column);
}

// The state machine of the header comment: one fact per object key, each
// remembering when it was last set so the result keeps statement order.
class Folder {
 public:
  void Apply(const DescribedStatement& s) {
    if (!s.intent.understood) return;
    for (const Intent& intent : s.intent.intents) Apply(intent, s);
  }

  std::vector<Postcondition> Result() const {
    std::vector<std::pair<int, const Postcondition*>> ordered;
    for (const auto& [key, fact] : facts_) ordered.emplace_back(fact.order, &fact.postcondition);
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Postcondition> result;
    for (const auto& [order, p] : ordered) result.push_back(*p);
    return result;
  }

 private:
  struct Fact {
    int order = 0;
    Postcondition postcondition;
    std::string table;  // an index's or column's table, folded; "" otherwise
  };

  void Apply(const Intent& intent, const DescribedStatement& s) {
    switch (intent.action) {
      case Intent::Action::kCreate: return Create(intent, s);
      case Intent::Action::kDrop: return Drop(intent, s);
      case Intent::Action::kRename: return Rename(intent, s);
      case Intent::Action::kAddColumn:
        return SetColumn(intent.object, intent.column, Postcondition::Kind::kExists, s);
      case Intent::Action::kDropColumn:
        return SetColumn(intent.object, intent.column, Postcondition::Kind::kAbsent, s);
      case Intent::Action::kRenameColumn:
        SetColumn(intent.object, intent.column, Postcondition::Kind::kAbsent, s);
        return SetColumn(intent.object, intent.new_name, Postcondition::Kind::kExists, s);
      default:
        return;  // writes, ALTERs without a name change, ATTACH: no schema fact
    }
  }

  static Postcondition NewFact(Postcondition::Kind kind, ObjectKind object_kind,
                               const ObjectName& object, const DescribedStatement& s) {
    Postcondition p;
    p.kind = kind;
    p.object_kind = object_kind;
    p.object = object;
    p.origin = base::Location{s.path, s.statement->line};
    p.source = base::OneLine(s.statement->text, 200);
    return p;
  }

  void Put(const std::string& key, Postcondition p, std::string table = "") {
    facts_[key] = Fact{next_order_++, std::move(p), std::move(table)};
  }

  // An index or trigger on a temporary table of this migration is temporary too.
  bool OnTemporaryTable(const Intent& intent) const {
    return !intent.table.name.text.empty() &&
           temporary_.count(ObjectKey(ObjectKind::kTable, intent.table.name)) > 0;
  }

  void Create(const Intent& intent, const DescribedStatement& s) {
    const std::string key = ObjectKey(intent.kind, intent.object.name);
    if (intent.temporary || OnTemporaryTable(intent)) {
      facts_.erase(key);
      temporary_.insert(key);
      return;
    }
    temporary_.erase(key);
    Postcondition p = NewFact(Postcondition::Kind::kExists, intent.kind, intent.object, s);
    std::string table;
    switch (intent.kind) {
      case ObjectKind::kTable:
        p.columns = intent.columns;
        ForgetColumnsOf(FoldName(intent.object.name));  // a new table starts from its own columns
        break;
      case ObjectKind::kIndex:
      case ObjectKind::kTrigger:
        p.unique = intent.kind == ObjectKind::kIndex && intent.unique;
        // PostgreSQL puts an index (and names a trigger) in its table's schema.
        if (p.object.schema.text.empty()) p.object.schema = intent.table.schema;
        table = FoldName(intent.table.name);
        break;
      default:
        break;
    }
    Put(key, std::move(p), std::move(table));
  }

  void Drop(const Intent& intent, const DescribedStatement& s) {
    const std::string key = ObjectKey(intent.kind, intent.object.name);
    if (temporary_.erase(key) > 0 || intent.kind == ObjectKind::kFunction ||
        intent.kind == ObjectKind::kTrigger) {
      facts_.erase(key);
      return;
    }
    if (intent.kind == ObjectKind::kTable) ForgetTable(FoldName(intent.object.name));
    if (intent.kind == ObjectKind::kSchema) ForgetSchema(FoldName(intent.object.name));
    if (intent.cascade) ForgetDependents();
    Put(key, NewFact(Postcondition::Kind::kAbsent, intent.kind, intent.object, s));
  }

  void Rename(const Intent& intent, const DescribedStatement& s) {
    const std::string old_key = ObjectKey(intent.kind, intent.object.name);
    const ObjectName renamed{intent.object.schema, intent.new_name};
    const std::string new_key = ObjectKey(intent.kind, intent.new_name);
    if (temporary_.erase(old_key) > 0) {
      temporary_.insert(new_key);
      facts_.erase(old_key);
      return;
    }
    auto known = facts_.find(old_key);
    const bool was_created_here =
        known != facts_.end() && known->second.postcondition.kind == Postcondition::Kind::kExists;
    if (!was_created_here && intent.if_exists) return;  // it may not exist: nothing certain
    Postcondition moved = was_created_here ? known->second.postcondition
                                           : NewFact(Postcondition::Kind::kExists, intent.kind,
                                                     renamed, s);
    const std::string table = was_created_here ? known->second.table : "";
    moved.object = renamed;
    moved.origin = base::Location{s.path, s.statement->line};
    moved.source = base::OneLine(s.statement->text, 200);
    Put(old_key, NewFact(Postcondition::Kind::kAbsent, intent.kind, intent.object, s));
    if (intent.kind == ObjectKind::kTable) {
      MoveTable(FoldName(intent.object.name), FoldName(intent.new_name), intent.new_name);
    }
    Put(new_key, std::move(moved), table);
  }

  void SetColumn(const ObjectName& table, const Identifier& column, Postcondition::Kind kind,
                 const DescribedStatement& s) {
    if (temporary_.count(ObjectKey(ObjectKind::kTable, table.name)) > 0) return;
    Postcondition p = NewFact(kind, ObjectKind::kColumn, table, s);
    p.column = column;
    UpdateTableColumns(table.name, column, kind == Postcondition::Kind::kExists);
    Put(ColumnKey(table.name, column), std::move(p), FoldName(table.name));
  }

  // Keeps a `table t(a, b)` fact in step with later column changes, so it
  // does not demand a column that was dropped or renamed. A column added
  // later is its own fact: the CREATE did not make it, and a message about
  // it must name the statement that did.
  void UpdateTableColumns(const Identifier& table, const Identifier& column, bool present) {
    if (present) return;
    auto known = facts_.find(ObjectKey(ObjectKind::kTable, table));
    if (known == facts_.end()) return;
    std::vector<Identifier>& columns = known->second.postcondition.columns;
    const std::string folded = FoldName(column);
    columns.erase(std::remove_if(columns.begin(), columns.end(),
                                 [&](const Identifier& c) { return FoldName(c) == folded; }),
                  columns.end());
  }

  void ForgetColumnsOf(const std::string& table) {
    std::erase_if(facts_, [&](const auto& entry) {
      return entry.second.table == table &&
             entry.second.postcondition.object_kind == ObjectKind::kColumn;
    });
  }

  // A dropped table takes its columns and indexes with it.
  void ForgetTable(const std::string& table) {
    std::erase_if(facts_, [&](const auto& entry) { return entry.second.table == table; });
  }

  // What a CASCADE may take with it, from views to the columns of a type
  // or an extension it drops: forgotten, and tables keep no column list.
  void ForgetDependents() {
    std::erase_if(facts_, [](const auto& entry) {
      const Postcondition& p = entry.second.postcondition;
      return p.kind == Postcondition::Kind::kExists && MayDependOnOthers(p.object_kind);
    });
    for (auto& [key, fact] : facts_) fact.postcondition.columns.clear();
  }

  // A dropped schema takes every object in it.
  void ForgetSchema(const std::string& schema) {
    std::erase_if(facts_, [&](const auto& entry) {
      const Postcondition& p = entry.second.postcondition;
      return p.object_kind != ObjectKind::kSchema && !p.object.schema.text.empty() &&
             FoldName(p.object.schema) == schema;
    });
  }

  // A renamed table's columns and indexes now belong to its new name.
  void MoveTable(const std::string& from, const std::string& to, const Identifier& new_name) {
    std::vector<std::pair<std::string, Fact>> moved;
    for (auto it = facts_.begin(); it != facts_.end();) {
      if (it->second.table != from) {
        ++it;
        continue;
      }
      Fact fact = std::move(it->second);
      it = facts_.erase(it);
      fact.table = to;
      std::string key;
      if (fact.postcondition.object_kind == ObjectKind::kColumn) {
        fact.postcondition.object.name = new_name;
        key = ColumnKey(new_name, fact.postcondition.column);
      } else {
        key = ObjectKey(fact.postcondition.object_kind, fact.postcondition.object.name);
      }
      moved.emplace_back(std::move(key), std::move(fact));
    }
    for (auto& [key, fact] : moved) facts_[key] = std::move(fact);
  }

  std::map<std::string, Fact> facts_;
  std::set<std::string> temporary_;  // keys of temporary objects created here
  int next_order_ = 0;
};

}  // namespace

std::string FoldName(const Identifier& id) { return id.quoted ? id.text : base::AsciiLower(id.text); }

std::vector<Postcondition> InferEffects(const std::vector<DescribedStatement>& statements) {
  Folder folder;
  for (const DescribedStatement& s : statements) folder.Apply(s);
  return folder.Result();
}

}  // namespace migrate::verify
