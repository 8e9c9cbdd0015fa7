#include "migrator/verify/implied_effects.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "migrator/base/strings.h"
#include "migrator/script/sql_lexer.h"

namespace migrate::verify {

namespace {

using script::Identifier;
using script::ObjectKind;
using script::ObjectName;
using script::Postcondition;
using script::Token;

// `token` is the unquoted word `upper` (an upper-case ASCII keyword), in any case.
bool IsKeyword(const Token& token, std::string_view upper) {
  if (token.kind != Token::Kind::kWord || token.text.size() != upper.size()) return false;
  for (std::size_t i = 0; i < upper.size(); ++i) {
    char c = token.text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

// The statement text as a postcondition's source: at most ~200 bytes, cut
// on a UTF-8 character boundary.
std::string Shorten(const std::string& text) {
  constexpr std::size_t kMax = 200;
  if (text.size() <= kMax) return text;
  std::size_t cut = kMax - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

// --- Reading a statement's tokens --------------------------------------------

class Reader {
 public:
  Reader(const std::vector<Token>& tokens, bool sqlite) : tokens_(tokens), sqlite_(sqlite) {}

  bool AtEnd() const { return pos_ >= tokens_.size(); }

  bool Peek(std::string_view keyword) const {
    return !AtEnd() && IsKeyword(tokens_[pos_], keyword);
  }
  bool PeekAny(std::initializer_list<std::string_view> keywords) const {
    return std::any_of(keywords.begin(), keywords.end(),
                       [&](std::string_view k) { return Peek(k); });
  }
  bool PeekPunct(std::string_view punct) const {
    return !AtEnd() && tokens_[pos_].kind == Token::Kind::kPunct && tokens_[pos_].text == punct;
  }

  bool Accept(std::string_view keyword) {
    if (!Peek(keyword)) return false;
    ++pos_;
    return true;
  }
  /// Accepts the whole sequence of keywords, or nothing.
  bool Accept(std::initializer_list<std::string_view> keywords) {
    std::size_t at = pos_;
    for (std::string_view k : keywords) {
      if (at >= tokens_.size() || !IsKeyword(tokens_[at], k)) return false;
      ++at;
    }
    pos_ = at;
    return true;
  }
  bool AcceptPunct(std::string_view punct) {
    if (!PeekPunct(punct)) return false;
    ++pos_;
    return true;
  }

  /// A name: an unquoted word, a quoted identifier, or on SQLite a string
  /// (SQLite accepts 'name' where a name is expected).
  std::optional<Identifier> Name() {
    if (AtEnd()) return std::nullopt;
    const Token& t = tokens_[pos_];
    if (t.kind == Token::Kind::kWord || t.kind == Token::Kind::kQuotedIdentifier ||
        (sqlite_ && t.kind == Token::Kind::kString)) {
      ++pos_;
      return Identifier{t.text, t.kind != Token::Kind::kWord};
    }
    return std::nullopt;
  }

  /// `name`, `schema.name` or `db.schema.name` (the last two parts kept).
  std::optional<ObjectName> QualifiedName() {
    std::optional<Identifier> first = Name();
    if (!first) return std::nullopt;
    ObjectName name{{}, *first};
    while (PeekPunct(".")) {
      const std::size_t before = pos_++;
      std::optional<Identifier> next = Name();
      if (!next) {
        pos_ = before;
        break;
      }
      name.schema = std::move(name.name);
      name.name = std::move(*next);
    }
    return name;
  }

  /// Skips one token, or a whole parenthesized group if it opens one.
  void Skip() {
    int depth = 0;
    do {
      if (PeekPunct("(")) ++depth;
      if (PeekPunct(")")) --depth;
      ++pos_;
    } while (depth > 0 && !AtEnd());
  }

  /// Skips to the next `,` or `)` outside parentheses (not consumed), or the end.
  void SkipElement() {
    while (!AtEnd() && !PeekPunct(",") && !PeekPunct(")")) Skip();
  }

  /// Skips past the next `keywords` sequence outside parentheses; false if there is none.
  bool SkipPast(std::initializer_list<std::string_view> keywords) {
    while (!AtEnd()) {
      if (Accept(keywords)) return true;
      Skip();
    }
    return false;
  }

 private:
  const std::vector<Token>& tokens_;
  bool sqlite_;
  std::size_t pos_ = 0;
};

// --- The fold: one entry per object, updated statement by statement ----------
//
// Each entry is in one of three states, and each statement moves entries
// between them (rows: the statement; "-" = the entry is erased, nothing is
// implied about the object any more):
//
//   statement              | no entry / kAbsent / kColumnsOnly | kExists
//   -----------------------+-----------------------------------+---------------------------
//   CREATE x               | kExists (create's columns)         | kExists (replaced), or
//                          |                                    |   unchanged if IF NOT EXISTS
//   DROP x                 | kAbsent; x's dependents -          | kAbsent; dependents -
//   ALTER x RENAME TO y    | y: kExists, x: kAbsent             | y: the entry, kExists; x: kAbsent
//   ALTER TABLE x ADD c    | kColumnsOnly (+ c present)         | kExists (+ c present)
//   ALTER TABLE x DROP c   | kColumnsOnly (+ c absent)          | kExists (+ c absent)
//
// Temporary objects get entries too (so that later statements on them are
// understood) but imply nothing; dropping one erases its entry.

enum class State {
  kExists,       // the object exists (a table: with its `columns` facts)
  kAbsent,       // the object does not exist
  kColumnsOnly,  // a table this migration did not create: only column facts are known
};

struct ColumnFact {
  Identifier name;
  bool present = true;
  bool from_create = false;  // listed by the CREATE TABLE (reported with the table)
  base::Location origin;
  std::string source;
};

struct Entry {
  ObjectKind kind = ObjectKind::kTable;
  ObjectName name;  // as last written
  State state = State::kExists;
  bool temp = false;
  std::vector<ColumnFact> columns;  // tables
  std::optional<ObjectName> table;  // indexes, triggers, owned sequences: the table they go with
  std::vector<std::string> refs;    // folded names the defining statement mentions (CASCADE)
  base::Location origin;
  std::string source;
  std::uint64_t seq = 0;  // when the entry last changed state, for output order
};

class Fold {
 public:
  explicit Fold(bool sqlite) : sqlite_(sqlite) {}

  bool sqlite() const { return sqlite_; }

  /// Sets the statement that the next changes come from.
  void BeginStatement(base::Location origin, std::string source, std::vector<std::string> refs) {
    origin_ = std::move(origin);
    source_ = std::move(source);
    refs_ = std::move(refs);
  }

  bool IsTempSchema(const Identifier& schema) const {
    const std::string s = FoldId(schema);
    return s == "temp" || s == "pg_temp" || (sqlite_ && s == "temporary");
  }

  void Create(ObjectKind kind, const ObjectName& name, bool temp, bool if_not_exists,
              std::vector<Identifier> columns = {}, std::optional<ObjectName> table = {}) {
    auto existing = Find(kind, name, table);
    if (existing != entries_.end()) {
      // IF NOT EXISTS on an object known to exist does nothing.
      if (if_not_exists && existing->second.state != State::kAbsent) return;
      entries_.erase(existing);
    }
    Entry e = NewEntry(kind, name, State::kExists);
    e.temp = temp || IsTempSchema(name.schema) || OnTempTable(table) ||
             (kind == ObjectKind::kView && MentionsTempTable());
    for (Identifier& c : columns) {
      e.columns.push_back(ColumnFact{std::move(c), true, true, origin_, source_});
    }
    e.table = std::move(table);
    e.refs = refs_;
    Put(std::move(e));
  }

  void Drop(ObjectKind kind, const ObjectName& name, const std::optional<ObjectName>& table,
            bool cascade) {
    auto existing = Find(kind, name, table);
    bool temp = false;
    if (existing != entries_.end()) {
      temp = existing->second.temp;
      entries_.erase(existing);
    }
    ForgetDependentsOf(kind, name);
    if (cascade) ForgetReferrers(kind, name);
    if (temp || !AbsenceIsCertain(kind)) return;
    Put(NewEntry(kind, name, State::kAbsent, table));
  }

  void Rename(ObjectKind kind, const ObjectName& from, const std::optional<ObjectName>& table,
              const Identifier& to, bool if_exists) {
    auto existing = entries_.end();
    for (ObjectKind candidate : RenameCandidates(kind)) {
      existing = Find(candidate, from, table);
      if (existing != entries_.end()) break;
    }
    if (existing == entries_.end()) {
      if (if_exists) return;  // it may have done nothing
      // On PostgreSQL, ALTER TABLE also renames views, sequences and indexes,
      // so the new name's kind is unknown; the old name is no table either way.
      if (!sqlite_ && kind == ObjectKind::kTable) {
        Put(NewEntry(kind, from, State::kAbsent, table));
        return;
      }
    } else if (existing->second.state == State::kAbsent) {
      return;  // the statement fails
    }

    Entry moved = existing != entries_.end() ? std::move(existing->second)
                                             : NewEntry(kind, from, State::kExists, table);
    if (existing != entries_.end()) entries_.erase(existing);
    // The new name stays in the object's schema.
    const ObjectName to_name{from.schema.text.empty() ? moved.name.schema : from.schema, to};
    if (moved.kind == ObjectKind::kTable) RetargetDependents(from, to_name);
    if (moved.kind == ObjectKind::kSchema) ForgetInSchema(from.name);
    moved.name = to_name;
    moved.state = State::kExists;
    moved.origin = origin_;
    moved.source = source_;
    moved.seq = ++seq_;
    const bool temp = moved.temp;
    const ObjectKind moved_kind = moved.kind;
    auto target = Find(moved_kind, to_name, moved.table);  // e.g. absent after a DROP
    if (target != entries_.end()) entries_.erase(target);
    Put(std::move(moved));
    if (!temp && AbsenceIsCertain(moved_kind)) {
      Put(NewEntry(moved_kind, from, State::kAbsent, table));
    }
  }

  /// Records that `column` of `table` is present or absent.
  void SetColumn(const ObjectName& table, const Identifier& column, bool present) {
    Entry* e = TableEntry(table);
    if (e == nullptr) return;
    const std::string key = FoldId(column);
    auto it = std::find_if(e->columns.begin(), e->columns.end(),
                           [&](const ColumnFact& c) { return FoldId(c.name) == key; });
    ColumnFact fact{column, present, false, origin_, source_};
    if (it != e->columns.end()) {
      *it = std::move(fact);
    } else {
      e->columns.push_back(std::move(fact));
    }
  }

  /// Whether this migration's statements so far show that `name` exists.
  bool Exists(ObjectKind kind, const ObjectName& name) {
    auto it = Find(kind, name, std::nullopt);
    return it != entries_.end() && it->second.state != State::kAbsent;
  }

  /// ALTER SEQUENCE ... OWNED BY: the sequence now goes with `table`.
  void SetTable(ObjectKind kind, const ObjectName& name, std::optional<ObjectName> table) {
    auto it = Find(kind, name, std::nullopt);
    if (it == entries_.end()) return;
    Entry e = std::move(it->second);
    entries_.erase(it);
    e.table = std::move(table);
    Put(std::move(e));
  }

  /// Forgets everything implied about `name` (it moved out of sight, e.g. SET SCHEMA).
  void Forget(ObjectKind kind, const ObjectName& name) {
    auto it = Find(kind, name, std::nullopt);
    if (it != entries_.end()) entries_.erase(it);
    if (kind == ObjectKind::kTable) ForgetDependentsOf(kind, name);
  }

  /// DROP EXTENSION ... CASCADE: any view, index, function, trigger, type or
  /// column may have depended on it.
  void ForgetAllDependents() {
    for (auto it = entries_.begin(); it != entries_.end();) {
      Entry& e = it->second;
      if (e.state != State::kAbsent && e.kind == ObjectKind::kTable) {
        e.columns.clear();
        if (e.state == State::kColumnsOnly) {
          it = entries_.erase(it);
          continue;
        }
      }
      if (e.state != State::kAbsent && IsDependentKind(e.kind)) {
        it = entries_.erase(it);
        continue;
      }
      ++it;
    }
  }

  /// The postconditions, ordered by origin line.
  std::vector<Postcondition> Result() const {
    std::vector<const Entry*> order;
    for (const auto& [key, e] : entries_) order.push_back(&e);
    std::sort(order.begin(), order.end(),
              [](const Entry* a, const Entry* b) { return a->seq < b->seq; });

    std::vector<Postcondition> out;
    for (const Entry* e : order) {
      if (e->temp) continue;
      if (e->state != State::kColumnsOnly) {
        Postcondition p;
        p.kind = e->state == State::kExists ? Postcondition::Kind::kExists
                                            : Postcondition::Kind::kAbsent;
        p.object_kind = e->kind;
        p.object = e->name;
        p.origin = e->origin;
        p.source = e->source;
        if (e->state == State::kExists) {
          for (const ColumnFact& c : e->columns) {
            if (c.present && c.from_create) p.columns.push_back(c.name);
          }
        }
        out.push_back(std::move(p));
      }
      if (e->state == State::kAbsent) continue;
      for (const ColumnFact& c : e->columns) {
        if (c.present && c.from_create) continue;
        Postcondition p;
        p.kind = c.present ? Postcondition::Kind::kExists : Postcondition::Kind::kAbsent;
        p.object_kind = ObjectKind::kColumn;
        p.object = e->name;
        p.column = c.name;
        p.origin = c.origin;
        p.source = c.source;
        out.push_back(std::move(p));
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const Postcondition& a, const Postcondition& b) {
      return a.origin.line < b.origin.line;
    });
    return out;
  }

 private:
  using Map = std::map<std::string, Entry>;

  // PostgreSQL folds unquoted names to lower case; SQLite ignores case always.
  std::string FoldId(const Identifier& id) const {
    return id.quoted && !sqlite_ ? id.text : base::AsciiLower(id.text);
  }
  std::string SchemaKey(const Identifier& schema) const {
    std::string s = FoldId(schema);
    if (sqlite_ && s == "main") s.clear();
    return s;
  }
  bool SameObject(const ObjectName& a, const ObjectName& b) const {
    if (FoldId(a.name) != FoldId(b.name)) return false;
    const std::string sa = SchemaKey(a.schema), sb = SchemaKey(b.schema);
    return sa == sb || sa.empty() || sb.empty();
  }

  // PostgreSQL triggers are named per table, so their key holds the table.
  bool KeyedByTable(ObjectKind kind) const { return kind == ObjectKind::kTrigger && !sqlite_; }

  std::string Key(ObjectKind kind, const ObjectName& name,
                  const std::optional<ObjectName>& table) const {
    std::string key = script::ObjectKindName(kind);
    key += ':';
    if (KeyedByTable(kind) && table) {
      key += SchemaKey(table->schema) + '.' + FoldId(table->name) + '/';
    } else {
      key += SchemaKey(name.schema) + '.';
    }
    return key + FoldId(name.name);
  }

  Map::iterator Find(ObjectKind kind, const ObjectName& name,
                     const std::optional<ObjectName>& table) {
    auto it = entries_.find(Key(kind, name, table));
    if (it != entries_.end()) return it;
    // Same object written with and without a schema.
    for (it = entries_.begin(); it != entries_.end(); ++it) {
      const Entry& e = it->second;
      if (e.kind != kind || !SameObject(e.name, name)) continue;
      if (KeyedByTable(kind) && (!table || !e.table || !SameObject(*e.table, *table))) continue;
      return it;
    }
    return entries_.end();
  }

  Entry NewEntry(ObjectKind kind, const ObjectName& name, State state,
                 std::optional<ObjectName> table = {}) {
    Entry e;
    e.kind = kind;
    e.name = name;
    e.state = state;
    e.table = std::move(table);
    e.origin = origin_;
    e.source = source_;
    e.seq = ++seq_;
    return e;
  }

  void Put(Entry e) {
    std::string key = Key(e.kind, e.name, e.table);
    entries_.insert_or_assign(std::move(key), std::move(e));
  }

  // The table entry that column facts about `table` go to; created as
  // kColumnsOnly for a table this migration did not create. nullptr if the
  // table was dropped (the ALTER will fail anyway).
  Entry* TableEntry(const ObjectName& table) {
    auto it = Find(ObjectKind::kTable, table, std::nullopt);
    if (it == entries_.end()) {
      Entry e = NewEntry(ObjectKind::kTable, table, State::kColumnsOnly);
      e.temp = IsTempSchema(table.schema);
      const std::string key = Key(ObjectKind::kTable, table, std::nullopt);
      it = entries_.insert_or_assign(key, std::move(e)).first;
    }
    return it->second.state == State::kAbsent ? nullptr : &it->second;
  }

  // An index or trigger on a temporary table is temporary.
  bool OnTempTable(const std::optional<ObjectName>& table) const {
    if (!table) return false;
    if (IsTempSchema(table->schema)) return true;
    return std::any_of(entries_.begin(), entries_.end(), [&](const auto& key_entry) {
      const Entry& e = key_entry.second;
      return e.temp && e.kind == ObjectKind::kTable && SameObject(e.name, *table);
    });
  }

  // PostgreSQL makes a view over a temporary table temporary.
  bool MentionsTempTable() const {
    return std::any_of(entries_.begin(), entries_.end(), [&](const auto& key_entry) {
      const Entry& e = key_entry.second;
      return e.temp && e.kind == ObjectKind::kTable &&
             std::find(refs_.begin(), refs_.end(), FoldId(e.name.name)) != refs_.end();
    });
  }

  static bool IsDependentKind(ObjectKind kind) {
    return kind == ObjectKind::kView || kind == ObjectKind::kMaterializedView ||
           kind == ObjectKind::kIndex || kind == ObjectKind::kFunction ||
           kind == ObjectKind::kTrigger || kind == ObjectKind::kType;
  }

  // Functions overload and PostgreSQL trigger names are per table, so a name
  // alone cannot be said to be gone.
  bool AbsenceIsCertain(ObjectKind kind) const {
    return kind != ObjectKind::kFunction && !KeyedByTable(kind);
  }

  // ALTER TABLE renames any relation on PostgreSQL.
  static std::vector<ObjectKind> RenameCandidates(ObjectKind kind) {
    if (kind != ObjectKind::kTable) return {kind};
    return {ObjectKind::kTable, ObjectKind::kView, ObjectKind::kMaterializedView,
            ObjectKind::kSequence, ObjectKind::kIndex};
  }

  // A dropped table takes its indexes, triggers and owned sequences; a
  // dropped schema, everything in it.
  void ForgetDependentsOf(ObjectKind kind, const ObjectName& name) {
    if (kind == ObjectKind::kSchema) {
      ForgetInSchema(name.name);
      return;
    }
    if (kind != ObjectKind::kTable) return;
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (it->second.table && SameObject(*it->second.table, name)) {
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
  }

  void ForgetInSchema(const Identifier& schema) {
    const std::string key = SchemaKey(schema);
    for (auto it = entries_.begin(); it != entries_.end();) {
      const Entry& e = it->second;
      const bool inside =
          SchemaKey(e.name.schema) == key || (e.table && SchemaKey(e.table->schema) == key);
      if (inside && e.state != State::kAbsent) {
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
  }

  // CASCADE: whatever mentions the dropped name may be gone, or (a table)
  // may have lost columns.
  void ForgetReferrers(ObjectKind kind, const ObjectName& name) {
    if (kind == ObjectKind::kExtension) {
      ForgetAllDependents();
      return;
    }
    const std::string folded = FoldId(name.name);
    for (auto it = entries_.begin(); it != entries_.end();) {
      Entry& e = it->second;
      const bool refers = e.state != State::kAbsent &&
                          std::find(e.refs.begin(), e.refs.end(), folded) != e.refs.end();
      if (refers && e.kind == ObjectKind::kTable && e.state == State::kExists) {
        e.columns.clear();
      } else if (refers) {
        it = entries_.erase(it);
        continue;
      }
      ++it;
    }
  }

  // A renamed table keeps its indexes and triggers.
  void RetargetDependents(const ObjectName& from, const ObjectName& to) {
    std::vector<Entry> moved;
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (it->second.table && SameObject(*it->second.table, from)) {
        moved.push_back(std::move(it->second));
        moved.back().table = to;
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
    for (Entry& e : moved) {
      if (KeyedByTable(e.kind)) e.name.schema = to.schema;
      Put(std::move(e));
    }
  }

  bool sqlite_;
  Map entries_;
  std::uint64_t seq_ = 0;
  base::Location origin_;
  std::string source_;
  std::vector<std::string> refs_;
};

// --- Statements ----------------------------------------------------------------

/// The object kind named next (TABLE, MATERIALIZED VIEW, ...), consumed.
std::optional<ObjectKind> AcceptKind(Reader& r) {
  if (r.Accept("TABLE") || r.Accept({"FOREIGN", "TABLE"})) return ObjectKind::kTable;
  if (r.Accept("VIEW")) return ObjectKind::kView;
  if (r.Accept({"MATERIALIZED", "VIEW"})) return ObjectKind::kMaterializedView;
  if (r.Accept("INDEX")) return ObjectKind::kIndex;
  if (r.Accept("SEQUENCE")) return ObjectKind::kSequence;
  if (r.Accept("TYPE") || r.Accept("DOMAIN")) return ObjectKind::kType;
  if (r.Accept("FUNCTION") || r.Accept("PROCEDURE") || r.Accept("ROUTINE")) {
    return ObjectKind::kFunction;
  }
  if (r.Accept("TRIGGER")) return ObjectKind::kTrigger;
  if (r.Accept("SCHEMA")) return ObjectKind::kSchema;
  if (r.Accept("EXTENSION")) return ObjectKind::kExtension;
  return std::nullopt;
}

/// The column names of a CREATE TABLE's parenthesized list; REQUIRES: at `(`.
std::vector<Identifier> ColumnList(Reader& r) {
  std::vector<Identifier> columns;
  r.AcceptPunct("(");
  while (!r.AtEnd() && !r.AcceptPunct(")")) {
    if (!r.PeekAny({"CONSTRAINT", "PRIMARY", "FOREIGN", "UNIQUE", "CHECK", "EXCLUDE", "LIKE"})) {
      if (std::optional<Identifier> column = r.Name()) columns.push_back(std::move(*column));
    }
    r.SkipElement();
    r.AcceptPunct(",");
  }
  return columns;
}

/// The table part of `t.c` (or `s.t.c`) after OWNED BY; none for OWNED BY NONE.
std::optional<ObjectName> OwnedTable(Reader& r) {
  std::vector<Identifier> parts;
  while (std::optional<Identifier> part = r.Name()) {
    parts.push_back(std::move(*part));
    if (!r.AcceptPunct(".")) break;
  }
  if (parts.size() == 2) return ObjectName{{}, parts[0]};
  if (parts.size() == 3) return ObjectName{parts[0], parts[1]};
  return std::nullopt;  // OWNED BY NONE
}

void Create(Reader& r, Fold& fold) {
  r.Accept({"OR", "REPLACE"});
  bool temp = false, is_virtual = false;
  for (;;) {
    if (r.Accept("TEMP") || r.Accept("TEMPORARY")) {
      temp = true;
    } else if (r.Accept("VIRTUAL")) {
      is_virtual = true;
    } else if (!(r.Accept("GLOBAL") || r.Accept("LOCAL") || r.Accept("UNLOGGED") ||
                 r.Accept("UNIQUE") || r.Accept("CONSTRAINT") || r.Accept("RECURSIVE"))) {
      break;
    }
  }
  const std::optional<ObjectKind> kind = AcceptKind(r);
  if (!kind) return;
  if (*kind == ObjectKind::kIndex) r.Accept("CONCURRENTLY");
  const bool if_not_exists = r.Accept({"IF", "NOT", "EXISTS"});

  switch (*kind) {
    case ObjectKind::kTable: {
      std::optional<ObjectName> name = r.QualifiedName();
      if (!name) return;
      std::vector<Identifier> columns;
      if (!is_virtual && r.PeekPunct("(")) columns = ColumnList(r);
      fold.Create(*kind, *name, temp, if_not_exists, std::move(columns));
      return;
    }
    case ObjectKind::kIndex: {
      if (r.Peek("ON")) return;  // PostgreSQL names it itself
      std::optional<ObjectName> name = r.QualifiedName();
      if (!name || !r.Accept("ON")) return;
      r.Accept("ONLY");
      std::optional<ObjectName> table = r.QualifiedName();
      if (!table) return;
      // PostgreSQL puts an index in its table's schema.
      if (!fold.sqlite() && name->schema.text.empty()) name->schema = table->schema;
      fold.Create(*kind, *name, temp, if_not_exists, {}, std::move(table));
      return;
    }
    case ObjectKind::kTrigger: {
      std::optional<ObjectName> name = r.QualifiedName();
      if (!name || !r.SkipPast({"ON"})) return;
      std::optional<ObjectName> table = r.QualifiedName();
      if (!table) return;
      if (!fold.sqlite()) name->schema = table->schema;
      fold.Create(*kind, *name, temp, if_not_exists, {}, std::move(table));
      return;
    }
    case ObjectKind::kSchema: {
      if (r.Accept("AUTHORIZATION")) {  // the schema is named after the role
        if (r.PeekAny({"CURRENT_USER", "SESSION_USER", "CURRENT_ROLE"})) return;
      }
      std::optional<Identifier> name = r.Name();
      if (name) fold.Create(*kind, ObjectName{{}, *name}, false, if_not_exists);
      return;
    }
    case ObjectKind::kExtension: {
      std::optional<Identifier> name = r.Name();
      if (name) fold.Create(*kind, ObjectName{{}, *name}, false, if_not_exists);
      return;
    }
    case ObjectKind::kSequence: {
      std::optional<ObjectName> name = r.QualifiedName();
      if (!name) return;
      std::optional<ObjectName> owner;
      if (r.SkipPast({"OWNED", "BY"})) owner = OwnedTable(r);
      fold.Create(*kind, *name, temp, if_not_exists, {}, std::move(owner));
      return;
    }
    default: {
      std::optional<ObjectName> name = r.QualifiedName();
      if (name) fold.Create(*kind, *name, temp, if_not_exists);
      return;
    }
  }
}

void Drop(Reader& r, Fold& fold) {
  const std::optional<ObjectKind> kind = AcceptKind(r);
  if (!kind) return;
  if (*kind == ObjectKind::kIndex) r.Accept("CONCURRENTLY");
  r.Accept({"IF", "EXISTS"});  // absent either way
  struct Target {
    ObjectName name;
    std::optional<ObjectName> table;
  };
  std::vector<Target> targets;
  do {
    std::optional<ObjectName> name = r.QualifiedName();
    if (!name) return;
    Target target{std::move(*name), std::nullopt};
    if (*kind == ObjectKind::kFunction && r.PeekPunct("(")) r.Skip();
    if (*kind == ObjectKind::kTrigger && r.Accept("ON")) {
      target.table = r.QualifiedName();
      if (target.table && !fold.sqlite()) target.name.schema = target.table->schema;
    }
    targets.push_back(std::move(target));
  } while (r.AcceptPunct(","));
  const bool cascade = r.SkipPast({"CASCADE"});
  for (const Target& t : targets) fold.Drop(*kind, t.name, t.table, cascade);
}

void AlterTableActions(Reader& r, Fold& fold, const ObjectName& table) {
  do {
    if (r.Accept("ADD")) {
      if (!r.PeekAny({"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE"})) {
        r.Accept("COLUMN");
        r.Accept({"IF", "NOT", "EXISTS"});
        if (std::optional<Identifier> column = r.Name()) fold.SetColumn(table, *column, true);
      }
    } else if (r.Accept("DROP")) {
      if (!r.Peek("CONSTRAINT")) {
        r.Accept("COLUMN");
        r.Accept({"IF", "EXISTS"});
        if (std::optional<Identifier> column = r.Name()) fold.SetColumn(table, *column, false);
      }
    } else if (r.Accept("RENAME")) {
      if (!r.Peek("CONSTRAINT")) {
        r.Accept("COLUMN");
        std::optional<Identifier> from = r.Name();
        std::optional<Identifier> to = r.Accept("TO") ? r.Name() : std::nullopt;
        if (from && to) {
          fold.SetColumn(table, *from, false);
          fold.SetColumn(table, *to, true);
        }
      }
    } else if (r.Accept({"SET", "SCHEMA"})) {
      fold.Forget(ObjectKind::kTable, table);
      return;
    }
    r.SkipElement();
  } while (r.AcceptPunct(","));
}

void Alter(Reader& r, Fold& fold) {
  const std::optional<ObjectKind> kind = AcceptKind(r);
  if (!kind) return;
  const bool if_exists = r.Accept({"IF", "EXISTS"});
  r.Accept("ONLY");
  std::optional<ObjectName> name = r.QualifiedName();
  if (!name) return;
  r.AcceptPunct("*");
  if (*kind == ObjectKind::kFunction && r.PeekPunct("(")) r.Skip();
  std::optional<ObjectName> table;
  if (*kind == ObjectKind::kTrigger && r.Accept("ON")) {
    table = r.QualifiedName();
    if (table && !fold.sqlite()) name->schema = table->schema;
  }

  if (r.Accept({"RENAME", "TO"})) {
    if (std::optional<Identifier> to = r.Name()) fold.Rename(*kind, *name, table, *to, if_exists);
    return;
  }
  if (r.Accept({"SET", "SCHEMA"})) {
    fold.Forget(*kind, *name);
    return;
  }
  if (*kind == ObjectKind::kSequence && r.SkipPast({"OWNED", "BY"})) {
    fold.SetTable(ObjectKind::kSequence, *name, OwnedTable(r));
    return;
  }
  if (*kind == ObjectKind::kTable) {
    // IF EXISTS on a table this migration did not create: it may have done nothing.
    if (if_exists && !fold.Exists(ObjectKind::kTable, *name)) return;
    AlterTableActions(r, fold, *name);
  }
}

// Folded words and quoted names of a statement: what it refers to, for CASCADE.
std::vector<std::string> Refs(const std::vector<Token>& tokens, bool sqlite) {
  std::vector<std::string> refs;
  for (const Token& t : tokens) {
    if (t.kind == Token::Kind::kWord || (t.kind == Token::Kind::kQuotedIdentifier && sqlite)) {
      refs.push_back(base::AsciiLower(t.text));
    } else if (t.kind == Token::Kind::kQuotedIdentifier) {
      refs.push_back(t.text);
    }
  }
  return refs;
}

}  // namespace

std::vector<script::Postcondition> InferEffects(const std::vector<script::Statement>& statements,
                                                const script::SplitterOptions& options,
                                                const std::string& path) {
  return InferChainEffects({SourcedStatements{&statements, path}}, options);
}

std::vector<script::Postcondition> InferChainEffects(const std::vector<SourcedStatements>& chain,
                                                     const script::SplitterOptions& options) {
  const bool sqlite = options.square_brackets;
  Fold fold(sqlite);
  for (const SourcedStatements& part : chain) {
    for (const script::Statement& statement : *part.statements) {
      base::Result<std::vector<Token>> tokens =
          script::Tokenize(statement.text, options, statement.line, part.path);
      if (!tokens) continue;
      fold.BeginStatement(base::Location{part.path, statement.line}, Shorten(statement.text),
                          Refs(*tokens, sqlite));
      Reader r(*tokens, sqlite);
      if (r.Accept("CREATE")) {
        Create(r, fold);
      } else if (r.Accept("DROP")) {
        Drop(r, fold);
      } else if (r.Accept("ALTER")) {
        Alter(r, fold);
      }
    }
  }
  return fold.Result();
}

}  // namespace migrate::verify
