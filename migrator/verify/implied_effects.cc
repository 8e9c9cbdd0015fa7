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

// The kinds a DROP ... CASCADE of anything but a relation may take with it.
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

// Tables, views and materialized views: what has columns, indexes and
// triggers of its own, and what a view's query reads.
bool IsRelation(ObjectKind kind) {
  return kind == ObjectKind::kTable || kind == ObjectKind::kView ||
         kind == ObjectKind::kMaterializedView;
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

  FoldedEffects Result() const {
    std::vector<std::pair<int, const Postcondition*>> ordered;
    for (const auto& [key, fact] : facts_) ordered.emplace_back(fact.order, &fact.postcondition);
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    FoldedEffects result;
    for (const auto& [order, p] : ordered) result.postconditions.push_back(*p);
    result.taken = taken_;
    return result;
  }

 private:
  struct Fact {
    int order = 0;
    Postcondition postcondition;
    // What the object belongs to and is dropped with, folded: an index's,
    // trigger's or column's table, a partition's parent, an owned
    // sequence's table; "" otherwise.
    std::string table;
    std::vector<std::string> reads;        // Intent::reads, folded
    std::vector<std::string> column_refs;  // Intent::column_refs, folded
  };

  void Apply(const Intent& intent, const DescribedStatement& s) {
    switch (intent.action) {
      case Intent::Action::kCreate: return Create(intent, s);
      case Intent::Action::kDrop: return Drop(intent, s);
      case Intent::Action::kRename: return Rename(intent, s);
      case Intent::Action::kAddColumn:
        return SetColumn(intent.object, intent.column, Postcondition::Kind::kExists, s);
      case Intent::Action::kDropColumn:
        SetColumn(intent.object, intent.column, Postcondition::Kind::kAbsent, s);
        return DropColumnOf(FoldName(intent.object.name), FoldName(intent.column), intent.cascade,
                            s);
      case Intent::Action::kRenameColumn:
        RenameColumnRefs(FoldName(intent.object.name), FoldName(intent.column),
                         FoldName(intent.new_name));
        SetColumn(intent.object, intent.column, Postcondition::Kind::kAbsent, s);
        return SetColumn(intent.object, intent.new_name, Postcondition::Kind::kExists, s);
      case Intent::Action::kAttachPartition:
      case Intent::Action::kDetachPartition:
        return SetPartitionOf(intent);
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

  void Put(const std::string& key, Fact fact) {
    fact.order = next_order_++;
    facts_[key] = std::move(fact);
  }

  void Put(const std::string& key, Postcondition p, std::string table = "") {
    Put(key, Fact{0, std::move(p), std::move(table), {}, {}});
  }

  // An index or trigger on a temporary table of this migration is temporary too.
  bool OnTemporaryTable(const Intent& intent) const {
    return !intent.table.name.text.empty() &&
           temporary_.count(ObjectKey(ObjectKind::kTable, intent.table.name)) > 0;
  }

  static std::vector<std::string> Folded(const std::vector<Identifier>& names) {
    std::vector<std::string> folded;
    for (const Identifier& name : names) folded.push_back(FoldName(name));
    return folded;
  }

  void Create(const Intent& intent, const DescribedStatement& s) {
    const std::string key = ObjectKey(intent.kind, intent.object.name);
    if (intent.temporary || OnTemporaryTable(intent)) {
      facts_.erase(key);
      temporary_.insert(key);
      return;
    }
    temporary_.erase(key);
    Fact fact{0, NewFact(Postcondition::Kind::kExists, intent.kind, intent.object, s),
              FoldName(intent.table.name), {}, Folded(intent.column_refs)};
    for (const ObjectName& read : intent.reads) fact.reads.push_back(FoldName(read.name));
    Postcondition& p = fact.postcondition;
    switch (intent.kind) {
      case ObjectKind::kTable:
        p.columns = intent.columns;
        ForgetColumnsOf(FoldName(intent.object.name), s);  // a new table starts from its own columns
        break;
      case ObjectKind::kIndex:
      case ObjectKind::kTrigger:
        p.unique = intent.kind == ObjectKind::kIndex && intent.unique;
        // PostgreSQL puts an index (and names a trigger) in its table's schema.
        if (p.object.schema.text.empty()) p.object.schema = intent.table.schema;
        break;
      default:
        break;
    }
    Put(key, std::move(fact));
  }

  void Drop(const Intent& intent, const DescribedStatement& s) {
    const std::string key = ObjectKey(intent.kind, intent.object.name);
    const std::string name = FoldName(intent.object.name);
    const bool temporary = temporary_.erase(key) > 0;
    if (IsRelation(intent.kind)) TakeBelonging(name, s);
    if (intent.kind == ObjectKind::kSchema) ForgetSchema(name, s);
    if (intent.cascade && IsRelation(intent.kind)) TakeReaders(name, "", s);
    if (intent.cascade && !IsRelation(intent.kind)) ForgetDependents(s);
    if (temporary || intent.kind == ObjectKind::kFunction || intent.kind == ObjectKind::kTrigger) {
      facts_.erase(key);
      return;
    }
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
    Fact moved = was_created_here
                     ? known->second
                     : Fact{0, NewFact(Postcondition::Kind::kExists, intent.kind, renamed, s)};
    moved.postcondition.object = renamed;
    moved.postcondition.origin = base::Location{s.path, s.statement->line};
    moved.postcondition.source = base::OneLine(s.statement->text, 200);
    Put(old_key, NewFact(Postcondition::Kind::kAbsent, intent.kind, intent.object, s));
    if (IsRelation(intent.kind)) {
      MoveTable(FoldName(intent.object.name), FoldName(intent.new_name), intent.new_name);
    }
    Put(new_key, std::move(moved));
  }

  void SetColumn(const ObjectName& table, const Identifier& column, Postcondition::Kind kind,
                 const DescribedStatement& s) {
    if (temporary_.count(ObjectKey(ObjectKind::kTable, table.name)) > 0) return;
    Postcondition p = NewFact(kind, ObjectKind::kColumn, table, s);
    p.column = column;
    if (kind == Postcondition::Kind::kAbsent) {
      RemoveFromColumnList(FoldName(table.name), FoldName(column));
    }
    Put(ColumnKey(table.name, column), std::move(p), FoldName(table.name));
  }

  // DROP COLUMN: what reads the column goes with it — its table's indexes
  // (and triggers, which only a CASCADE lets go) on it, and with CASCADE
  // the views that may read it (mentioning its name, or `*`). A partition
  // loses the column with its parent.
  void DropColumnOf(const std::string& table, const std::string& column, bool cascade,
                    const DescribedStatement& s) {
    Take(s, [&](const Fact& f) {
      return f.table == table && f.postcondition.object_kind != ObjectKind::kColumn &&
             !IsRelation(f.postcondition.object_kind) && Reads(f, column);
    });
    if (cascade) TakeReaders(table, column, s);
    for (const std::string& partition : PartitionsOf(table)) {
      RemoveFromColumnList(partition, column);
      DropColumnOf(partition, column, cascade, s);
    }
  }

  // A renamed column keeps what reads it (PostgreSQL follows it by number):
  // their references now bear the new name.
  void RenameColumnRefs(const std::string& table, const std::string& from, const std::string& to) {
    for (auto& [key, fact] : facts_) {
      const bool on_table = fact.table == table ||
                            std::find(fact.reads.begin(), fact.reads.end(), table) != fact.reads.end();
      if (!on_table) continue;
      std::replace(fact.column_refs.begin(), fact.column_refs.end(), from, to);
    }
    for (const std::string& partition : PartitionsOf(table)) {
      RemoveFromColumnList(partition, from);
      RenameColumnRefs(partition, from, to);
    }
  }

  // ATTACH PARTITION makes a known table one its parent's drop takes;
  // DETACH PARTITION undoes that.
  void SetPartitionOf(const Intent& intent) {
    auto known = facts_.find(ObjectKey(ObjectKind::kTable, intent.object.name));
    if (known == facts_.end() || known->second.postcondition.kind != Postcondition::Kind::kExists) {
      return;
    }
    const std::string parent = FoldName(intent.table.name);
    if (intent.action == Intent::Action::kAttachPartition) {
      known->second.table = parent;
    } else if (known->second.table == parent) {
      known->second.table.clear();
    }
  }

  static bool Reads(const Fact& f, const std::string& column) {
    return std::any_of(f.column_refs.begin(), f.column_refs.end(),
                       [&](const std::string& c) { return c == column || c == "*"; });
  }

  // The known partitions of `table`, folded.
  std::vector<std::string> PartitionsOf(const std::string& table) const {
    std::vector<std::string> partitions;
    for (const auto& [key, fact] : facts_) {
      if (fact.table == table && fact.postcondition.object_kind == ObjectKind::kTable &&
          fact.postcondition.kind == Postcondition::Kind::kExists) {
        partitions.push_back(FoldName(fact.postcondition.object.name));
      }
    }
    return partitions;
  }

  // Keeps a `table t(a, b)` fact in step with later column changes, so it
  // does not demand a column that was dropped or renamed. A column added
  // later is its own fact: the CREATE did not make it, and a message about
  // it must name the statement that did.
  void RemoveFromColumnList(const std::string& table, const std::string& column) {
    for (auto& [key, fact] : facts_) {
      Postcondition& p = fact.postcondition;
      if (p.object_kind != ObjectKind::kTable || FoldName(p.object.name) != table) continue;
      std::erase_if(p.columns, [&](const Identifier& c) { return FoldName(c) == column; });
    }
  }

  // Forgets every fact `taken` selects, remembering each (as it was, its
  // origin now the statement `s` that took it). Returns the relations among
  // them, folded, whose own objects and readers go too.
  template <typename Predicate>
  std::vector<std::string> Take(const DescribedStatement& s, Predicate taken) {
    std::vector<std::string> relations;
    for (auto it = facts_.begin(); it != facts_.end();) {
      if (!taken(it->second)) {
        ++it;
        continue;
      }
      Postcondition p = std::move(it->second.postcondition);
      if (p.kind == Postcondition::Kind::kExists && IsRelation(p.object_kind)) {
        relations.push_back(FoldName(p.object.name));
      }
      p.origin = base::Location{s.path, s.statement->line};
      p.source = base::OneLine(s.statement->text, 200);
      taken_.push_back(std::move(p));
      it = facts_.erase(it);
    }
    return relations;
  }

  void ForgetColumnsOf(const std::string& table, const DescribedStatement& s) {
    Take(s, [&](const Fact& f) {
      return f.table == table && f.postcondition.object_kind == ObjectKind::kColumn;
    });
  }

  // A dropped relation takes what belongs to it — its columns, indexes,
  // triggers, owned sequences and partitions — and so on down.
  void TakeBelonging(const std::string& relation, const DescribedStatement& s) {
    for (const std::string& partition : Take(s, [&](const Fact& f) { return f.table == relation; })) {
      TakeBelonging(partition, s);
    }
  }

  // DROP ... CASCADE of a relation (or of its `column`, when not "") takes
  // what depends on it: the views that read it (the column), the functions
  // whose signatures name its row type, the tables that inherit from it;
  // then what depends on those.
  void TakeReaders(const std::string& relation, const std::string& column,
                   const DescribedStatement& s) {
    const std::vector<std::string> gone = Take(s, [&](const Fact& f) {
      if (std::find(f.reads.begin(), f.reads.end(), relation) == f.reads.end()) return false;
      if (column.empty()) return true;
      const ObjectKind kind = f.postcondition.object_kind;
      return (kind == ObjectKind::kView || kind == ObjectKind::kMaterializedView) && Reads(f, column);
    });
    for (const std::string& dependent : gone) {
      TakeBelonging(dependent, s);
      TakeReaders(dependent, "", s);
    }
  }

  // What a CASCADE of a type, function, extension or schema may take with
  // it, from views to the columns of a type: nothing in the tree says
  // which, so every such fact is forgotten, and tables keep no column list.
  void ForgetDependents(const DescribedStatement& s) {
    Take(s, [](const Fact& f) {
      const Postcondition& p = f.postcondition;
      return p.kind == Postcondition::Kind::kExists && MayDependOnOthers(p.object_kind);
    });
    for (auto& [key, fact] : facts_) fact.postcondition.columns.clear();
  }

  // A dropped schema takes every object in it.
  void ForgetSchema(const std::string& schema, const DescribedStatement& s) {
    Take(s, [&](const Fact& f) {
      const Postcondition& p = f.postcondition;
      return p.object_kind != ObjectKind::kSchema && !p.object.schema.text.empty() &&
             FoldName(p.object.schema) == schema;
    });
  }

  // A renamed relation's columns, indexes, triggers and partitions now
  // belong to its new name, and what read it reads the new name.
  void MoveTable(const std::string& from, const std::string& to, const Identifier& new_name) {
    std::vector<std::pair<std::string, Fact>> moved;
    for (auto it = facts_.begin(); it != facts_.end();) {
      std::replace(it->second.reads.begin(), it->second.reads.end(), from, to);
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
  std::vector<Postcondition> taken_;  // facts forgotten, in the order they were
  int next_order_ = 0;
};

}  // namespace

std::string FoldName(const Identifier& id) { return id.quoted ? id.text : base::AsciiLower(id.text); }

FoldedEffects FoldEffects(const std::vector<DescribedStatement>& statements) {
  Folder folder;
  for (const DescribedStatement& s : statements) folder.Apply(s);
  return folder.Result();
}

std::vector<Postcondition> InferEffects(const std::vector<DescribedStatement>& statements) {
  return FoldEffects(statements).postconditions;
}

}  // namespace migrate::verify
