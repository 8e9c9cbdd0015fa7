#include "migrator/verify/verifier.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "migrator/base/numbers.h"
#include "migrator/base/strings.h"
#include "migrator/db/dialect.h"
#include "migrator/script/sql_lexer.h"

namespace migrate::verify {

namespace {

// Whether catalog name `actual` is what identifier `wanted` refers to.
// Unquoted names match case-insensitively: PostgreSQL stores them folded to
// lower case, and SQLite compares names case-insensitively anyway.
bool NameMatches(const script::Identifier& wanted, const std::string& actual) {
  return wanted.quoted ? wanted.text == actual : base::AsciiLower(wanted.text) == base::AsciiLower(actual);
}

// `name` as SQL the database resolves exactly as the migration's own text would.
std::string SqlName(const db::Dialect& dialect, const script::ObjectName& name) {
  auto part = [&](const script::Identifier& id) {
    return id.quoted ? dialect.QuoteIdentifier(id.text) : id.text;
  };
  return name.schema.text.empty() ? part(name.name) : part(name.schema) + "." + part(name.name);
}

bool Compare(std::int64_t actual, script::Comparison op, std::int64_t wanted) {
  switch (op) {
    case script::Comparison::kEq: return actual == wanted;
    case script::Comparison::kGe: return actual >= wanted;
    case script::Comparison::kGt: return actual > wanted;
    case script::Comparison::kLe: return actual <= wanted;
    case script::Comparison::kLt: return actual < wanted;
  }
  return false;
}

base::Status Unmet(const script::Postcondition& p, const std::string& found) {
  return base::Status::VerificationFailed("postcondition not met: " + p.Describe() + ": " + found,
                                          p.origin)
      .WithContext("  required by: " + base::OneLine(p.source));
}

// Appends to `failures` if `p` does not hold; fails only if the catalog cannot be read.
base::Status Check(db::Connection& conn, const script::Postcondition& p,
                   std::vector<base::Status>& failures) {
  const db::Dialect& dialect = conn.dialect();
  using Kind = script::Postcondition::Kind;
  const char* kind_name = script::ObjectKindName(p.object_kind);

  if (p.kind == Kind::kRowsDeleted) return base::Status::OK();  // a declaration (row_ledger.h)
  if (p.kind == Kind::kRowCount) {
    MIGRATE_ASSIGN_OR_RETURN(db::Rows rows,
                             conn.Query("SELECT count(*) FROM " + SqlName(dialect, p.object)));
    MIGRATE_ASSIGN_OR_RETURN(const std::int64_t count,
                             base::ParseInteger(rows.rows.at(0).at(0).value_or("0")));
    if (!Compare(count, p.comparison, p.row_count)) {
      failures.push_back(Unmet(p, "the table has " + std::to_string(count) + " rows"));
    }
    return base::Status::OK();
  }

  const bool want = p.kind == Kind::kExists;
  MIGRATE_ASSIGN_OR_RETURN(
      db::ObjectFinding found,
      dialect.FindObject(conn, p.object_kind, p.object, p.column, want && p.unique));
  if (found.exists != want) {
    std::string what = std::string("the ") + kind_name + (found.exists ? " exists" : " does not exist");
    if (!found.exists && !found.instead.empty()) what = found.instead;
    failures.push_back(Unmet(p, what));
    return base::Status::OK();
  }
  if (p.object_kind == script::ObjectKind::kTable && want && !p.columns.empty()) {
    MIGRATE_ASSIGN_OR_RETURN(auto columns, dialect.TableColumns(conn, p.object));
    std::vector<std::string> missing;
    for (const script::Identifier& wanted : p.columns) {
      bool present = columns && std::any_of(columns->begin(), columns->end(), [&](const std::string& actual) {
                       return NameMatches(wanted, actual);
                     });
      if (!present) missing.push_back(wanted.text);
    }
    if (!missing.empty()) {
      const std::vector<std::string> actual = columns.value_or(std::vector<std::string>{});
      failures.push_back(
          Unmet(p, "the table has columns (" + base::Join(actual) + "); missing: " + base::Join(missing)));
    }
  }
  return base::Status::OK();
}

// The folded names of the objects that postconditions and verify statements
// check: what can vouch for a statement that names one of them.
std::set<std::string> NamesChecked(const NoopEvidence& e) {
  std::set<std::string> names;
  for (const script::Postcondition& p : *e.postconditions) {
    if (p.kind == script::Postcondition::Kind::kRowsDeleted) continue;  // a declaration, not a check
    names.insert(FoldName(p.object.name));
  }
  names.merge(script::NamesIn(*e.verify, e.splitter));
  return names;
}

// Whether a statement's success proves it changed the schema: the database
// refuses to create what exists, or to drop, rename or alter what does not,
// unless IF [NOT] EXISTS asked it to do nothing instead.
bool ProvesAChange(const DescribedStatement& s) {
  using Action = script::Intent::Action;
  if (!s.intent.understood) return false;
  return std::any_of(s.intent.intents.begin(), s.intent.intents.end(), [](const script::Intent& i) {
    switch (i.action) {
      case Action::kCreate:
      case Action::kDrop:
      case Action::kRename:
      case Action::kAddColumn:
      case Action::kDropColumn:
      case Action::kRenameColumn:
      case Action::kAlter:
        return !i.temporary && !i.if_exists;
      default:
        return false;
    }
  });
}

bool VouchedFor(const DescribedStatement& s, const std::set<std::string>& checked, bool declared) {
  if (s.intent.maintenance) return true;
  if (!s.intent.understood) return declared;
  for (const script::Intent& intent : s.intent.intents) {
    // A drop's point is the absence, which IF EXISTS makes true either way
    // (and which cannot be checked for an overloaded function).
    if (intent.action == script::Intent::Action::kDrop && !intent.temporary) return true;
    if (checked.count(FoldName(intent.object.name)) > 0) return true;
    if (!intent.new_name.text.empty() && checked.count(FoldName(intent.new_name)) > 0) return true;
  }
  return false;
}

}  // namespace

base::Result<std::vector<base::Status>> CheckPostconditions(
    db::Connection& conn, const std::vector<script::Postcondition>& postconditions) {
  std::vector<base::Status> failures;
  for (const script::Postcondition& p : postconditions) MIGRATE_TRY(Check(conn, p, failures));
  return failures;
}

bool IsTruthy(const db::Value& value) {
  if (!value) return false;
  const std::string v = base::AsciiLower(*value);
  if (v.empty() || v == "f" || v == "false") return false;
  char* end = nullptr;
  const double number = std::strtod(v.c_str(), &end);
  if (end != v.c_str() && *end == '\0') return number != 0;
  return true;
}

namespace {

// The last line of the error for a verify section that may not run read-only.
constexpr const char* kOnlyReads =
    "  a verify section must only read: `migrate verify` and `migrate check` run it in a "
    "read-only transaction that is rolled back";

bool RefusedAsAWrite(const base::Status& error) {
  return error.database() && error.database()->sqlstate == db::kReadOnlySqlstate;
}

}  // namespace

base::Status RunVerifySection(db::Connection& conn, const std::vector<script::Statement>& statements,
                              const std::string& path) {
  for (const script::Statement& statement : statements) {
    const base::Location where{path, statement.line};
    auto rows = conn.Query(statement.text);
    if (!rows && RefusedAsAWrite(rows.error())) {
      return base::Status::InvalidInput(
                 "the verify section writes to the database: " + rows.error().message(), where)
          .WithContext("  " + statement.text)
          .WithContext(kOnlyReads);
    }
    if (!rows) {
      return base::Status::VerificationFailed("verify statement failed: " + rows.error().message(),
                                              where)
          .WithContext("  " + statement.text);
    }
    if (!rows->rows.empty() && !rows->rows[0].empty() && !IsTruthy(rows->rows[0][0])) {
      return base::Status::VerificationFailed(
                 "verify statement returned " + rows->rows[0][0].value_or("NULL") +
                     ", not true",
                 where)
          .WithContext("  " + statement.text);
    }
  }
  return base::Status::OK();
}

base::Status RerunVerifySection(db::Connection& conn,
                                const std::vector<script::Statement>& statements,
                                const std::string& path) {
  for (const script::Statement& statement : statements) {
    if (auto why = conn.dialect().RefusedInTransaction(statement.text)) {
      return base::Status::InvalidInput(*why, base::Location{path, statement.line})
          .WithContext("  " + statement.text)
          .WithContext(kOnlyReads);
    }
  }
  // A failed statement aborts a PostgreSQL transaction; the savepoint keeps
  // the failure to this section.
  MIGRATE_TRY(conn.Execute("SAVEPOINT migrate_verify_section"));
  base::Status verified = RunVerifySection(conn, statements, path);
  if (!verified.ok()) {
    MIGRATE_TRY(conn.Execute("ROLLBACK TO SAVEPOINT migrate_verify_section"));
  }
  MIGRATE_TRY(conn.Execute("RELEASE SAVEPOINT migrate_verify_section"));
  return verified;
}

base::Status CheckNotANoop(const NoopEvidence& e) {
  if (e.statements->empty() || e.wrote || e.noop_allowed) return base::Status::OK();
  if (std::any_of(e.statements->begin(), e.statements->end(), ProvesAChange)) {
    return base::Status::OK();
  }
  const std::set<std::string> checked = NamesChecked(e);
  const bool declared = e.declares_checks || !e.verify->empty();
  const DescribedStatement* unvouched = nullptr;
  for (const DescribedStatement& s : *e.statements) {
    if (!VouchedFor(s, checked, declared)) {
      unvouched = &s;
      break;
    }
  }
  if (unvouched == nullptr) return base::Status::OK();
  const std::size_t count = e.statements->size();
  return base::Status::VerificationFailed(
             "the migration ran " + std::to_string(count) +
                 (count == 1 ? " statement" : " statements") +
                 " but changed nothing in the database (no catalog change, no row written)",
             base::Location{e.path, 0})
      .WithContext("  A SELECT that only prints a CREATE statement, or a block that swallowed its")
      .WithContext("  own error, looks like this. If the migration may legitimately find nothing")
      .WithContext("  to do, declare what must hold afterwards (`-- expect: table x`, or a")
      .WithContext("  `-- migrate:verify` section), or add `-- noop: allowed` to its header.")
      .WithContext("  nothing vouches for line " + std::to_string(unvouched->statement->line) + ": " +
                   base::OneLine(unvouched->statement->text, 100));
}

}  // namespace migrate::verify
