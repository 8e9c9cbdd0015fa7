#include "migrator/script/postcondition.h"

#include <string>

namespace migrate::script {

namespace {

// An identifier as it would be written back: quoted ones keep their quotes,
// with embedded quotes doubled, so Describe() output parses to the same value.
std::string Spell(const Identifier& id) {
  if (!id.quoted) return id.text;
  std::string out = "\"";
  for (char c : id.text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

const char* ObjectKindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kTable: return "table";
    case ObjectKind::kColumn: return "column";
    case ObjectKind::kIndex: return "index";
    case ObjectKind::kView: return "view";
    case ObjectKind::kMaterializedView: return "materialized view";
    case ObjectKind::kSequence: return "sequence";
    case ObjectKind::kType: return "type";
    case ObjectKind::kFunction: return "function";
    case ObjectKind::kTrigger: return "trigger";
    case ObjectKind::kSchema: return "schema";
    case ObjectKind::kExtension: return "extension";
  }
  return "object";
}

const char* ComparisonSymbol(Comparison op) {
  switch (op) {
    case Comparison::kEq: return "=";
    case Comparison::kGe: return ">=";
    case Comparison::kGt: return ">";
    case Comparison::kLe: return "<=";
    case Comparison::kLt: return "<";
  }
  return "?";
}

std::string ObjectName::ToString() const {
  if (schema.text.empty() && !schema.quoted) return Spell(name);
  return Spell(schema) + "." + Spell(name);
}

std::string Postcondition::Describe() const {
  if (kind == Kind::kRowsDeleted) return "rows deleted from " + object.ToString();
  if (kind == Kind::kRowCount) {
    return "rows " + object.ToString() + " " + ComparisonSymbol(comparison) + " " +
           std::to_string(row_count);
  }
  std::string out = kind == Kind::kAbsent ? "no " : "";
  if (unique && kind == Kind::kExists) out += "unique ";
  out += ObjectKindName(object_kind);
  out += " ";
  out += object.ToString();
  if (object_kind == ObjectKind::kColumn) {
    out += "." + Spell(column);
  } else if (object_kind == ObjectKind::kTable && kind == Kind::kExists && !columns.empty()) {
    out += "(";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) out += ", ";
      out += Spell(columns[i]);
    }
    out += ")";
  }
  return out;
}

}  // namespace migrate::script
