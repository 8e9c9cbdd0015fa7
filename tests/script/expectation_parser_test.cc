#include "migrator/script/expectation_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace migrate::script {
namespace {

const base::Location kWhere{"migrations/1f73_x.sql", 7};

Postcondition MustParse(std::string_view text) {
  base::Result<Postcondition> p = ParseExpectation(text, kWhere);
  EXPECT_TRUE(p.has_value()) << text << ": " << p.status().ToString();
  return p ? *p : Postcondition{};
}

std::string ParseError(std::string_view text) {
  base::Result<Postcondition> p = ParseExpectation(text, kWhere);
  return p ? "OK: " + p->Describe() : p.error().ToString();
}

Identifier Id(std::string text, bool quoted = false) { return Identifier{std::move(text), quoted}; }

TEST(ExpectationParserTest, TableWithColumns) {
  Postcondition p = MustParse("  table services(id, name ,price)  ");
  EXPECT_EQ(p.kind, Postcondition::Kind::kExists);
  EXPECT_EQ(p.object_kind, ObjectKind::kTable);
  EXPECT_EQ(p.object, (ObjectName{Id(""), Id("services")}));
  EXPECT_EQ(p.columns, (std::vector<Identifier>{Id("id"), Id("name"), Id("price")}));
  EXPECT_EQ(p.origin, kWhere);
  EXPECT_EQ(p.source, "table services(id, name ,price)");
  EXPECT_EQ(p.Describe(), "table services(id, name, price)");
}

TEST(ExpectationParserTest, EveryForm) {
  struct Case {
    const char* text;
    Postcondition::Kind kind;
    ObjectKind object_kind;
    ObjectName object;
    Identifier column;
    const char* described;
  };
  using K = Postcondition::Kind;
  const Case cases[] = {
      {"table t", K::kExists, ObjectKind::kTable, {Id(""), Id("t")}, {}, "table t"},
      {"no table public.t", K::kAbsent, ObjectKind::kTable, {Id("public"), Id("t")}, {}, "no table public.t"},
      {"column t.c", K::kExists, ObjectKind::kColumn, {Id(""), Id("t")}, Id("c"), "column t.c"},
      {"column s.t.c", K::kExists, ObjectKind::kColumn, {Id("s"), Id("t")}, Id("c"), "column s.t.c"},
      {"no column t.c", K::kAbsent, ObjectKind::kColumn, {Id(""), Id("t")}, Id("c"), "no column t.c"},
      {"index idx_x", K::kExists, ObjectKind::kIndex, {Id(""), Id("idx_x")}, {}, "index idx_x"},
      {"no index idx_x", K::kAbsent, ObjectKind::kIndex, {Id(""), Id("idx_x")}, {}, "no index idx_x"},
      {"view v", K::kExists, ObjectKind::kView, {Id(""), Id("v")}, {}, "view v"},
      {"no view s.v", K::kAbsent, ObjectKind::kView, {Id("s"), Id("v")}, {}, "no view s.v"},
      {"extension pg_trgm", K::kExists, ObjectKind::kExtension, {Id(""), Id("pg_trgm")}, {}, "extension pg_trgm"},
      {"extension uuid-ossp", K::kExists, ObjectKind::kExtension, {Id(""), Id("uuid-ossp")}, {}, "extension uuid-ossp"},
      {"TABLE T", K::kExists, ObjectKind::kTable, {Id(""), Id("T")}, {}, "table T"},
      {"No Index i", K::kAbsent, ObjectKind::kIndex, {Id(""), Id("i")}, {}, "no index i"},
  };
  for (const Case& c : cases) {
    Postcondition p = MustParse(c.text);
    EXPECT_EQ(p.kind, c.kind) << c.text;
    EXPECT_EQ(p.object_kind, c.object_kind) << c.text;
    EXPECT_EQ(p.object, c.object) << c.text;
    EXPECT_EQ(p.column, c.column) << c.text;
    EXPECT_TRUE(p.columns.empty()) << c.text;
    EXPECT_EQ(p.Describe(), c.described);
  }
}

TEST(ExpectationParserTest, RowCounts) {
  struct Case {
    const char* text;
    Comparison op;
    std::int64_t n;
  };
  const Case cases[] = {{"rows t >= 3", Comparison::kGe, 3},
                        {"rows t=0", Comparison::kEq, 0},
                        {"rows t > 10", Comparison::kGt, 10},
                        {"rows t <= 9223372036854775807", Comparison::kLe, 9223372036854775807},
                        {"ROWS t < 5", Comparison::kLt, 5}};
  for (const Case& c : cases) {
    Postcondition p = MustParse(c.text);
    EXPECT_EQ(p.kind, Postcondition::Kind::kRowCount) << c.text;
    EXPECT_EQ(p.object_kind, ObjectKind::kTable) << c.text;
    EXPECT_EQ(p.object, (ObjectName{Id(""), Id("t")}));
    EXPECT_EQ(p.comparison, c.op) << c.text;
    EXPECT_EQ(p.row_count, c.n) << c.text;
  }
  EXPECT_EQ(MustParse("rows billing.invoices >= 1").Describe(), "rows billing.invoices >= 1");
}

TEST(ExpectationParserTest, RowsDeletedFromDeclaresADeletion) {
  Postcondition p = MustParse(" rows deleted from items ");
  EXPECT_EQ(p.kind, Postcondition::Kind::kRowsDeleted);
  EXPECT_EQ(p.object_kind, ObjectKind::kTable);
  EXPECT_EQ(p.object, (ObjectName{Id(""), Id("items")}));
  EXPECT_EQ(p.origin, kWhere);
  EXPECT_EQ(p.source, "rows deleted from items");
  EXPECT_EQ(p.Describe(), "rows deleted from items");

  Postcondition q = MustParse(R"(ROWS Deleted FROM sales."Line Items")");
  EXPECT_EQ(q.kind, Postcondition::Kind::kRowsDeleted);
  EXPECT_EQ(q.object, (ObjectName{Id("sales"), Id("Line Items", true)}));
  EXPECT_EQ(q.Describe(), R"(rows deleted from sales."Line Items")");
}

TEST(ExpectationParserTest, ATableNamedDeletedStillHasARowCount) {
  Postcondition p = MustParse("rows deleted >= 3");
  EXPECT_EQ(p.kind, Postcondition::Kind::kRowCount);
  EXPECT_EQ(p.object, (ObjectName{Id(""), Id("deleted")}));
  EXPECT_EQ(p.comparison, Comparison::kGe);
  EXPECT_EQ(p.row_count, 3);
  EXPECT_EQ(p.Describe(), "rows deleted >= 3");

  Postcondition schema = MustParse("rows deleted.from = 0");
  EXPECT_EQ(schema.kind, Postcondition::Kind::kRowCount);
  EXPECT_EQ(schema.object, (ObjectName{Id("deleted"), Id("from")}));

  Postcondition quoted = MustParse(R"(rows "deleted" < 2)");
  EXPECT_EQ(quoted.kind, Postcondition::Kind::kRowCount);
  EXPECT_EQ(quoted.object, (ObjectName{Id(""), Id("deleted", true)}));
}

TEST(ExpectationParserTest, QuotedNamesKeepTheirSpelling) {
  Postcondition p = MustParse(R"(table "Mixed Case"."t""x"("Id", name))");
  EXPECT_EQ(p.object, (ObjectName{Id("Mixed Case", true), Id("t\"x", true)}));
  EXPECT_EQ(p.columns, (std::vector<Identifier>{Id("Id", true), Id("name")}));
  EXPECT_EQ(p.Describe(), R"(table "Mixed Case"."t""x"("Id", name))");

  Postcondition c = MustParse(R"(column "S".t."Col")");
  EXPECT_EQ(c.object, (ObjectName{Id("S", true), Id("t")}));
  EXPECT_EQ(c.column, Id("Col", true));

  EXPECT_EQ(MustParse(R"(extension "uuid-ossp")").object.name, Id("uuid-ossp", true));
  EXPECT_EQ(MustParse("table café").object.name, Id("café"));
  EXPECT_EQ(MustParse("table t$1").object.name, Id("t$1"));
}

TEST(ExpectationParserTest, DescribeRoundTrips) {
  for (const char* text :
       {"table services(id, name, price)", "table s.t", R"(no table "A"."b c")", "column t.c",
        "no column s.t.c", "index i", "no index s.i", "view v", "no view v", "extension uuid-ossp",
        R"(extension "Odd Name")", "rows t >= 3", "rows s.t = 0", "rows t > 1", "rows t <= 2",
        "rows t < 4", R"(table "x""y"("a""b", c))", "rows deleted from t", "rows deleted from s.t",
        R"(rows deleted from "Odd"."Name")", "rows deleted >= 3"}) {
    Postcondition p = MustParse(text);
    EXPECT_EQ(p.Describe(), text);
    Postcondition again = MustParse(p.Describe());
    EXPECT_EQ(again.kind, p.kind);
    EXPECT_EQ(again.object_kind, p.object_kind);
    EXPECT_EQ(again.object, p.object);
    EXPECT_EQ(again.column, p.column);
    EXPECT_EQ(again.columns, p.columns);
    EXPECT_EQ(again.comparison, p.comparison);
    EXPECT_EQ(again.row_count, p.row_count);
  }
}

TEST(ExpectationParserTest, DescribeCoversKindsThatOnlyDdlImplies) {
  Postcondition p;
  p.object_kind = ObjectKind::kMaterializedView;
  p.object = ObjectName{Id("reports"), Id("daily")};
  EXPECT_EQ(p.Describe(), "materialized view reports.daily");
  p.kind = Postcondition::Kind::kAbsent;
  p.object_kind = ObjectKind::kSequence;
  EXPECT_EQ(p.Describe(), "no sequence reports.daily");
  EXPECT_STREQ(ObjectKindName(ObjectKind::kType), "type");
  EXPECT_STREQ(ObjectKindName(ObjectKind::kFunction), "function");
  EXPECT_STREQ(ObjectKindName(ObjectKind::kTrigger), "trigger");
  EXPECT_STREQ(ObjectKindName(ObjectKind::kSchema), "schema");
  EXPECT_STREQ(ComparisonSymbol(Comparison::kEq), "=");
  EXPECT_STREQ(ComparisonSymbol(Comparison::kLe), "<=");
  EXPECT_EQ((ObjectName{Id(""), Id("t")}).ToString(), "t");
  EXPECT_EQ((ObjectName{Id("s"), Id("T", true)}).ToString(), "s.\"T\"");
}

TEST(ExpectationParserErrorsTest, UnknownForms) {
  const std::string forms =
      "\naccepted forms: table NAME, table NAME(col, ...), no table NAME, column TABLE.COL, "
      "no column TABLE.COL, index NAME, no index NAME, view NAME, no view NAME, extension NAME, "
      "rows TABLE >= N (or =, >, <=, <), rows deleted from TABLE";
  EXPECT_EQ(ParseError(""), "migrations/1f73_x.sql:7: empty expect: line" + forms);
  EXPECT_EQ(ParseError("tabel t"),
            "migrations/1f73_x.sql:7: unknown expect: form 'tabel' (did you mean 'table'?)" + forms);
  EXPECT_EQ(ParseError("sequence s"),
            "migrations/1f73_x.sql:7: unknown expect: form 'sequence'" + forms);
  EXPECT_EQ(ParseError("(x)"), "migrations/1f73_x.sql:7: unknown expect: form '('" + forms);
  EXPECT_EQ(ParseError("no extension pg_trgm"),
            "migrations/1f73_x.sql:7: expected table, column, index or view after 'no', found "
            "'extension'" + forms);
  EXPECT_EQ(ParseError("no"),
            "migrations/1f73_x.sql:7: expected table, column, index or view after 'no'" + forms);
}

TEST(ExpectationParserErrorsTest, Names) {
  EXPECT_EQ(ParseError("table"), "migrations/1f73_x.sql:7: expected a name after 'table'");
  EXPECT_EQ(ParseError("table 1abc"),
            "migrations/1f73_x.sql:7: expected a name after 'table', found '1abc'");
  EXPECT_EQ(ParseError("table s."), "migrations/1f73_x.sql:7: expected a name after 'table s.'");
  EXPECT_EQ(ParseError("index a.b.c"),
            "migrations/1f73_x.sql:7: 'a.b.c' has too many parts; write NAME or SCHEMA.NAME");
  EXPECT_EQ(ParseError("table \"abc"), "migrations/1f73_x.sql:7: missing closing '\"' in '\"abc'");
  EXPECT_EQ(ParseError("table \"\""), "migrations/1f73_x.sql:7: empty quoted name '\"\"'");
  EXPECT_EQ(ParseError("view v w"), "migrations/1f73_x.sql:7: unexpected 'w' after 'view v'");
  EXPECT_EQ(ParseError("no table t(a)"), "migrations/1f73_x.sql:7: unexpected '(' after 'no table t'");
}

TEST(ExpectationParserErrorsTest, Columns) {
  EXPECT_EQ(ParseError("column services"),
            "migrations/1f73_x.sql:7: expected TABLE.COL after 'column', e.g. 'column services.price'");
  EXPECT_EQ(ParseError("no column a.b.c.d"),
            "migrations/1f73_x.sql:7: 'a.b.c.d' has too many parts; write TABLE.COL or "
            "SCHEMA.TABLE.COL");
  EXPECT_EQ(ParseError("table t()"),
            "migrations/1f73_x.sql:7: empty column list; write 'table t' to check only that the "
            "table exists");
  EXPECT_EQ(ParseError("table t(a,)"),
            "migrations/1f73_x.sql:7: expected a column name after 'table t(a,', found ')'");
  EXPECT_EQ(ParseError("table t(a b)"),
            "migrations/1f73_x.sql:7: expected ',' or ')' after 'table t(a', found 'b'");
  EXPECT_EQ(ParseError("table t(a"), "migrations/1f73_x.sql:7: expected ',' or ')' after 'table t(a'");
  EXPECT_EQ(ParseError("table t(a) x"), "migrations/1f73_x.sql:7: unexpected 'x' after 'table t(a)'");
}

TEST(ExpectationParserErrorsTest, Extensions) {
  EXPECT_EQ(ParseError("extension"), "migrations/1f73_x.sql:7: expected an extension name after 'extension'");
  EXPECT_EQ(ParseError("extension pg_trgm, fts5"),
            "migrations/1f73_x.sql:7: invalid extension name 'pg_trgm, fts5'; use letters, "
            "digits, '_' and '-', or a quoted name");
}

TEST(ExpectationParserErrorsTest, RowCounts) {
  EXPECT_EQ(ParseError("rows t"),
            "migrations/1f73_x.sql:7: expected a comparison (=, >=, >, <=, <) after 'rows t'");
  EXPECT_EQ(ParseError("rows t 3"),
            "migrations/1f73_x.sql:7: expected a comparison (=, >=, >, <=, <) after 'rows t', found '3'");
  EXPECT_EQ(ParseError("rows t != 3"),
            "migrations/1f73_x.sql:7: unsupported comparison '!='; use =, >=, >, <= or <");
  EXPECT_EQ(ParseError("rows t == 3"),
            "migrations/1f73_x.sql:7: unsupported comparison '=='; use =, >=, >, <= or <");
  EXPECT_EQ(ParseError("rows t >= -1"),
            "migrations/1f73_x.sql:7: expected a whole number after 'rows t >=', found '-'");
  EXPECT_EQ(ParseError("rows t >= 2.5"),
            "migrations/1f73_x.sql:7: unexpected '.' after 'rows t >= 2'");
  EXPECT_EQ(ParseError("rows t >= 9223372036854775808"),
            "migrations/1f73_x.sql:7: row count '9223372036854775808' is too large");
  EXPECT_EQ(ParseError("rows t >= 3 rows"), "migrations/1f73_x.sql:7: unexpected 'rows' after 'rows t >= 3'");
}

TEST(ExpectationParserErrorsTest, RowsDeleted) {
  EXPECT_EQ(ParseError("rows deleted from"),
            "migrations/1f73_x.sql:7: expected a name after 'rows deleted from'");
  EXPECT_EQ(ParseError("rows deleted from t >= 3"),
            "migrations/1f73_x.sql:7: unexpected '>=' after 'rows deleted from t'");
  EXPECT_EQ(ParseError("rows deleted from a, b"),
            "migrations/1f73_x.sql:7: unexpected ',' after 'rows deleted from a'");
  // Without `from`, `deleted` is a table whose count is missing.
  EXPECT_EQ(ParseError("rows deleted"),
            "migrations/1f73_x.sql:7: expected a comparison (=, >=, >, <=, <) after 'rows deleted'");
  EXPECT_EQ(ParseError("rows deleted 3"),
            "migrations/1f73_x.sql:7: expected a comparison (=, >=, >, <=, <) after 'rows deleted', "
            "found '3'");
}

}  // namespace
}  // namespace migrate::script
