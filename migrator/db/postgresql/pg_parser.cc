#include "migrator/db/postgresql/pg_parser.h"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "migrator/base/strings.h"
#include "migrator/script/sql_lexer.h"
#include "migrator/script/sql_splitter.h"

namespace migrate::db {

namespace {

using nlohmann::json;
using script::Identifier;
using script::Intent;
using script::NameUse;
using script::ObjectKind;
using script::ObjectName;
using script::StatementIntent;

// ---------------------------------------------------------------------------
// Splitting.

// Where one statement lies in a section body, in bytes.
struct Span {
  std::size_t offset = 0;
  std::size_t length = 0;
};

// The statements of `text` as the parser ends them, or std::nullopt if the
// parser rejects `text`.
std::optional<std::vector<Span>> ParserSpans(const std::string& text) {
  PgQuerySplitResult result = pg_query_split_with_parser(text.c_str());
  std::optional<std::vector<Span>> spans;
  if (result.error == nullptr) {
    spans.emplace();
    for (int i = 0; i < result.n_stmts; ++i) {
      const std::size_t offset =
          std::min(static_cast<std::size_t>(result.stmts[i]->stmt_location), text.size());
      // A length of 0 means "to the end of the text".
      const std::size_t length = result.stmts[i]->stmt_len == 0
                                     ? text.size() - offset
                                     : static_cast<std::size_t>(result.stmts[i]->stmt_len);
      spans->push_back(Span{offset, std::min(length, text.size() - offset)});
    }
  }
  pg_query_free_split_result(result);
  return spans;
}

// The statement in `chunk` (which starts on line `line`) from its first
// token to its last, or std::nullopt if it holds only comments and blanks.
base::Result<std::optional<script::Statement>> TrimToTokens(std::string_view chunk, int line,
                                                            const std::string& path) {
  script::Lexer lexer(chunk, script::SplitterOptions::Postgresql(), line, path);
  script::TokenSpan token;
  std::optional<script::TokenSpan> first;
  std::size_t end = 0;
  while (lexer.Next(&token)) {
    if (!first) first = token;
    end = token.offset + token.length;
  }
  MIGRATE_TRY(lexer.status());
  if (!first) return std::optional<script::Statement>();
  return std::optional<script::Statement>(script::Statement{
      std::string(chunk.substr(first->offset, end - first->offset)), first->line});
}

// ---------------------------------------------------------------------------
// Reading libpg_query's JSON parse tree. Fields at their default value
// (false, 0, "", empty lists) are left out of it, so every accessor treats a
// missing field as that default.

const json& Get(const json& node, const char* key) {
  static const json kMissing;
  if (!node.is_object()) return kMissing;
  auto it = node.find(key);
  return it == node.end() ? kMissing : *it;
}

const json& Items(const json& node, const char* key) {
  static const json kEmpty = json::array();
  const json& list = Get(node, key);
  return list.is_array() ? list : kEmpty;
}

std::string Str(const json& node, const char* key) {
  const json& value = Get(node, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

bool Flag(const json& node, const char* key) {
  const json& value = Get(node, key);
  return value.is_boolean() && value.get<bool>();
}

// The strings of a list of String nodes ([{"String":{"sval":"a"}}, ...]).
std::vector<std::string> Strings(const json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const json& item : list) out.push_back(Str(Get(item, "String"), "sval"));
  return out;
}

// The parser has folded unquoted names already: each is the exact spelling.
// A catalog spelling as an Identifier. One that an unquoted identifier folds
// to (lower case letters, digits, `_`, `$`, not starting with a digit) is
// kept unquoted, as a migration would write it, so that messages read
// `table orders` and an `expect: table orders` line matches the implied fact.
Identifier Exact(std::string text) {
  const bool plain =
      !text.empty() && !(text[0] >= '0' && text[0] <= '9') && text[0] != '$' &&
      std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
      });
  return Identifier{std::move(text), !plain};
}

// A name from its dotted parts: the last is the name, the one before it the
// schema (a database name before that is the current one, or the server
// refuses the statement).
ObjectName NameFromParts(const std::vector<std::string>& parts) {
  ObjectName name;
  if (!parts.empty()) name.name = Exact(parts.back());
  if (parts.size() >= 2) name.schema = Exact(parts[parts.size() - 2]);
  return name;
}

// A RangeVar's name (relation, view, sequence, ...).
ObjectName RangeVarName(const json& range_var) {
  ObjectName name;
  name.name = Exact(Str(range_var, "relname"));
  const std::string schema = Str(range_var, "schemaname");
  if (!schema.empty()) name.schema = Exact(schema);
  return name;
}

// TEMP/TEMPORARY, or created in the session's own temporary schema.
bool IsTemporary(const json& range_var) {
  return Str(range_var, "relpersistence") == "t" || Str(range_var, "schemaname") == "pg_temp";
}

// The dotted parts of an object named in DROP, RENAME or SET SCHEMA: a
// List of Strings, a single String, a TypeName or an ObjectWithArgs.
std::vector<std::string> ObjectParts(const json& node) {
  if (const json& list = Get(node, "List"); list.is_object()) return Strings(Get(list, "items"));
  if (const json& str = Get(node, "String"); str.is_object()) return {Str(str, "sval")};
  if (const json& type = Get(node, "TypeName"); type.is_object()) {
    return Strings(Get(type, "names"));
  }
  if (const json& func = Get(node, "ObjectWithArgs"); func.is_object()) {
    return Strings(Get(func, "objname"));
  }
  return {};
}

// The ObjectKind of a parse-tree ObjectType, for the kinds intents track.
std::optional<ObjectKind> KindOf(const std::string& object_type) {
  static const std::unordered_map<std::string, ObjectKind> kKinds = {
      {"OBJECT_TABLE", ObjectKind::kTable},
      {"OBJECT_COLUMN", ObjectKind::kColumn},
      {"OBJECT_INDEX", ObjectKind::kIndex},
      {"OBJECT_VIEW", ObjectKind::kView},
      {"OBJECT_MATVIEW", ObjectKind::kMaterializedView},
      {"OBJECT_SEQUENCE", ObjectKind::kSequence},
      {"OBJECT_TYPE", ObjectKind::kType},
      {"OBJECT_DOMAIN", ObjectKind::kType},
      {"OBJECT_FUNCTION", ObjectKind::kFunction},
      {"OBJECT_PROCEDURE", ObjectKind::kFunction},
      {"OBJECT_ROUTINE", ObjectKind::kFunction},
      {"OBJECT_TRIGGER", ObjectKind::kTrigger},
      {"OBJECT_SCHEMA", ObjectKind::kSchema},
      {"OBJECT_EXTENSION", ObjectKind::kExtension},
  };
  auto it = kKinds.find(object_type);
  if (it == kKinds.end()) return std::nullopt;
  return it->second;
}

// Whether a DefElem's value turns its option off (`x = false`, `x off`,
// `x 0`); an option given without a value is on.
bool TurnsOff(const json& def_elem) {
  const json& arg = Get(def_elem, "arg");
  // `x = 'off'` is a String, `x = off` a TypeName: the grammar reads a bare
  // word there as a type or function name.
  std::optional<std::string> word;
  if (const json& str = Get(arg, "String"); str.is_object()) word = Str(str, "sval");
  if (const json& type = Get(arg, "TypeName"); type.is_object()) {
    const std::vector<std::string> names = Strings(Get(type, "names"));
    if (names.size() == 1) word = names.front();
  }
  if (word) {
    const std::string v = base::AsciiLower(*word);
    return v == "false" || v == "off" || v == "no" || v == "0";
  }
  if (const json& integer = Get(arg, "Integer"); integer.is_object()) {
    return Get(integer, "ival").is_null() || Get(integer, "ival") == 0;
  }
  if (const json& boolean = Get(arg, "Boolean"); boolean.is_object()) {
    return !Flag(boolean, "boolval");
  }
  return false;
}

// The DefElem named `name` in `options`, or nullptr.
const json* Option(const json& options, std::string_view name) {
  if (!options.is_array()) return nullptr;
  for (const json& item : options) {
    const json& def_elem = Get(item, "DefElem");
    if (Str(def_elem, "defname") == name) return &def_elem;
  }
  return nullptr;
}

bool OptionOn(const json& options, std::string_view name) {
  const json* option = Option(options, name);
  return option != nullptr && !TurnsOff(*option);
}

bool OptionOff(const json& options, std::string_view name) {
  const json* option = Option(options, name);
  return option != nullptr && TurnsOff(*option);
}

// The first word of `sql`, upper-cased: END and COMMIT (ABORT and
// ROLLBACK) are one node in the tree, but messages name what was written.
std::string FirstWord(std::string_view sql) {
  script::Lexer lexer(sql, script::SplitterOptions::Postgresql());
  script::TokenSpan token;
  if (!lexer.Next(&token) || token.kind != script::Token::Kind::kWord) return std::string();
  std::string word(lexer.Raw(token));
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return word;
}

// The engine adds how to fix it (a migration with `transaction: none`).
std::string CannotRun(std::string_view what) {
  return std::string(what) + " cannot run inside a transaction block";
}

// ---------------------------------------------------------------------------
// Names used: functions called, types named, operator classes of index
// columns, found anywhere in the tree.

// Fields typed TypeName in pg_query.proto: libpg_query writes them without
// the {"TypeName": ...} wrapper it puts around list items and Node fields.
bool IsTypeNameField(const std::string& key) {
  static const std::vector<std::string> kFields = {
      "TypeName",   "typeName",   "type_name", "ofTypename", "returnType",
      "sourcetype", "targettype", "datatype",  "storedtype", "argType"};
  return std::find(kFields.begin(), kFields.end(), key) != kFields.end();
}

// Adds the use of `parts` (a dotted name) unless it is qualified with
// pg_catalog, which no extension owns, or already listed.
void AddUse(NameUse::Kind kind, const std::vector<std::string>& parts,
            std::vector<NameUse>* uses) {
  if (parts.empty()) return;
  if (parts.size() >= 2 && parts[parts.size() - 2] == "pg_catalog") return;
  NameUse use{kind, NameFromParts(parts)};
  if (std::find(uses->begin(), uses->end(), use) == uses->end()) uses->push_back(std::move(use));
}

void CollectUses(const json& node, std::vector<NameUse>* uses) {
  if (node.is_array()) {
    for (const json& item : node) CollectUses(item, uses);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (key == "FuncCall" || key == "funccall") {
      AddUse(NameUse::Kind::kFunction, Strings(Get(value, "funcname")), uses);
    } else if (key == "CreateTrigStmt") {
      AddUse(NameUse::Kind::kFunction, Strings(Get(value, "funcname")), uses);
    } else if (key == "IndexElem") {
      AddUse(NameUse::Kind::kOperatorClass, Strings(Get(value, "opclass")), uses);
    } else if (key == "arg" && Get(value, "TypeName").is_object()) {
      // An option's bare word (`create_slot = off`, `sfunc = f`): the
      // grammar parses it as a type name, but it need not be one.
      continue;
    } else if (IsTypeNameField(key) && value.is_object() && !Flag(value, "pct_type")) {
      // (CreateEnumStmt's `typeName` is the new type's name, a list; a
      // %TYPE names a column.)
      AddUse(NameUse::Kind::kType, Strings(Get(value, "names")), uses);
    }
    CollectUses(value, uses);
  }
}

// ---------------------------------------------------------------------------
// Dependencies: what a view's query or an index's expressions read, found
// anywhere in the tree (subqueries and CTEs included; a CTE's name reads
// as a relation, which only makes a dependency look wider than it is).

// The relations named in `node`, each once.
void CollectRelations(const json& node, std::vector<ObjectName>* relations) {
  if (node.is_array()) {
    for (const json& item : node) CollectRelations(item, relations);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (key == "RangeVar") {
      ObjectName name = RangeVarName(value);
      if (std::find(relations->begin(), relations->end(), name) == relations->end()) {
        relations->push_back(std::move(name));
      }
    }
    CollectRelations(value, relations);
  }
}

// The column names referenced in `node` (the last part of each ColumnRef;
// "*" for `*` and `t.*`), each once.
void CollectColumnRefs(const json& node, std::vector<Identifier>* columns) {
  if (node.is_array()) {
    for (const json& item : node) CollectColumnRefs(item, columns);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (key == "ColumnRef" && !Items(value, "fields").empty()) {
      const json& last = Items(value, "fields").back();
      Identifier column = Get(last, "A_Star").is_object() ? Identifier{"*", false}
                                                          : Exact(Str(Get(last, "String"), "sval"));
      if (std::find(columns->begin(), columns->end(), column) == columns->end()) {
        columns->push_back(std::move(column));
      }
    }
    CollectColumnRefs(value, columns);
  }
}

// ---------------------------------------------------------------------------
// Intents, one handler per statement node.

class TreeReader {
 public:
  TreeReader(std::string_view sql, StatementIntent* out) : sql_(sql), out_(out) {}

  /// Describes `node`, a {"<Kind>Stmt": {...}} wrapper.
  void Statement(const json& node) {
    using Handler = void (TreeReader::*)(const json&);
    static const std::unordered_map<std::string, Handler> kHandlers = {
        {"CreateStmt", &TreeReader::CreateTable},
        {"CreateTableAsStmt", &TreeReader::CreateTableAs},
        {"ViewStmt", &TreeReader::CreateView},
        {"IndexStmt", &TreeReader::CreateIndex},
        {"CreateSeqStmt", &TreeReader::CreateSequence},
        {"CreateEnumStmt", &TreeReader::CreateNamedType},
        {"CreateRangeStmt", &TreeReader::CreateNamedType},
        {"CompositeTypeStmt", &TreeReader::CreateCompositeType},
        {"CreateDomainStmt", &TreeReader::CreateDomain},
        {"DefineStmt", &TreeReader::Define},
        {"CreateFunctionStmt", &TreeReader::CreateFunction},
        {"CreateTrigStmt", &TreeReader::CreateTrigger},
        {"CreateSchemaStmt", &TreeReader::CreateSchema},
        {"CreateExtensionStmt", &TreeReader::CreateExtension},
        {"DropStmt", &TreeReader::Drop},
        {"RenameStmt", &TreeReader::Rename},
        {"AlterTableStmt", &TreeReader::AlterTable},
        {"AlterObjectSchemaStmt", &TreeReader::SetSchema},
        {"InsertStmt", &TreeReader::Insert},
        {"UpdateStmt", &TreeReader::Update},
        {"DeleteStmt", &TreeReader::Delete},
        {"MergeStmt", &TreeReader::Merge},
        {"SelectStmt", &TreeReader::Select},
        {"CopyStmt", &TreeReader::Copy},
        {"TruncateStmt", &TreeReader::Truncate},
        {"ExplainStmt", &TreeReader::Explain},
        {"VacuumStmt", &TreeReader::Vacuum},
        {"ReindexStmt", &TreeReader::Reindex},
        {"ClusterStmt", &TreeReader::Cluster},
        {"RefreshMatViewStmt", &TreeReader::Maintenance},
        {"CheckPointStmt", &TreeReader::Maintenance},
        {"DoStmt", &TreeReader::RunsCode},
        {"CallStmt", &TreeReader::RunsCode},
        {"ExecuteStmt", &TreeReader::RunsCode},
        {"TransactionStmt", &TreeReader::Transaction},
        {"DiscardStmt", &TreeReader::Discard},
        {"AlterSystemStmt", &TreeReader::AlterSystem},
        {"CreatedbStmt", &TreeReader::CreateDatabase},
        {"DropdbStmt", &TreeReader::DropDatabase},
        {"AlterDatabaseStmt", &TreeReader::AlterDatabase},
        {"CreateTableSpaceStmt", &TreeReader::CreateTablespace},
        {"DropTableSpaceStmt", &TreeReader::DropTablespace},
        {"CreateSubscriptionStmt", &TreeReader::CreateSubscription},
    };
    if (!node.is_object() || node.empty()) return;
    auto it = kHandlers.find(node.begin().key());
    if (it != kHandlers.end()) (this->*(it->second))(node.begin().value());
  }

 private:
  // Adds `intent`, unless it repeats the one before (one kAlter for a run
  // of ALTER TABLE subcommands).
  void Add(Intent intent) {
    if (!out_->intents.empty() && out_->intents.back() == intent) return;
    out_->intents.push_back(std::move(intent));
  }

  // The first reason found is the one reported.
  void Refuse(std::string why) {
    if (!out_->refused_in_transaction) out_->refused_in_transaction = std::move(why);
  }

  // --- Creating ---

  void CreateTable(const json& n) {
    const json& relation = Get(n, "relation");
    Intent intent{.action = Intent::Action::kCreate,
                  .kind = ObjectKind::kTable,
                  .object = RangeVarName(relation),
                  .temporary = IsTemporary(relation),
                  .if_exists = Flag(n, "if_not_exists")};
    for (const json& element : Items(n, "tableElts")) {
      const json& column = Get(element, "ColumnDef");
      if (column.is_object()) intent.columns.push_back(Exact(Str(column, "colname")));
    }
    // PARTITION OF: dropped with its parent. INHERITS: by a CASCADE only.
    for (const json& parent : Items(n, "inhRelations")) {
      const ObjectName name = RangeVarName(Get(parent, "RangeVar"));
      if (Get(n, "partbound").is_object()) {
        intent.table = name;
      } else {
        intent.reads.push_back(name);
      }
    }
    Add(std::move(intent));
  }

  void CreateTableAs(const json& n) {
    const ObjectKind kind = Str(n, "objtype") == "OBJECT_MATVIEW" ? ObjectKind::kMaterializedView
                                                                  : ObjectKind::kTable;
    CreateInto(Get(n, "into"), kind, Flag(n, "if_not_exists"));
    // A materialized view depends on what its query reads, as a view does.
    if (kind == ObjectKind::kMaterializedView && !out_->intents.empty()) {
      CollectRelations(Get(n, "query"), &out_->intents.back().reads);
      CollectColumnRefs(Get(n, "query"), &out_->intents.back().column_refs);
    }
  }

  // CREATE TABLE AS, CREATE MATERIALIZED VIEW and SELECT INTO: `into` is an IntoClause.
  void CreateInto(const json& into, ObjectKind kind, bool if_not_exists) {
    const json& relation = Get(into, "rel");
    Intent intent{.action = Intent::Action::kCreate,
                  .kind = kind,
                  .object = RangeVarName(relation),
                  .temporary = IsTemporary(relation),
                  .if_exists = if_not_exists};
    for (const std::string& column : Strings(Get(into, "colNames"))) {
      intent.columns.push_back(Exact(column));
    }
    Add(std::move(intent));
  }

  void CreateView(const json& n) {
    const json& view = Get(n, "view");
    Intent intent{.action = Intent::Action::kCreate,
                  .kind = ObjectKind::kView,
                  .object = RangeVarName(view),
                  .temporary = IsTemporary(view)};
    for (const std::string& column : Strings(Get(n, "aliases"))) {
      intent.columns.push_back(Exact(column));
    }
    CollectRelations(Get(n, "query"), &intent.reads);
    CollectColumnRefs(Get(n, "query"), &intent.column_refs);
    Add(std::move(intent));
  }

  void CreateIndex(const json& n) {
    const ObjectName table = RangeVarName(Get(n, "relation"));
    const bool concurrently = Flag(n, "concurrent");
    if (concurrently) Refuse(CannotRun("CREATE INDEX CONCURRENTLY"));
    // Without a name the server picks one: nothing named to check, but the
    // table still changes.
    if (const std::string name = Str(n, "idxname"); !name.empty()) {
      Intent intent{.action = Intent::Action::kCreate,
                    .kind = ObjectKind::kIndex,
                    .object = ObjectName{table.schema, Exact(name)},
                    .table = table,
                    .if_exists = Flag(n, "if_not_exists"),
                    .unique = Flag(n, "unique"),
                    .concurrently = concurrently};
      // Its key and INCLUDE columns, expressions and predicate: dropping
      // any of those columns drops the index.
      for (const char* params : {"indexParams", "indexIncludingParams"}) {
        for (const json& item : Items(n, params)) {
          const json& element = Get(item, "IndexElem");
          if (const std::string column = Str(element, "name"); !column.empty()) {
            intent.column_refs.push_back(Exact(column));
          }
          CollectColumnRefs(Get(element, "expr"), &intent.column_refs);
        }
      }
      CollectColumnRefs(Get(n, "whereClause"), &intent.column_refs);
      Add(std::move(intent));
    }
    Add(Intent{.action = Intent::Action::kAlter, .kind = ObjectKind::kTable, .object = table});
  }

  void CreateSequence(const json& n) {
    const json& sequence = Get(n, "sequence");
    Intent intent{.action = Intent::Action::kCreate,
                  .kind = ObjectKind::kSequence,
                  .object = RangeVarName(sequence),
                  .temporary = IsTemporary(sequence),
                  .if_exists = Flag(n, "if_not_exists")};
    // OWNED BY [schema.]table.column: dropped with the table (OWNED BY NONE
    // is one part).
    if (const json* owned_by = Option(Get(n, "options"), "owned_by")) {
      std::vector<std::string> parts = ObjectParts(Get(*owned_by, "arg"));
      if (parts.size() >= 2) {
        parts.pop_back();
        intent.table = NameFromParts(parts);
      }
    }
    Add(std::move(intent));
  }

  void CreateType(const std::vector<std::string>& parts) {
    Add(Intent{.action = Intent::Action::kCreate,
               .kind = ObjectKind::kType,
               .object = NameFromParts(parts)});
  }

  // CREATE TYPE ... AS ENUM and AS RANGE.
  void CreateNamedType(const json& n) { CreateType(Strings(Get(n, "typeName"))); }

  void CreateCompositeType(const json& n) {
    Add(Intent{.action = Intent::Action::kCreate,
               .kind = ObjectKind::kType,
               .object = RangeVarName(Get(n, "typevar"))});
  }

  void CreateDomain(const json& n) { CreateType(Strings(Get(n, "domainname"))); }

  // CREATE TYPE with input and output functions, or a shell type; the same
  // node defines aggregates, operators, collations and text search
  // objects, which intents do not track.
  void Define(const json& n) {
    if (Str(n, "kind") == "OBJECT_TYPE") CreateType(Strings(Get(n, "defnames")));
  }

  // Functions and procedures.
  // A function depends on the types its signature names (a table's row
  // type among them); a body given as a string creates no dependency.
  void CreateFunction(const json& n) {
    Intent intent{.action = Intent::Action::kCreate,
                  .kind = ObjectKind::kFunction,
                  .object = NameFromParts(Strings(Get(n, "funcname")))};
    std::vector<NameUse> uses;
    CollectUses(n, &uses);
    for (const NameUse& use : uses) {
      if (use.kind == NameUse::Kind::kType) intent.reads.push_back(use.name);
    }
    Add(std::move(intent));
  }

  // A trigger has no schema of its own: it is its table's.
  void CreateTrigger(const json& n) {
    const ObjectName table = RangeVarName(Get(n, "relation"));
    Intent intent{.action = Intent::Action::kCreate,
                  .kind = ObjectKind::kTrigger,
                  .object = ObjectName{table.schema, Exact(Str(n, "trigname"))},
                  .table = table};
    // UPDATE OF columns and the WHEN condition's (NEW.c, OLD.c).
    for (const std::string& column : Strings(Get(n, "columns"))) {
      intent.column_refs.push_back(Exact(column));
    }
    CollectColumnRefs(Get(n, "whenClause"), &intent.column_refs);
    Add(std::move(intent));
  }

  // CREATE SCHEMA [AUTHORIZATION role] [element ...]: the schema is named
  // after the role when not named, and its elements are created in it.
  void CreateSchema(const json& n) {
    std::string name = Str(n, "schemaname");
    if (name.empty()) name = Str(Get(n, "authrole"), "rolename");
    Add(Intent{.action = Intent::Action::kCreate,
               .kind = ObjectKind::kSchema,
               .object = ObjectName{{}, Exact(name)},
               .if_exists = Flag(n, "if_not_exists")});
    for (const json& element : Items(n, "schemaElts")) {
      StatementIntent inner;
      TreeReader(sql_, &inner).Statement(element);
      for (Intent& intent : inner.intents) {
        if (intent.object.schema.text.empty()) intent.object.schema = Exact(name);
        if (!intent.table.name.text.empty() && intent.table.schema.text.empty()) {
          intent.table.schema = Exact(name);
        }
        Add(std::move(intent));
      }
    }
  }

  void CreateExtension(const json& n) {
    Add(Intent{.action = Intent::Action::kCreate,
               .kind = ObjectKind::kExtension,
               .object = ObjectName{{}, Exact(Str(n, "extname"))},
               .if_exists = Flag(n, "if_not_exists")});
  }

  // --- Dropping, renaming, altering ---

  void Drop(const json& n) {
    const std::string remove_type = Str(n, "removeType");
    const bool concurrently = Flag(n, "concurrent");
    if (concurrently && remove_type == "OBJECT_INDEX") Refuse(CannotRun("DROP INDEX CONCURRENTLY"));
    const std::optional<ObjectKind> kind = KindOf(remove_type);
    if (!kind) return;
    for (const json& object : Items(n, "objects")) {
      Intent intent{.action = Intent::Action::kDrop,
                    .kind = *kind,
                    .if_exists = Flag(n, "missing_ok"),
                    .cascade = Str(n, "behavior") == "DROP_CASCADE",
                    .concurrently = concurrently};
      std::vector<std::string> parts = ObjectParts(object);
      if (*kind == ObjectKind::kTrigger && !parts.empty()) {
        // [schema.]table.trigger: the trigger goes by its table's schema.
        const std::string trigger = parts.back();
        parts.pop_back();
        intent.table = NameFromParts(parts);
        intent.object = ObjectName{intent.table.schema, Exact(trigger)};
      } else {
        intent.object = NameFromParts(parts);
      }
      Add(std::move(intent));
    }
  }

  void Rename(const json& n) {
    const std::string rename_type = Str(n, "renameType");
    const json& relation = Get(n, "relation");
    const bool missing_ok = Flag(n, "missing_ok");
    const Identifier new_name = Exact(Str(n, "newname"));
    const std::optional<ObjectKind> kind = KindOf(rename_type);
    if (rename_type == "OBJECT_COLUMN") {
      Add(Intent{.action = Intent::Action::kRenameColumn,
                 .kind = KindOf(Str(n, "relationType")).value_or(ObjectKind::kTable),
                 .object = RangeVarName(relation),
                 .column = Exact(Str(n, "subname")),
                 .new_name = new_name,
                 .if_exists = missing_ok});
    } else if (kind == ObjectKind::kTrigger) {
      const ObjectName table = RangeVarName(relation);
      Add(Intent{.action = Intent::Action::kRename,
                 .kind = ObjectKind::kTrigger,
                 .object = ObjectName{table.schema, Exact(Str(n, "subname"))},
                 .new_name = new_name,
                 .table = table,
                 .if_exists = missing_ok});
    } else if (kind == ObjectKind::kSchema) {
      Add(Intent{.action = Intent::Action::kRename,
                 .kind = ObjectKind::kSchema,
                 .object = ObjectName{{}, Exact(Str(n, "subname"))},
                 .new_name = new_name});
    } else if (kind) {
      Add(Intent{.action = Intent::Action::kRename,
                 .kind = *kind,
                 .object = relation.is_object() ? RangeVarName(relation)
                                                : NameFromParts(ObjectParts(Get(n, "object"))),
                 .new_name = new_name,
                 .if_exists = missing_ok});
    } else if (relation.is_object()) {
      // A constraint, policy, rule or type attribute renamed: its relation changes.
      Add(Intent{.action = Intent::Action::kAlter,
                 .kind = KindOf(Str(n, "relationType")).value_or(ObjectKind::kTable),
                 .object = RangeVarName(relation),
                 .if_exists = missing_ok});
    }
  }

  void AlterTable(const json& n) {
    const ObjectKind kind = KindOf(Str(n, "objtype")).value_or(ObjectKind::kTable);
    const ObjectName object = RangeVarName(Get(n, "relation"));
    const bool missing_ok = Flag(n, "missing_ok");
    for (const json& item : Items(n, "cmds")) {
      const json& cmd = Get(item, "AlterTableCmd");
      const std::string subtype = Str(cmd, "subtype");
      const bool if_exists = missing_ok || Flag(cmd, "missing_ok");
      if (subtype == "AT_AddColumn" && kind == ObjectKind::kTable) {
        Add(Intent{.action = Intent::Action::kAddColumn,
                   .kind = kind,
                   .object = object,
                   .column = Exact(Str(Get(Get(cmd, "def"), "ColumnDef"), "colname")),
                   .if_exists = if_exists});
      } else if (subtype == "AT_DropColumn" && kind == ObjectKind::kTable) {
        Add(Intent{.action = Intent::Action::kDropColumn,
                   .kind = kind,
                   .object = object,
                   .column = Exact(Str(cmd, "name")),
                   .if_exists = if_exists,
                   .cascade = Str(cmd, "behavior") == "DROP_CASCADE"});
      } else {
        if (subtype == "AT_DetachPartition" &&
            Flag(Get(Get(cmd, "def"), "PartitionCmd"), "concurrent")) {
          Refuse(CannotRun("ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY"));
        }
        Add(Intent{.action = Intent::Action::kAlter,
                   .kind = kind,
                   .object = object,
                   .if_exists = missing_ok});
        ImplicitChanges(subtype, Get(cmd, "def"), object, missing_ok);
      }
    }
  }

  // What an ALTER TABLE subcommand does to objects other than its table:
  // ADD CONSTRAINT c ... USING INDEX i renames index i to c; ATTACH and
  // DETACH PARTITION make and unmake a table one its parent's drop takes.
  void ImplicitChanges(const std::string& subtype, const json& def, const ObjectName& table,
                       bool missing_ok) {
    if (subtype == "AT_AddConstraint") {
      const json& constraint = Get(def, "Constraint");
      const std::string index = Str(constraint, "indexname");
      const std::string name = Str(constraint, "conname");
      if (!index.empty() && !name.empty() && index != name) {
        Add(Intent{.action = Intent::Action::kRename,
                   .kind = ObjectKind::kIndex,
                   .object = ObjectName{table.schema, Exact(index)},
                   .new_name = Exact(name),
                   .if_exists = missing_ok});
      }
    } else if (subtype == "AT_AttachPartition" || subtype == "AT_DetachPartition") {
      Add(Intent{.action = subtype == "AT_AttachPartition" ? Intent::Action::kAttachPartition
                                                           : Intent::Action::kDetachPartition,
                 .kind = ObjectKind::kTable,
                 .object = RangeVarName(Get(Get(def, "PartitionCmd"), "name")),
                 .table = table});
    }
  }

  // ALTER ... SET SCHEMA: the object leaves its schema and appears, under
  // the same name, in the new one. An extension's objects move, the
  // extension stays.
  void SetSchema(const json& n) {
    const std::optional<ObjectKind> kind = KindOf(Str(n, "objectType"));
    if (!kind) return;
    const json& relation = Get(n, "relation");
    const ObjectName old_name = relation.is_object()
                                    ? RangeVarName(relation)
                                    : NameFromParts(ObjectParts(Get(n, "object")));
    const bool missing_ok = Flag(n, "missing_ok");
    if (*kind == ObjectKind::kExtension) {
      Add(Intent{.action = Intent::Action::kAlter, .kind = *kind, .object = old_name});
      return;
    }
    Add(Intent{.action = Intent::Action::kDrop,
               .kind = *kind,
               .object = old_name,
               .if_exists = missing_ok});
    Add(Intent{.action = Intent::Action::kCreate,
               .kind = *kind,
               .object = ObjectName{Exact(Str(n, "newschema")), old_name.name},
               .if_exists = missing_ok});
  }

  // --- Writing rows ---

  void Write(Intent::Action action, const json& relation) {
    Add(Intent{.action = action, .kind = ObjectKind::kTable, .object = RangeVarName(relation)});
  }

  // The data-modifying statements of a WITH clause.
  void With(const json& n) {
    for (const json& cte : Items(Get(n, "withClause"), "ctes")) {
      Statement(Get(Get(cte, "CommonTableExpr"), "ctequery"));
    }
  }

  void Insert(const json& n) {
    With(n);
    Write(Intent::Action::kInsert, Get(n, "relation"));
    if (Str(Get(n, "onConflictClause"), "action") == "ONCONFLICT_UPDATE") {
      Write(Intent::Action::kUpdate, Get(n, "relation"));
    }
  }

  void Update(const json& n) {
    With(n);
    Write(Intent::Action::kUpdate, Get(n, "relation"));
  }

  void Delete(const json& n) {
    With(n);
    Write(Intent::Action::kDelete, Get(n, "relation"));
  }

  void Merge(const json& n) {
    With(n);
    for (const json& item : Items(n, "mergeWhenClauses")) {
      const std::string command = Str(Get(item, "MergeWhenClause"), "commandType");
      if (command == "CMD_INSERT") Write(Intent::Action::kInsert, Get(n, "relation"));
      if (command == "CMD_UPDATE") Write(Intent::Action::kUpdate, Get(n, "relation"));
      if (command == "CMD_DELETE") Write(Intent::Action::kDelete, Get(n, "relation"));
    }
  }

  // A SELECT writes only through its WITH clause or INTO; FOR UPDATE/SHARE
  // only locks.
  void Select(const json& n) {
    With(n);
    if (const json& into = Get(n, "intoClause"); into.is_object()) {
      CreateInto(into, ObjectKind::kTable, false);
    }
  }

  void Copy(const json& n) {
    if (Flag(n, "is_from") && Get(n, "relation").is_object()) {
      Write(Intent::Action::kInsert, Get(n, "relation"));
    }
  }

  void Truncate(const json& n) {
    const bool cascade = Str(n, "behavior") == "DROP_CASCADE";
    for (const json& item : Items(n, "relations")) {
      Add(Intent{.action = Intent::Action::kTruncate,
                 .kind = ObjectKind::kTable,
                 .object = RangeVarName(Get(item, "RangeVar")),
                 .cascade = cascade});
    }
  }

  // EXPLAIN ANALYZE runs its statement.
  void Explain(const json& n) {
    if (OptionOn(Get(n, "options"), "analyze")) Statement(Get(n, "query"));
  }

  // --- Maintenance ---

  void Maintenance(const json& /*n*/) { out_->maintenance = true; }

  // VACUUM and ANALYZE; only VACUUM refuses a transaction block.
  void Vacuum(const json& n) {
    out_->maintenance = true;
    if (Flag(n, "is_vacuumcmd")) Refuse(CannotRun("VACUUM"));
  }

  void Reindex(const json& n) {
    out_->maintenance = true;
    const std::string kind = Str(n, "kind");
    if (kind == "REINDEX_OBJECT_SCHEMA") {
      Refuse(CannotRun("REINDEX SCHEMA"));
    } else if (kind == "REINDEX_OBJECT_SYSTEM") {
      Refuse(CannotRun("REINDEX SYSTEM"));
    } else if (kind == "REINDEX_OBJECT_DATABASE") {
      Refuse(CannotRun("REINDEX DATABASE"));
    } else if (OptionOn(Get(n, "params"), "concurrently")) {
      Refuse(CannotRun("REINDEX CONCURRENTLY"));
    }
  }

  // Only the form without a table reclusters everything, one transaction
  // per table.
  void Cluster(const json& n) {
    out_->maintenance = true;
    if (!Get(n, "relation").is_object()) Refuse(CannotRun("CLUSTER without a table name"));
  }

  // DO, CALL and EXECUTE run code whose effects the tree does not show.
  void RunsCode(const json& /*n*/) { out_->understood = false; }

  // --- What cannot run inside migrate's transaction ---

  // Transaction control would end (or, for BEGIN, be ignored inside) the
  // transaction migrate runs the migration in.
  void Transaction(const json& n) {
    const std::string kind = Str(n, "kind");
    std::string what;
    if (kind == "TRANS_STMT_BEGIN") {
      what = "BEGIN";
    } else if (kind == "TRANS_STMT_START") {
      what = "START TRANSACTION";
    } else if (kind == "TRANS_STMT_PREPARE") {
      what = "PREPARE TRANSACTION";
    } else if (kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK") {
      what = FirstWord(sql_);  // COMMIT or END; ROLLBACK or ABORT
    } else if (kind == "TRANS_STMT_COMMIT_PREPARED") {
      Refuse(CannotRun("COMMIT PREPARED"));
    } else if (kind == "TRANS_STMT_ROLLBACK_PREPARED") {
      Refuse(CannotRun("ROLLBACK PREPARED"));
    }
    // SAVEPOINT, RELEASE and ROLLBACK TO work inside migrate's transaction.
    if (!what.empty()) {
      Refuse(what +
             " would end (or be ignored inside) the transaction migrate runs the migration in");
    }
  }

  void Discard(const json& n) {
    if (Str(n, "target") == "DISCARD_ALL") Refuse(CannotRun("DISCARD ALL"));
  }

  void AlterSystem(const json& /*n*/) { Refuse(CannotRun("ALTER SYSTEM")); }
  void CreateDatabase(const json& /*n*/) { Refuse(CannotRun("CREATE DATABASE")); }
  void DropDatabase(const json& /*n*/) { Refuse(CannotRun("DROP DATABASE")); }
  void CreateTablespace(const json& /*n*/) { Refuse(CannotRun("CREATE TABLESPACE")); }
  void DropTablespace(const json& /*n*/) { Refuse(CannotRun("DROP TABLESPACE")); }

  void AlterDatabase(const json& n) {
    if (Option(Get(n, "options"), "tablespace") != nullptr) {
      Refuse(CannotRun("ALTER DATABASE ... SET TABLESPACE"));
    }
  }

  // Unless told not to connect or not to create the replication slot.
  void CreateSubscription(const json& n) {
    const json& options = Get(n, "options");
    if (!OptionOff(options, "create_slot") && !OptionOff(options, "connect")) {
      Refuse(CannotRun("CREATE SUBSCRIPTION (which creates a replication slot)"));
    }
  }

  std::string_view sql_;
  StatementIntent* out_;
};

// The parse tree of `sql`, or std::nullopt if the parser rejects it.
std::optional<json> ParseTree(std::string_view sql) {
  PgQueryParseResult result = pg_query_parse(std::string(sql).c_str());
  std::optional<json> tree;
  if (result.error == nullptr && result.parse_tree != nullptr) {
    json parsed = json::parse(result.parse_tree, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) tree = std::move(parsed);
  }
  pg_query_free_parse_result(result);
  return tree;
}

}  // namespace

base::Result<std::vector<script::Statement>> SplitPostgresql(std::string_view body, int first_line,
                                                             const std::string& path) {
  // libpg_query reads C strings: a NUL would silently end the section.
  if (const std::size_t nul = body.find('\0'); nul != std::string_view::npos) {
    const int line =
        first_line + static_cast<int>(std::count(body.begin(), body.begin() + nul, '\n'));
    return base::Status::InvalidInput("a NUL byte is not SQL: PostgreSQL cannot receive it",
                                      base::Location{path, line})
        .WithContext(script::SourceLineAt(body, nul));
  }
  // What no parser refuses, we do: psql meta-commands, COPY ... FROM STDIN,
  // and (with our messages) unterminated quotes, comments and bodies.
  MIGRATE_ASSIGN_OR_RETURN(
      std::vector<script::Statement> ours,
      script::SplitStatements(body, first_line, script::SplitterOptions::Postgresql(), path));
  const std::string text(body);
  std::optional<std::vector<Span>> spans = ParserSpans(text);
  // Syntax the parser rejects (an error, or newer than PostgreSQL 15) is the
  // server's to judge, statement by statement: our splitter cuts it.
  // (libpg_query's scanner splitter would silently drop a statement that
  // does not start with a keyword, such as a misspelt one.)
  if (!spans) return ours;

  std::vector<script::Statement> statements;
  std::size_t counted = 0;  // newlines are counted up to here
  int line = first_line;
  for (const Span& span : *spans) {
    line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted),
                                        text.begin() + static_cast<std::ptrdiff_t>(span.offset),
                                        '\n'));
    counted = span.offset;
    MIGRATE_ASSIGN_OR_RETURN(
        std::optional<script::Statement> statement,
        TrimToTokens(std::string_view(text).substr(span.offset, span.length), line, path));
    if (statement) statements.push_back(std::move(*statement));
  }
  return statements;
}

script::StatementIntent DescribePostgresql(std::string_view sql) {
  StatementIntent out;
  std::optional<json> tree = ParseTree(sql);
  if (!tree) {
    out.understood = false;
    return out;
  }
  TreeReader reader(sql, &out);
  for (const json& raw : Items(*tree, "stmts")) {
    const json& statement = Get(raw, "stmt");
    reader.Statement(statement);
    CollectUses(statement, &out.uses);
    // A SELECT that calls a function may run anything (`SELECT
    // make_reports()`): like DO and CALL, its effects are not known in advance.
    const bool calls = std::any_of(out.uses.begin(), out.uses.end(), [](const NameUse& use) {
      return use.kind == NameUse::Kind::kFunction;
    });
    if (Get(statement, "SelectStmt").is_object() && out.intents.empty() && calls) {
      out.understood = false;
    }
  }
  return out;
}

}  // namespace migrate::db
