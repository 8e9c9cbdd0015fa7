#include "migrator/verify/required_extensions.h"

#include <gtest/gtest.h>

#include <set>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/verify/described_migration.h"

namespace migrate::verify {
namespace {

using namespace described;  // NOLINT(google-build-using-namespace): the builders read as SQL
using Kind = script::NameUse::Kind;

// One line per extension: "<where>: <name> (<reason>)", with " created here"
// when the migration creates it.
std::string Show(const std::vector<RequiredExtension>& extensions) {
  std::string out;
  for (const RequiredExtension& e : extensions) {
    out += e.where.ToString() + ": " + e.name + " (" + e.reason + ")" +
           (e.created_here ? " created here" : "") + "\n";
  }
  return out;
}

std::string Required(const DescribedMigration& m, const std::vector<std::string>& declared = {},
                     const std::set<std::string>& defined = {}) {
  return Show(RequiredExtensions(m.statements(), declared, defined, "m.sql"));
}

// A statement that does nothing the folding cares about but uses `uses`.
StatementIntent Using(std::vector<NameUse> uses) {
  StatementIntent intent;
  intent.uses = std::move(uses);
  return intent;
}

TEST(RequiredExtensionsTest, NothingUsedNothingNeeded) {
  DescribedMigration m;
  m.Run("CREATE TABLE t (id int)", {CreateTable("t", {"id"})});
  EXPECT_EQ(Required(m), "");
}

TEST(RequiredExtensionsTest, AnOperatorClassOfPgTrgm) {
  DescribedMigration m;
  m.Run("CREATE TABLE s (name text)", {CreateTable("s", {"name"})});
  StatementIntent index = Using({Use(Kind::kOperatorClass, "gin_trgm_ops")});
  index.intents = {CreateIndex("s_name", "s")};
  m.Run("CREATE INDEX s_name ON s USING gin (name gin_trgm_ops)", index);
  m.Run("CREATE INDEX s_name2 ON s USING gist (name gist_trgm_ops)",
        Using({Use(Kind::kOperatorClass, "gist_trgm_ops")}));
  EXPECT_EQ(Required(m), "m.sql:2: pg_trgm (uses gin_trgm_ops)\n");
}

TEST(RequiredExtensionsTest, AnOperatorClassCountsEvenIfTheChainDefinesAFunctionOfThatName) {
  DescribedMigration m;
  m.Run("CREATE INDEX i ON s USING gin (name gin_trgm_ops)",
        Using({Use(Kind::kOperatorClass, "gin_trgm_ops")}));
  EXPECT_EQ(Required(m, {}, {"gin_trgm_ops"}), "m.sql:1: pg_trgm (uses gin_trgm_ops)\n");
}

TEST(RequiredExtensionsTest, ACallOfSimilarityUnlessTheProjectDefinesIt) {
  DescribedMigration m;
  m.Run("SELECT similarity(a, b) FROM t", Using({Use(Kind::kFunction, "similarity")}));
  EXPECT_EQ(Required(m), "m.sql:1: pg_trgm (calls similarity())\n");
  EXPECT_EQ(Required(m, {}, {"similarity"}), "");
}

TEST(RequiredExtensionsTest, AQualifiedNameSaysWhereItLivesAndImpliesNothing) {
  DescribedMigration m;
  m.Run("SELECT app.similarity(a, b)", Using({Use(Kind::kFunction, "app.similarity")}));
  m.Run("CREATE TABLE t (v public.vector(3))", Using({Use(Kind::kType, "public.vector")}));
  m.Run("CREATE INDEX i ON t USING gin (n extensions.gin_trgm_ops)",
        Using({Use(Kind::kOperatorClass, "extensions.gin_trgm_ops")}));
  EXPECT_EQ(Required(m), "");
}

TEST(RequiredExtensionsTest, TypesCountOnlyAsTypesNeverAsColumnNames) {
  DescribedMigration m;
  m.Run("ALTER TABLE t ADD COLUMN vector text", {AddColumn("t", "vector")});
  m.Run("CREATE TABLE shapes (geometry text, cube int)",
        {CreateTable("shapes", {"geometry", "cube"})});
  m.Run("SELECT vector(1), geometry(2)",
        Using({Use(Kind::kFunction, "vector"), Use(Kind::kFunction, "geometry")}));
  EXPECT_EQ(Required(m), "");

  m.Run("ALTER TABLE t ADD COLUMN embedding vector(3)", Using({Use(Kind::kType, "vector")}));
  m.Run("ALTER TABLE t ADD COLUMN area geometry", Using({Use(Kind::kType, "geometry")}));
  EXPECT_EQ(Required(m),
            "m.sql:4: vector (uses type vector)\n"
            "m.sql:5: postgis (uses type geometry)\n");
}

TEST(RequiredExtensionsTest, ATypeTheProjectDefinesIsNotTheExtensions) {
  DescribedMigration m;
  m.Run("CREATE TABLE t (tags citext)", Using({Use(Kind::kType, "citext")}));
  EXPECT_EQ(Required(m), "m.sql:1: citext (uses type citext)\n");
  EXPECT_EQ(Required(m, {}, {"citext"}), "");
}

TEST(RequiredExtensionsTest, UnquotedNamesFoldQuotedOnesDoNot) {
  DescribedMigration m;
  m.Run("SELECT Similarity(a, b)", Using({Use(Kind::kFunction, "Similarity")}));
  m.Run("SELECT \"Digest\"(a)", Using({Use(Kind::kFunction, "\"Digest\"")}));
  EXPECT_EQ(Required(m), "m.sql:1: pg_trgm (calls Similarity())\n");
  EXPECT_EQ(Required(m, {}, {"similarity"}), "");
}

TEST(RequiredExtensionsTest, CreateExtensionIsCreatedHere) {
  DescribedMigration m;
  m.Run("CREATE EXTENSION IF NOT EXISTS pg_trgm",
        {IfExists(Create(ObjectKind::kExtension, "pg_trgm"))});
  m.Run("CREATE INDEX i ON t USING gin (n gin_trgm_ops)",
        Using({Use(Kind::kOperatorClass, "gin_trgm_ops")}));
  EXPECT_EQ(Required(m), "m.sql:1: pg_trgm (CREATE EXTENSION) created here\n");
  const std::vector<RequiredExtension> required = RequiredExtensions(m.statements(), {}, {}, "m.sql");
  ASSERT_EQ(required.size(), 1u);
  EXPECT_EQ(required[0].use, std::nullopt);
}

TEST(RequiredExtensionsTest, AnExtensionCreatedAfterItsFirstUseIsStillCreatedHere) {
  DescribedMigration m;
  m.Run("SELECT uuid_generate_v4()", Using({Use(Kind::kFunction, "uuid_generate_v4")}));
  m.Run("CREATE EXTENSION \"uuid-ossp\"", {Create(ObjectKind::kExtension, "\"uuid-ossp\"")});
  EXPECT_EQ(Required(m), "m.sql:1: uuid-ossp (calls uuid_generate_v4()) created here\n");
}

TEST(RequiredExtensionsTest, DeclaredExtensionsComeFirst) {
  DescribedMigration m;
  m.Run("SELECT uuid_generate_v4()", Using({Use(Kind::kFunction, "uuid_generate_v4")}));
  m.Run("SELECT similarity(a, b)", Using({Use(Kind::kFunction, "similarity")}));
  m.Run("CREATE EXTENSION citext", {Create(ObjectKind::kExtension, "citext")});
  EXPECT_EQ(Required(m, {"pg_trgm", "fts5"}),
            "m.sql: pg_trgm (declared in the header)\n"
            "m.sql: fts5 (declared in the header)\n"
            "m.sql:1: uuid-ossp (calls uuid_generate_v4())\n"
            "m.sql:3: citext (CREATE EXTENSION) created here\n");
}

TEST(RequiredExtensionsTest, ADeclaredExtensionTheMigrationCreatesIsCreatedHere) {
  DescribedMigration m;
  m.Run("CREATE EXTENSION pg_trgm", {Create(ObjectKind::kExtension, "pg_trgm")});
  EXPECT_EQ(Required(m, {"pg_trgm"}), "m.sql: pg_trgm (declared in the header) created here\n");
}

TEST(RequiredExtensionsTest, EarthdistanceNeedsCube) {
  DescribedMigration m;
  m.Run("SELECT earth_distance(ll_to_earth(1, 2), ll_to_earth(3, 4))",
        Using({Use(Kind::kFunction, "earth_distance"), Use(Kind::kFunction, "ll_to_earth")}));
  m.Run("CREATE TABLE boxes (b cube)", Using({Use(Kind::kType, "cube")}));
  EXPECT_EQ(Required(m),
            "m.sql:1: earthdistance (calls earth_distance())\n"
            "m.sql:1: cube (needed by earthdistance)\n");
}

TEST(RequiredExtensionsTest, EachExtensionOnceAtItsFirstEvidence) {
  DescribedMigration m;
  m.Run("SELECT 1", StatementIntent{});
  m.Run("SELECT word_similarity(a, b), show_trgm(a)",
        Using({Use(Kind::kFunction, "word_similarity"), Use(Kind::kFunction, "show_trgm")}));
  m.Run("SELECT similarity(a, b)", Using({Use(Kind::kFunction, "similarity")}));
  m.Run("SELECT crypt('x', gen_salt('bf'))",
        Using({Use(Kind::kFunction, "crypt"), Use(Kind::kFunction, "gen_salt")}));
  m.Run("CREATE INDEX i ON t USING gist (a gist_int4_ops, b gist_trgm_ops)",
        Using({Use(Kind::kOperatorClass, "gist_int4_ops"), Use(Kind::kOperatorClass, "gist_trgm_ops")}));
  EXPECT_EQ(Required(m),
            "m.sql:2: pg_trgm (calls word_similarity())\n"
            "m.sql:4: pgcrypto (calls crypt())\n"
            "m.sql:5: btree_gist (uses gist_int4_ops)\n");
}

TEST(RequiredExtensionsTest, EachExtensionIsKnownByItsNames) {
  struct Case {
    Kind kind;
    const char* name;
    const char* extension;
  };
  const Case cases[] = {
      {Kind::kFunction, "uuid_generate_v1mc", "uuid-ossp"},
      {Kind::kFunction, "pgp_sym_encrypt", "pgcrypto"},
      {Kind::kType, "hstore", "hstore"},
      {Kind::kType, "lquery", "ltree"},
      {Kind::kType, "halfvec", "vector"},
      {Kind::kType, "geography", "postgis"},
      {Kind::kFunction, "unaccent", "unaccent"},
      {Kind::kFunction, "levenshtein", "fuzzystrmatch"},
      {Kind::kOperatorClass, "gist_uuid_ops", "btree_gist"},
      {Kind::kFunction, "strict_word_similarity", "pg_trgm"},
  };
  for (const Case& c : cases) {
    DescribedMigration m;
    m.Run("SELECT 1", Using({Use(c.kind, c.name)}));
    const std::vector<RequiredExtension> required = RequiredExtensions(m.statements(), {}, {}, "m.sql");
    ASSERT_EQ(required.size(), 1u) << c.name;
    EXPECT_EQ(required[0].name, c.extension) << c.name;
  }
}

TEST(RequiredExtensionsTest, NameImpliedExtensionsKeepTheUseForPreflight) {
  DescribedMigration m;
  m.Run("SELECT digest('x', 'sha256')", Using({Use(Kind::kFunction, "digest")}));
  m.Run("SELECT ll_to_earth(1, 2)", Using({Use(Kind::kFunction, "ll_to_earth")}));
  const std::vector<RequiredExtension> required = RequiredExtensions(m.statements(), {"citext"}, {}, "m.sql");
  ASSERT_EQ(required.size(), 4u);
  EXPECT_EQ(required[0].name, "citext");
  EXPECT_EQ(required[0].use, std::nullopt);
  EXPECT_EQ(required[0].where, (base::Location{"m.sql", 0}));
  EXPECT_EQ(required[1].name, "pgcrypto");
  EXPECT_EQ(required[1].use, Use(Kind::kFunction, "digest"));
  EXPECT_EQ(required[1].where, (base::Location{"m.sql", 1}));
  EXPECT_FALSE(required[1].created_here);
  EXPECT_EQ(required[2].name, "earthdistance");
  EXPECT_EQ(required[2].use, Use(Kind::kFunction, "ll_to_earth"));
  EXPECT_EQ(required[3].name, "cube");
  EXPECT_EQ(required[3].use, Use(Kind::kFunction, "ll_to_earth"));
}

TEST(RequiredExtensionsTest, EvidenceIsLocatedInItsOwnFile) {
  DescribedMigration m;
  m.File("migrations/b.sql");
  m.Run("SELECT 1", StatementIntent{});
  m.Run("SELECT similarity(a, b)", Using({Use(Kind::kFunction, "similarity")}));
  EXPECT_EQ(Show(RequiredExtensions(m.statements(), {"hstore"}, {}, "migrations/b.sql")),
            "migrations/b.sql: hstore (declared in the header)\n"
            "migrations/b.sql:2: pg_trgm (calls similarity())\n");
}

// --- AddDefinedNames ------------------------------------------------------------

TEST(AddDefinedNamesTest, FunctionsAndTypesTheChainCreates) {
  DescribedMigration m;
  m.Run("CREATE FUNCTION Similarity(a text, b text) ...", {Create(ObjectKind::kFunction, "Similarity")});
  m.Run("CREATE TYPE app.\"Vector\" AS (x float8)", {Create(ObjectKind::kType, "app.\"Vector\"")});
  m.Run("CREATE TABLE digest (id int)", {CreateTable("digest", {"id"})});
  m.Run("CREATE VIEW crypt AS SELECT 1", {Create(ObjectKind::kView, "crypt")});
  m.Run("DROP FUNCTION hmac(bytea)", {Drop(ObjectKind::kFunction, "hmac")});
  std::set<std::string> defined = {"armor"};
  AddDefinedNames(m.statements(), defined);
  EXPECT_EQ(defined, (std::set<std::string>{"armor", "similarity", "Vector"}));
}

TEST(AddDefinedNamesTest, AProjectsOwnFunctionIsNotAnExtensionsAcrossTheChain) {
  DescribedMigration first;
  first.Run("CREATE FUNCTION digest(text) ...", {Create(ObjectKind::kFunction, "digest")});
  DescribedMigration second;
  second.Run("SELECT digest(name) FROM t", Using({Use(Kind::kFunction, "digest")}));
  std::set<std::string> defined;
  EXPECT_EQ(Required(second, {}, defined), "m.sql:1: pgcrypto (calls digest())\n");
  AddDefinedNames(first.statements(), defined);
  EXPECT_EQ(Required(second, {}, defined), "");
}

}  // namespace
}  // namespace migrate::verify
