#include "migrator/verify/row_ledger.h"

#include <algorithm>

#include "migrator/base/strings.h"

namespace migrate::verify {

namespace {

using script::Intent;

// The ledger's "schema.table" or "table", split.
script::ObjectName LedgerName(const std::string& table) {
  const std::size_t dot = table.find('.');
  if (dot == std::string::npos) return script::ObjectName{{}, {table, true}};
  return script::ObjectName{{table.substr(0, dot), true}, {table.substr(dot + 1), true}};
}

bool SameTable(const script::ObjectName& ledger, const script::ObjectName& named) {
  if (base::AsciiLower(ledger.name.text) != base::AsciiLower(FoldName(named.name))) return false;
  if (ledger.schema.text.empty() || named.schema.text.empty()) return true;
  return base::AsciiLower(ledger.schema.text) == base::AsciiLower(FoldName(named.schema));
}

bool NamesForDeletion(const Intent& intent) {
  switch (intent.action) {
    case Intent::Action::kDelete:
    case Intent::Action::kTruncate:
      return true;
    case Intent::Action::kDrop:
      return intent.kind == script::ObjectKind::kTable;
    default:
      return false;
  }
}

bool Named(const script::ObjectName& table, const std::vector<DescribedStatement>& statements,
           const std::vector<script::Postcondition>& declared) {
  for (const script::Postcondition& p : declared) {
    if (p.kind == script::Postcondition::Kind::kRowsDeleted && SameTable(table, p.object)) return true;
  }
  for (const DescribedStatement& s : statements) {
    for (const Intent& intent : s.intent.intents) {
      if (NamesForDeletion(intent) && SameTable(table, intent.object)) return true;
    }
  }
  return false;
}

// The statements that may have caused deletions: the one the database
// points at, else every statement that deletes or drops anything, or runs code.
std::vector<const DescribedStatement*> Suspects(const base::TableRowChanges& changes,
                                                const std::vector<DescribedStatement>& statements) {
  const int index = changes.first_delete_statement;
  if (index >= 0 && index < static_cast<int>(statements.size())) return {&statements[index]};
  std::vector<const DescribedStatement*> suspects;
  for (const DescribedStatement& s : statements) {
    const bool deletes = std::any_of(s.intent.intents.begin(), s.intent.intents.end(),
                                     [](const Intent& i) {
                                       return NamesForDeletion(i) || i.action == Intent::Action::kUpdate;
                                     });
    if (deletes || !s.intent.understood) suspects.push_back(&s);
  }
  return suspects;
}

}  // namespace

std::string DescribeRowChanges(const base::TableRowChanges& c) {
  return c.table + " +" + std::to_string(c.inserted) + " ~" + std::to_string(c.updated) + " -" +
         std::to_string(c.deleted);
}

base::Status CheckDeletedRows(const base::RowLedger& ledger,
                              const std::vector<DescribedStatement>& statements,
                              const std::vector<script::Postcondition>& declared,
                              const std::string& path) {
  for (const base::TableRowChanges& changes : ledger) {
    if (changes.deleted == 0 || Named(LedgerName(changes.table), statements, declared)) continue;
    if (!changes.partition_of.empty() &&
        Named(LedgerName(changes.partition_of), statements, declared)) {
      continue;  // deleted through the partitioned table the statement names
    }
    const std::vector<const DescribedStatement*> suspects = Suspects(changes, statements);
    const int line = suspects.size() == 1 ? suspects.front()->statement->line : 0;
    base::Status error = base::Status::VerificationFailed(
        "the migration deleted " + std::to_string(changes.deleted) +
            (changes.deleted == 1 ? " row" : " rows") + " from " + changes.table +
            ", a table none of its statements names in a DELETE, TRUNCATE or DROP TABLE",
        base::Location{path, line});
    for (const DescribedStatement* s : suspects) {
      error = std::move(error).WithContext(
          std::string(suspects.size() == 1 ? "  caused by" : "  possibly caused by") + " line " +
          std::to_string(s->statement->line) + ": " + base::OneLine(s->statement->text, 120));
    }
    return std::move(error)
        .WithContext("  a foreign-key action (ON DELETE CASCADE) or a trigger deletes these rows")
        .WithContext("  if that is intended, declare it in the header: `-- expect: rows deleted from " +
                     changes.table + "`");
  }
  return base::Status::OK();
}

}  // namespace migrate::verify
