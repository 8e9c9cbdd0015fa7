#include "migrator/db/sqlite/sqlite_compiler.h"

#include <soci/sqlite3/soci-sqlite3.h>  // SQLite's API, in namespace sqlite_api as SOCI declares it

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "migrator/base/strings.h"
#include "migrator/db/sqlite/sqlite_dialect.h"
#include "migrator/db/sqlite/sqlite_statement.h"
#include "migrator/script/sql_lexer.h"

namespace migrate::db {

namespace {

using script::Identifier;
using script::Intent;
using script::ObjectKind;
using script::ObjectName;
using script::StatementIntent;
using sqlite_api::sqlite3;
using sqlite_api::sqlite3_destructor_type;  // SQLITE_TRANSIENT names it unqualified
using sqlite_api::sqlite3_stmt;

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite_api::sqlite3_close(db); }
};
using DatabasePtr = std::unique_ptr<sqlite3, DatabaseCloser>;

// A private, empty in-memory database; null if SQLite cannot open one.
DatabasePtr OpenScratch() {
  sqlite3* raw = nullptr;
  int rc = sqlite_api::sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                       nullptr);
  DatabasePtr db(raw);
  if (rc != SQLITE_OK) return nullptr;
  return db;
}

// Runs `stmt` to completion; true if it succeeded (or there is none).
bool Step(sqlite3_stmt* stmt) {
  if (stmt == nullptr) return true;
  int rc;
  while ((rc = sqlite_api::sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  return rc == SQLITE_DONE;
}

// Prepares and runs `sql` (one statement) on `db`.
bool Run(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite_api::sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw,
                                          nullptr);
  StatementPtr stmt(raw);
  return rc == SQLITE_OK && Step(stmt.get());
}

// --- The authorizer's reports ---------------------------------------------

// The authorizer's codes for creating and dropping each kind of object, in
// main or an attached database and in temp. (A virtual table's CREATE and
// DROP have codes of their own: see Take.)
struct ObjectCodes {
  ObjectKind kind;
  int create, create_temp;
  int drop, drop_temp;
};
constexpr ObjectCodes kObjectCodes[] = {
    {ObjectKind::kTable, SQLITE_CREATE_TABLE, SQLITE_CREATE_TEMP_TABLE, SQLITE_DROP_TABLE,
     SQLITE_DROP_TEMP_TABLE},
    {ObjectKind::kView, SQLITE_CREATE_VIEW, SQLITE_CREATE_TEMP_VIEW, SQLITE_DROP_VIEW,
     SQLITE_DROP_TEMP_VIEW},
    {ObjectKind::kIndex, SQLITE_CREATE_INDEX, SQLITE_CREATE_TEMP_INDEX, SQLITE_DROP_INDEX,
     SQLITE_DROP_TEMP_INDEX},
    {ObjectKind::kTrigger, SQLITE_CREATE_TRIGGER, SQLITE_CREATE_TEMP_TRIGGER, SQLITE_DROP_TRIGGER,
     SQLITE_DROP_TEMP_TRIGGER},
};

// What the authorizer reported while one statement compiled.
struct Reports {
  std::vector<Intent> intents;         // in report order, without repeats
  std::vector<std::string> reindexed;  // indexes named by SQLITE_REINDEX
  bool analyzed = false;

  void Add(Intent intent) {
    if (std::find(intents.begin(), intents.end(), intent) == intents.end()) {
      intents.push_back(std::move(intent));
    }
  }

  // An intent on object `name` of database `database`; `table` is the
  // table an index or trigger is on.
  void Object(Intent::Action action, ObjectKind kind, std::string_view database,
              std::string_view name, std::string_view table = {}) {
    if (IsSqliteInternal(name)) return;
    Intent intent;
    intent.action = action;
    intent.kind = kind;
    intent.temporary = database == "temp";
    if (!intent.temporary && database != "main") intent.object.schema.text = std::string(database);
    intent.object.name.text = std::string(name);
    if (!table.empty()) {
      intent.table.schema = intent.object.schema;
      intent.table.name.text = std::string(table);
    }
    Add(std::move(intent));
  }

  // Whether a drop of `kind` `name` was reported already.
  bool Dropped(ObjectKind kind, std::string_view name) const {
    return std::any_of(intents.begin(), intents.end(), [&](const Intent& intent) {
      return intent.action == Intent::Action::kDrop && intent.kind == kind &&
             intent.object.name.text == name;
    });
  }

  // A CREATE_* or DROP_* report of kObjectCodes; false for any other code.
  bool TakeObject(int action, std::string_view arg3, std::string_view arg4,
                  std::string_view database) {
    for (const ObjectCodes& codes : kObjectCodes) {
      const bool creates = action == codes.create || action == codes.create_temp;
      if (!creates && action != codes.drop && action != codes.drop_temp) continue;
      // arg4 is the table of an index or trigger; tables and views have none.
      const bool on_table = codes.kind == ObjectKind::kIndex || codes.kind == ObjectKind::kTrigger;
      Object(creates ? Intent::Action::kCreate : Intent::Action::kDrop, codes.kind, database, arg3,
             on_table ? arg4 : std::string_view());
      return true;
    }
    return false;
  }

  void Take(int action, std::string_view arg3, std::string_view arg4, std::string_view database) {
    using Action = Intent::Action;
    if (TakeObject(action, arg3, arg4, database)) return;
    switch (action) {
      case SQLITE_CREATE_VTABLE:  // arg4: the module
        return Object(Action::kCreate, ObjectKind::kTable, database, arg3);
      case SQLITE_DROP_VTABLE:
        return Object(Action::kDrop, ObjectKind::kTable, database, arg3);
      case SQLITE_INSERT:
        return Object(Action::kInsert, ObjectKind::kTable, database, arg3);
      case SQLITE_UPDATE:  // once per column (arg4); one intent per table
        return Object(Action::kUpdate, ObjectKind::kTable, database, arg3);
      case SQLITE_DELETE:
        // DROP VIEW reports a DELETE on the view too: it deletes no rows.
        if (Dropped(ObjectKind::kView, arg3)) return;
        return Object(Action::kDelete, ObjectKind::kTable, database, arg3);
      case SQLITE_ALTER_TABLE:  // arg3: the database, arg4: the table
        return Object(Action::kAlter, ObjectKind::kTable, arg3, arg4);
      case SQLITE_ATTACH: {  // arg3: the file; the name it is attached as comes from the keywords
        Intent intent;
        intent.action = Action::kAttach;
        intent.kind = ObjectKind::kSchema;
        return Add(std::move(intent));
      }
      case SQLITE_DETACH: {  // arg3: the database
        Intent intent;
        intent.action = Action::kDetach;
        intent.kind = ObjectKind::kSchema;
        intent.object.name.text = std::string(arg3);
        return Add(std::move(intent));
      }
      case SQLITE_REINDEX:
        reindexed.emplace_back(arg3);
        return;
      case SQLITE_ANALYZE:
        analyzed = true;
        return;
      default:
        return;  // reads, functions, pragmas, transactions, savepoints
    }
  }
};

std::string_view Text(const char* text) { return text == nullptr ? std::string_view() : text; }

int Authorize(void* reports, int action, const char* arg3, const char* arg4, const char* database,
              const char* inner) {
  // Reports made while compiling a trigger's body or a view are what that
  // trigger or view does, not what the statement itself does.
  if (inner == nullptr) {
    static_cast<Reports*>(reports)->Take(action, Text(arg3), Text(arg4), Text(database));
  }
  return SQLITE_OK;
}

// Compiles `sql` on `db`, the authorizer reporting into `reports`, with
// foreign-key enforcement off meanwhile (see the header) and restored
// after. False if SQLite cannot compile it; `*stmt` is null for text
// without a statement.
bool Compile(sqlite3* db, std::string_view sql, Reports* reports, StatementPtr* stmt) {
  int enforced = 0;
  sqlite_api::sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &enforced);
  sqlite_api::sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, nullptr);
  sqlite_api::sqlite3_set_authorizer(db, &Authorize, reports);
  sqlite3_stmt* raw = nullptr;
  const char* text = sql.empty() ? " " : sql.data();  // SQLite refuses a null text pointer
  int rc = sqlite_api::sqlite3_prepare_v2(db, text, static_cast<int>(sql.size()), &raw, nullptr);
  sqlite_api::sqlite3_set_authorizer(db, nullptr, nullptr);
  sqlite_api::sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, enforced, nullptr);
  stmt->reset(raw);
  return rc == SQLITE_OK;
}

// --- The leading keywords -----------------------------------------------

// A statement's tokens, one at a time, through the shared lexer.
class Words {
 public:
  explicit Words(std::string_view sql) : lexer_(sql, script::SplitterOptions::Sqlite()) {
    Advance();
  }

  bool AtEnd() const { return at_end_; }

  /// Takes the next token if it is the bare keyword `keyword` (lower case).
  bool Accept(std::string_view keyword) {
    if (at_end_ || kind_ != script::Token::Kind::kWord || lower_ != keyword) return false;
    Advance();
    return true;
  }

  /// Takes the next token if it is the punctuation `punct`.
  bool AcceptPunctuation(std::string_view punct) {
    if (at_end_ || kind_ != script::Token::Kind::kPunct || text_ != punct) return false;
    Advance();
    return true;
  }

  /// Takes the next token; returns it lower-cased if it is a bare word, else "".
  std::string TakeKeyword() {
    std::string keyword = !at_end_ && kind_ == script::Token::Kind::kWord ? lower_ : std::string();
    Advance();
    return keyword;
  }

  /// Takes the next token as a name (a word, quoted identifier or string,
  /// which SQLite also accepts as a name); empty if it is none of those.
  Identifier TakeIdentifier() {
    Identifier id;
    if (!at_end_ && kind_ != script::Token::Kind::kPunct && kind_ != script::Token::Kind::kNumber &&
        kind_ != script::Token::Kind::kParameter) {
      id.text = text_;
      id.quoted = kind_ != script::Token::Kind::kWord;
    }
    Advance();
    return id;
  }

  /// Takes `name` or `schema.name`.
  ObjectName TakeName() {
    ObjectName name;
    name.name = TakeIdentifier();
    if (!at_end_ && kind_ == script::Token::Kind::kPunct && text_ == ".") {
      Advance();
      name.schema = std::move(name.name);
      name.name = TakeIdentifier();
    }
    return name;
  }

  /// Takes the next token; returns +1 for `(`, -1 for `)`, else 0.
  int TakeParenthesis() {
    int depth = kind_ == script::Token::Kind::kPunct ? (text_ == "(" ? 1 : text_ == ")" ? -1 : 0)
                                                     : 0;
    Advance();
    return depth;
  }

 private:
  void Advance() {
    script::TokenSpan span;
    at_end_ = !lexer_.Next(&span);
    if (at_end_) return;
    kind_ = span.kind;
    text_ = lexer_.Text(span);
    lower_ = kind_ == script::Token::Kind::kWord ? base::AsciiLower(text_) : std::string();
  }

  script::Lexer lexer_;
  bool at_end_ = false;
  script::Token::Kind kind_ = script::Token::Kind::kWord;
  std::string text_;
  std::string lower_;
};

// What the leading keywords say that the authorizer does not.
struct Keywords {
  enum class Verb { kOther, kCreate, kDrop, kAlter, kAttach, kMaintenance };
  Verb verb = Verb::kOther;
  std::optional<ObjectKind> kind;  // CREATE, DROP: TABLE, VIEW, INDEX or TRIGGER
  bool temporary = false;          // CREATE TEMP|TEMPORARY
  bool unique = false;             // CREATE UNIQUE INDEX
  bool if_exists = false;          // IF [NOT] EXISTS
  ObjectName object;               // CREATE, DROP, ALTER TABLE: the object named
  ObjectName table;                // CREATE INDEX ... ON table
  Intent::Action alter = Intent::Action::kAlter;  // ALTER TABLE: which form
  Identifier column;                              // ALTER TABLE: the column
  Identifier new_name;                            // ALTER TABLE: RENAME ... TO
  Identifier attached_as;                         // ATTACH ... AS name
};

std::optional<ObjectKind> KindOf(std::string_view keyword) {
  if (keyword == "table") return ObjectKind::kTable;
  if (keyword == "view") return ObjectKind::kView;
  if (keyword == "index") return ObjectKind::kIndex;
  if (keyword == "trigger") return ObjectKind::kTrigger;
  return std::nullopt;
}

void ReadAlterTable(Words& words, Keywords* keywords) {
  using Action = Intent::Action;
  words.Accept("table");
  keywords->object = words.TakeName();
  if (words.Accept("rename")) {
    if (words.Accept("to")) {
      keywords->alter = Action::kRename;
      keywords->new_name = words.TakeIdentifier();
      return;
    }
    words.Accept("column");
    keywords->alter = Action::kRenameColumn;
    keywords->column = words.TakeIdentifier();
    words.Accept("to");
    keywords->new_name = words.TakeIdentifier();
  } else if (words.Accept("add")) {
    words.Accept("column");
    keywords->alter = Action::kAddColumn;
    keywords->column = words.TakeIdentifier();
  } else if (words.Accept("drop")) {
    words.Accept("column");
    keywords->alter = Action::kDropColumn;
    keywords->column = words.TakeIdentifier();
  }
}

// ATTACH [DATABASE] expr AS name: the name follows the last AS outside
// parentheses (the file expression may hold its own).
void ReadAttach(Words& words, Keywords* keywords) {
  int depth = 0;
  while (!words.AtEnd()) {
    if (depth == 0 && words.Accept("as")) {
      keywords->attached_as = words.TakeIdentifier();
      continue;
    }
    depth += words.TakeParenthesis();
  }
}

Keywords ReadKeywords(std::string_view sql) {
  using Verb = Keywords::Verb;
  Words words(sql);
  Keywords keywords;
  const std::string first = words.TakeKeyword();
  if (first == "vacuum" || first == "reindex" || first == "analyze") {
    keywords.verb = Verb::kMaintenance;
  } else if (first == "create") {
    keywords.verb = Verb::kCreate;
    keywords.temporary = words.Accept("temp") || words.Accept("temporary");
    keywords.unique = words.Accept("unique");
    words.Accept("virtual");
    keywords.kind = KindOf(words.TakeKeyword());
    keywords.if_exists = words.Accept("if") && words.Accept("not") && words.Accept("exists");
    keywords.object = words.TakeName();
    if (keywords.kind == ObjectKind::kIndex && words.Accept("on")) {
      keywords.table = words.TakeName();
    }
  } else if (first == "drop") {
    keywords.verb = Verb::kDrop;
    keywords.kind = KindOf(words.TakeKeyword());
    keywords.if_exists = words.Accept("if") && words.Accept("exists");
    keywords.object = words.TakeName();
  } else if (first == "alter") {
    keywords.verb = Verb::kAlter;
    ReadAlterTable(words, &keywords);
  } else if (first == "attach") {
    keywords.verb = Verb::kAttach;
    ReadAttach(words, &keywords);
  }
  return keywords;
}

// The intent the keywords alone describe, for a CREATE ... IF NOT EXISTS
// or DROP ... IF EXISTS that compiled to nothing.
Intent IntentFromKeywords(const Keywords& keywords) {
  Intent intent;
  intent.action =
      keywords.verb == Keywords::Verb::kCreate ? Intent::Action::kCreate : Intent::Action::kDrop;
  intent.kind = *keywords.kind;
  intent.object = keywords.object;
  intent.table = keywords.table;
  intent.temporary = keywords.temporary;
  const std::string schema = base::AsciiLower(intent.object.schema.text);
  if (schema == "temp" || schema == "main") {
    intent.temporary = intent.temporary || schema == "temp";
    intent.object.schema = {};
    intent.table.schema = {};
  }
  intent.if_exists = true;
  intent.unique = keywords.unique;
  return intent;
}

// The statement's intent: the authorizer's reports, completed by its keywords.
StatementIntent Assemble(Reports reports, const Keywords& keywords) {
  using Action = Intent::Action;
  using Verb = Keywords::Verb;
  StatementIntent result;
  bool named = false;  // the reports hold the CREATE or DROP of the keywords' kind
  for (Intent& intent : reports.intents) {
    if (keywords.verb == Verb::kCreate && intent.action == Action::kCreate) {
      intent.if_exists = keywords.if_exists;
      intent.unique = keywords.unique && intent.kind == ObjectKind::kIndex;
      named = named || intent.kind == keywords.kind;
    } else if (keywords.verb == Verb::kDrop && intent.action == Action::kDrop &&
               intent.kind == keywords.kind) {
      intent.if_exists = keywords.if_exists;
      named = true;
    } else if (keywords.verb == Verb::kAlter && intent.action == Action::kAlter) {
      intent.action = keywords.alter;
      intent.column = keywords.column;
      intent.new_name = keywords.new_name;
    } else if (intent.action == Action::kAttach) {
      intent.object.name = keywords.attached_as;
    }
  }
  if (!named && keywords.if_exists && keywords.kind.has_value()) {
    reports.intents.push_back(IntentFromKeywords(keywords));
  }
  const bool reindexed = std::any_of(
      reports.reindexed.begin(), reports.reindexed.end(), [&](const std::string& index) {
        // CREATE INDEX reports a REINDEX of the index it builds.
        return std::none_of(reports.intents.begin(), reports.intents.end(), [&](const Intent& i) {
          return i.action == Action::kCreate && i.kind == ObjectKind::kIndex &&
                 base::AsciiLower(i.object.name.text) == base::AsciiLower(index);
        });
      });
  result.maintenance = keywords.verb == Verb::kMaintenance || reports.analyzed || reindexed;
  result.intents = std::move(reports.intents);
  return result;
}

// --- Statements a transaction refuses ----------------------------------------

// After ROLLBACK: true for ROLLBACK [TRANSACTION] TO (a savepoint), which
// stays inside the transaction.
bool IsRollbackTo(Words& words) {
  words.Accept("transaction");
  return words.Accept("to");
}

// --- A new table's columns --------------------------------------------------

// The database an intent's object is in, as SQLite names it.
std::string DatabaseOf(const Intent& intent) {
  if (intent.temporary) return "temp";
  return intent.object.schema.text.empty() ? "main" : intent.object.schema.text;
}

bool CreatesTable(const Intent& intent) {
  return intent.action == Intent::Action::kCreate && intent.kind == ObjectKind::kTable;
}

// The columns of the table `intent` created in `db`, as pragma_table_xinfo
// lists them (a virtual table's hidden columns left out).
std::vector<Identifier> ReadColumns(sqlite3* db, const Intent& intent) {
  static constexpr std::string_view kSql =
      "SELECT name FROM pragma_table_xinfo(?1, ?2) WHERE hidden <> 1 ORDER BY cid";
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite_api::sqlite3_prepare_v2(db, kSql.data(), static_cast<int>(kSql.size()), &raw,
                                          nullptr);
  StatementPtr stmt(raw);
  std::vector<Identifier> columns;
  if (rc != SQLITE_OK) return columns;
  const std::string database = DatabaseOf(intent);
  sqlite_api::sqlite3_bind_text(stmt.get(), 1, intent.object.name.text.c_str(), -1,
                                SQLITE_TRANSIENT);
  sqlite_api::sqlite3_bind_text(stmt.get(), 2, database.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite_api::sqlite3_step(stmt.get()) == SQLITE_ROW) {
    const unsigned char* name = sqlite_api::sqlite3_column_text(stmt.get(), 0);
    columns.push_back(
        Identifier{name == nullptr ? "" : reinterpret_cast<const char*>(name), false});
  }
  return columns;
}

// The columns `sql`, a CREATE TABLE, gives the table `intent` names, from
// running it in a private database (with an empty database of the same
// name attached if it names one); empty if it cannot run there.
std::vector<Identifier> ColumnsInScratch(std::string_view sql, const Intent& intent) {
  DatabasePtr scratch = OpenScratch();
  if (!scratch) return {};
  const std::string database = DatabaseOf(intent);
  if (database != "main" && database != "temp") {
    const std::string quoted = SqliteDialect().QuoteIdentifier(database);
    if (!Run(scratch.get(), "ATTACH ':memory:' AS " + quoted)) return {};
  }
  if (!Run(scratch.get(), std::string(sql))) return {};
  return ReadColumns(scratch.get(), intent);
}

}  // namespace

StatementIntent CompileIntent(sqlite3* db, std::string_view sql, TableColumns columns) {
  Reports reports;
  StatementPtr stmt;
  if (!Compile(db, sql, &reports, &stmt)) return StatementIntent{.understood = false};
  stmt.reset();  // compiled only: it never runs here
  StatementIntent result = Assemble(std::move(reports), ReadKeywords(sql));
  if (columns == TableColumns::kSkip) return result;
  for (Intent& intent : result.intents) {
    if (CreatesTable(intent)) intent.columns = ColumnsInScratch(sql, intent);
  }
  return result;
}

std::optional<std::string> TransactionRefusal(std::string_view sql) {
  Words words(sql);
  const std::string first = words.TakeKeyword();
  if (first == "vacuum") return "SQLite cannot VACUUM inside a transaction";
  if (first == "begin" || first == "commit" || first == "end" ||
      (first == "rollback" && !IsRollbackTo(words))) {
    return "migrate runs each migration in its own transaction, so a migration must not "
           "BEGIN, COMMIT or ROLLBACK itself";
  }
  if (first != "pragma") return std::nullopt;
  const std::string name = base::AsciiLower(words.TakeName().name.text);  // [schema.]name
  // Without `= value` or `(value)`, a pragma is a query, not a change.
  if (!words.AcceptPunctuation("=") && !words.AcceptPunctuation("(")) return std::nullopt;
  if (name == "foreign_keys") {
    return "SQLite silently ignores PRAGMA foreign_keys inside a transaction";
  }
  if (name == "journal_mode") {
    return "SQLite cannot change PRAGMA journal_mode inside a transaction";
  }
  if (name == "synchronous") {
    return "SQLite refuses to change PRAGMA synchronous inside a transaction";
  }
  return std::nullopt;
}

bool IsSqliteInternal(std::string_view name) {
  return base::AsciiLower(name.substr(0, 7)) == "sqlite_";
}

std::vector<StatementIntent> CompileIntentsOffline(
    const std::vector<script::Statement>& statements) {
  std::vector<StatementIntent> results;
  results.reserve(statements.size());
  DatabasePtr scratch = OpenScratch();
  for (const script::Statement& statement : statements) {
    Reports reports;
    StatementPtr stmt;
    if (!scratch || !Compile(scratch.get(), statement.text, &reports, &stmt)) {
      results.push_back(StatementIntent{.understood = false});
      continue;
    }
    StatementIntent result = Assemble(std::move(reports), ReadKeywords(statement.text));
    // An ATTACH would create its file, and VACUUM INTO writes one; neither
    // (nor any maintenance) changes what later statements see, so they are
    // only compiled.
    const bool attaches =
        std::any_of(result.intents.begin(), result.intents.end(),
                    [](const Intent& i) { return i.action == Intent::Action::kAttach; });
    if (!attaches && !result.maintenance && !Step(stmt.get())) {
      results.push_back(StatementIntent{.understood = false});
      continue;
    }
    stmt.reset();
    for (Intent& intent : result.intents) {
      if (CreatesTable(intent)) intent.columns = ReadColumns(scratch.get(), intent);
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace migrate::db
