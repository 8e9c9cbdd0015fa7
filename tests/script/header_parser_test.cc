#include "migrator/script/header_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "migrator/script/checksum.h"

namespace migrate::script {
namespace {

// The example of the contract ("One migration file"), verbatim.
constexpr std::string_view kContractExample =
    "-- create services with trigram search\n"
    "--\n"
    "-- revision: 1f737760963f\n"
    "-- down_revision: 9c2e4b7a1d03\n"
    "-- branch_labels:\n"
    "-- depends_on:\n"
    "-- extensions: pg_trgm, uuid-ossp\n"
    "-- transaction: per-migration\n"
    "-- create_date: 2026-11-22 10:31:07\n"
    "-- expect: table services(id, name, price)\n"
    "-- expect: index idx_services_name_trgm\n"
    "\n"
    "-- migrate:upgrade\n"
    "CREATE TABLE services (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),\n"
    "                       name text NOT NULL, price numeric NOT NULL);\n"
    "CREATE INDEX idx_services_name_trgm ON services USING gin (name gin_trgm_ops);\n"
    "\n"
    "-- migrate:verify\n"
    "SELECT count(*) = 0 FROM services WHERE price < 0;\n"
    "\n"
    "-- migrate:downgrade\n"
    "DROP TABLE services;\n";

constexpr char kPath[] = "migrations/1f73_x.sql";

// The full error text for `text`, or "OK".
std::string ParseError(std::string_view text) {
  base::Result<MigrationFile> file = ParseMigrationFile(text, kPath);
  return file ? "OK" : file.error().ToString();
}

MigrationFile MustParse(std::string_view text) {
  base::Result<MigrationFile> file = ParseMigrationFile(text, kPath);
  EXPECT_TRUE(file.has_value()) << file.status().ToString();
  return file ? *file : MigrationFile{};
}

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

TEST(HeaderParserTest, ContractExampleParsesIntoTheDocumentedStructure) {
  MigrationFile f = MustParse(kContractExample);
  EXPECT_EQ(f.path, kPath);
  EXPECT_EQ(f.message, "create services with trigram search");
  EXPECT_EQ(f.Summary(), "create services with trigram search");
  EXPECT_EQ(f.revision, "1f737760963f");
  EXPECT_EQ(f.revision_line, 3);
  EXPECT_EQ(f.down_revisions, std::vector<std::string>{"9c2e4b7a1d03"});
  EXPECT_TRUE(f.branch_labels.empty());
  EXPECT_TRUE(f.depends_on.empty());
  EXPECT_EQ(f.extensions, (std::vector<std::string>{"pg_trgm", "uuid-ossp"}));
  EXPECT_EQ(f.transaction, TransactionMode::kPerMigration);
  EXPECT_FALSE(f.lock_timeout.has_value());
  EXPECT_FALSE(f.statement_timeout.has_value());
  EXPECT_FALSE(f.noop_allowed);
  EXPECT_EQ(f.create_date, "2026-11-22 10:31:07");

  ASSERT_EQ(f.expectations.size(), 2u);
  EXPECT_EQ(f.expectations[0].Describe(), "table services(id, name, price)");
  EXPECT_EQ(f.expectations[0].origin, (base::Location{kPath, 10}));
  EXPECT_EQ(f.expectations[0].source, "-- expect: table services(id, name, price)");
  EXPECT_EQ(f.expectations[1].Describe(), "index idx_services_name_trgm");
  EXPECT_EQ(f.expectations[1].origin, (base::Location{kPath, 11}));

  ASSERT_EQ(f.sections.size(), 3u);
  EXPECT_EQ(f.sections[0].kind, SectionKind::kUpgrade);
  EXPECT_EQ(f.sections[0].dialect, "");
  EXPECT_EQ(f.sections[0].marker_line, 13);
  EXPECT_EQ(f.sections[0].first_line, 14);
  EXPECT_EQ(f.sections[0].body,
            "CREATE TABLE services (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),\n"
            "                       name text NOT NULL, price numeric NOT NULL);\n"
            "CREATE INDEX idx_services_name_trgm ON services USING gin (name gin_trgm_ops);\n"
            "\n");
  EXPECT_EQ(f.sections[1].kind, SectionKind::kVerify);
  EXPECT_EQ(f.sections[1].marker_line, 18);
  EXPECT_EQ(f.sections[1].body, "SELECT count(*) = 0 FROM services WHERE price < 0;\n\n");
  EXPECT_EQ(f.sections[2].kind, SectionKind::kDowngrade);
  EXPECT_EQ(f.sections[2].marker_line, 21);
  EXPECT_EQ(f.sections[2].first_line, 22);
  EXPECT_EQ(f.sections[2].body, "DROP TABLE services;\n");

  EXPECT_EQ(f.checksum, NormalizedChecksum(kContractExample));
  EXPECT_EQ(f.checksum.substr(0, 7), "sha256:");
}

// ChecksumMode::kSkip (heads, history, current, check --offline) changes
// only the checksum: the same structure, the same errors for a bad file.
TEST(HeaderParserTest, SkippingTheChecksumLeavesItEmptyAndParsesTheSame) {
  const MigrationFile full = MustParse(kContractExample);
  base::Result<MigrationFile> skipped = ParseMigrationFile(kContractExample, kPath, ChecksumMode::kSkip);
  ASSERT_TRUE(skipped.has_value()) << skipped.status().ToString();
  EXPECT_EQ(skipped->checksum, "");
  EXPECT_EQ(skipped->revision, full.revision);
  EXPECT_EQ(skipped->message, full.message);
  EXPECT_EQ(skipped->down_revisions, full.down_revisions);
  EXPECT_EQ(skipped->extensions, full.extensions);
  EXPECT_EQ(skipped->expectations.size(), full.expectations.size());
  ASSERT_EQ(skipped->sections.size(), full.sections.size());
  for (std::size_t i = 0; i < full.sections.size(); ++i) {
    EXPECT_EQ(skipped->sections[i].body, full.sections[i].body);
    EXPECT_EQ(skipped->sections[i].first_line, full.sections[i].first_line);
  }

  for (std::string_view bad :
       {std::string_view("-- revision: abc\n-- migrate:upgrade\nSELECT 'caf\xE9';\n"),
        std::string_view("-- revision: abc\n-- noop: allowed\n-- noop: allowed\n-- migrate:upgrade\n"),
        std::string_view("-- revision: abc\n-- migrate:upgrade\n-- migrate:upgrade\n"),
        std::string_view("-- revision: abc\n")}) {
    base::Result<MigrationFile> a = ParseMigrationFile(bad, kPath);
    base::Result<MigrationFile> b = ParseMigrationFile(bad, kPath, ChecksumMode::kSkip);
    ASSERT_FALSE(a.has_value());
    ASSERT_FALSE(b.has_value());
    EXPECT_EQ(b.error().ToString(), a.error().ToString());
  }
}

TEST(HeaderParserTest, EveryKeyIsRead) {
  MigrationFile f = MustParse(
      "-- merge\n"
      "-- revision: a_1\n"
      "-- down_revision: b2, c3 ,d4\n"
      "-- branch_labels: packs, v1.2-beta\n"
      "-- depends_on: e5, packs\n"
      "-- extensions: fts5\n"
      "-- transaction: none\n"
      "-- lock_timeout: 500ms\n"
      "-- statement_timeout: 2min\n"
      "-- noop: allowed\n"
      "-- migrate:upgrade\n");
  EXPECT_EQ(f.revision, "a_1");
  EXPECT_EQ(f.down_revisions, (std::vector<std::string>{"b2", "c3", "d4"}));
  EXPECT_EQ(f.branch_labels, (std::vector<std::string>{"packs", "v1.2-beta"}));
  EXPECT_EQ(f.depends_on, (std::vector<std::string>{"e5", "packs"}));
  EXPECT_EQ(f.extensions, std::vector<std::string>{"fts5"});
  EXPECT_EQ(f.transaction, TransactionMode::kNone);
  EXPECT_EQ(f.lock_timeout, std::chrono::milliseconds(500));
  EXPECT_EQ(f.statement_timeout, std::chrono::minutes(2));
  EXPECT_TRUE(f.noop_allowed);
  EXPECT_TRUE(f.create_date.empty());
  EXPECT_TRUE(f.expectations.empty());
  ASSERT_EQ(f.sections.size(), 1u);
  EXPECT_EQ(f.sections[0].body, "");
}

TEST(HeaderParserTest, MessageEndsAtTheFirstKnownKeyOnly) {
  MigrationFile f = MustParse(
      "--\n"
      "-- fix: trim names\n"
      "--\n"
      "--   indented detail, kept indented\n"
      "-- migrate the old rows too\n"
      "--\n"
      "-- revision: abc\n"
      "--\n"
      "-- down_revision:\n"
      "-- migrate:upgrade\n");
  EXPECT_EQ(f.message, "fix: trim names\n\n  indented detail, kept indented\nmigrate the old rows too");
  EXPECT_EQ(f.Summary(), "fix: trim names");
  EXPECT_TRUE(f.down_revisions.empty());
}

TEST(HeaderParserTest, HeaderWithoutMessageHasAnEmptyMessage) {
  MigrationFile f = MustParse("-- revision: abc\n-- migrate:upgrade\nSELECT 1;");
  EXPECT_EQ(f.message, "");
  EXPECT_EQ(f.Summary(), "");
  ASSERT_EQ(f.sections.size(), 1u);
  EXPECT_EQ(f.sections[0].body, "SELECT 1;\n");  // the last line gets its '\n'
}

TEST(HeaderParserTest, DialectSectionReplacesTheGenericOne) {
  MigrationFile f = MustParse(
      "-- revision: abc\n"
      "-- migrate:upgrade postgresql\n"
      "CREATE TABLE t (id uuid);\n"
      "-- migrate:upgrade sqlite\n"
      "CREATE TABLE t (id TEXT);\n"
      "-- migrate:downgrade\n"
      "DROP TABLE t;\n"
      "-- migrate:downgrade sqlite\n"
      "DROP TABLE IF EXISTS t;\n");
  ASSERT_EQ(f.sections.size(), 4u);
  EXPECT_EQ(f.FindSection(SectionKind::kUpgrade, "postgresql"), &f.sections[0]);
  EXPECT_EQ(f.FindSection(SectionKind::kUpgrade, "sqlite"), &f.sections[1]);
  EXPECT_EQ(f.FindSection(SectionKind::kUpgrade, ""), nullptr);  // no generic upgrade
  EXPECT_EQ(f.FindSection(SectionKind::kDowngrade, "postgresql"), &f.sections[2]);
  EXPECT_EQ(f.FindSection(SectionKind::kDowngrade, "sqlite"), &f.sections[3]);
  EXPECT_EQ(f.FindSection(SectionKind::kDowngrade, ""), &f.sections[2]);
  EXPECT_EQ(f.FindSection(SectionKind::kVerify, "sqlite"), nullptr);
  EXPECT_EQ(f.sections[1].dialect, "sqlite");
  EXPECT_EQ(f.sections[1].marker_line, 4);
}

TEST(HeaderParserTest, SqlCommentsInSectionsStayInTheBody) {
  MigrationFile f = MustParse(
      "-- revision: abc\n"
      "-- migrate:upgrade\n"
      "-- note: not a key here\n"
      "-- migrate the rows, then\n"
      "UPDATE t SET x = 1;\n");
  EXPECT_EQ(f.sections[0].body, "-- note: not a key here\n-- migrate the rows, then\nUPDATE t SET x = 1;\n");
}

TEST(HeaderParserTest, CrlfCrAndBomParseLikeLf) {
  const std::string lf(kContractExample);
  const MigrationFile expected = MustParse(lf);
  for (const std::string& variant : {Replace(lf, "\n", "\r\n"), Replace(lf, "\n", "\r"),
                                     "\xEF\xBB\xBF" + Replace(lf, "\n", "\r\n")}) {
    MigrationFile f = MustParse(variant);
    EXPECT_EQ(f.message, expected.message);
    EXPECT_EQ(f.revision, expected.revision);
    EXPECT_EQ(f.extensions, expected.extensions);
    ASSERT_EQ(f.sections.size(), expected.sections.size());
    for (std::size_t i = 0; i < f.sections.size(); ++i) {
      EXPECT_EQ(f.sections[i].body, expected.sections[i].body);
      EXPECT_EQ(f.sections[i].marker_line, expected.sections[i].marker_line);
    }
    EXPECT_EQ(f.checksum, expected.checksum);
  }
}

TEST(HeaderParserTest, TrailingWhitespaceOnKeyLinesIsIgnored) {
  MigrationFile f = MustParse("-- revision: abc  \t\n-- transaction:none \n-- migrate:upgrade   \n");
  EXPECT_EQ(f.revision, "abc");
  EXPECT_EQ(f.transaction, TransactionMode::kNone);
}

// --- Errors: the full text of each. ---

TEST(HeaderParserErrorsTest, UnknownKey) {
  EXPECT_EQ(ParseError("-- m\n-- revision: abc\n-- expext: table x\n-- migrate:upgrade\n"),
            "migrations/1f73_x.sql:3: unknown header key 'expext' (did you mean 'expect'?)\n"
            "-- expext: table x");
  EXPECT_EQ(ParseError("-- revision: abc\n-- Revision: abd\n-- migrate:upgrade\n"),
            "migrations/1f73_x.sql:2: unknown header key 'Revision' (did you mean 'revision'?)\n"
            "-- Revision: abd");
  EXPECT_EQ(ParseError("-- revision: abc\n-- author: me\n-- migrate:upgrade\n"),
            "migrations/1f73_x.sql:2: unknown header key 'author'; known keys are revision, "
            "down_revision, branch_labels, depends_on, extensions, transaction, lock_timeout, "
            "statement_timeout, noop, create_date and expect\n"
            "-- author: me");
}

TEST(HeaderParserErrorsTest, TextAfterTheFirstKeyThatIsNotAKey) {
  EXPECT_EQ(ParseError("-- msg\n-- revision: abc\n--\n-- a note about it\n-- migrate:upgrade\n"),
            "migrations/1f73_x.sql:4: expected 'key: value' in the header; the message must "
            "come before the first key (line 2)\n"
            "-- a note about it");
}

TEST(HeaderParserErrorsTest, MissingRevision) {
  EXPECT_EQ(ParseError("-- add users\n-- down_revision: abc\n-- migrate:upgrade\n"),
            "migrations/1f73_x.sql:1: missing required header key 'revision'; add a line like "
            "'-- revision: 1f737760963f' to the header\n"
            "-- add users");
  EXPECT_EQ(ParseError("-- add users\n-- Revision: abc\n-- migrate:upgrade\n"),
            "migrations/1f73_x.sql:1: missing required header key 'revision'; add a line like "
            "'-- revision: 1f737760963f' to the header\n"
            "-- add users\n"
            "note: line 2 ('-- Revision: abc') is read as message text; header keys are lower case");
  EXPECT_EQ(ParseError(""),
            "migrations/1f73_x.sql:1: missing required header key 'revision'; add a line like "
            "'-- revision: 1f737760963f' to the header");
}

TEST(HeaderParserErrorsTest, DuplicateKeyButExpectRepeats) {
  EXPECT_EQ(ParseError("-- revision: abc\n-- noop: allowed\n-- noop: allowed\n-- migrate:upgrade\n"),
            "migrations/1f73_x.sql:3: duplicate header key 'noop' (first at line 2)\n"
            "-- noop: allowed");
  EXPECT_EQ(ParseError("-- revision: abc\n-- expect: table a\n-- expect: table b\n-- migrate:upgrade\n"),
            "OK");
}

TEST(HeaderParserErrorsTest, DuplicateSection) {
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate:upgrade\n-- migrate:upgrade sqlite\n"
                       "-- migrate:upgrade\nSELECT 1;\n"),
            "migrations/1f73_x.sql:4: duplicate section '-- migrate:upgrade' (first at line 2)\n"
            "-- migrate:upgrade");
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate:upgrade sqlite\n-- migrate:upgrade sqlite\n"),
            "migrations/1f73_x.sql:3: duplicate section '-- migrate:upgrade sqlite' (first at line 2)\n"
            "-- migrate:upgrade sqlite");
}

TEST(HeaderParserErrorsTest, UnknownSectionKindOrDialect) {
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate:up\n"),
            "migrations/1f73_x.sql:2: unknown section kind 'up' (did you mean 'upgrade'?); "
            "sections are upgrade, downgrade and verify\n"
            "-- migrate:up");
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate:upgrade\n-- migrate:rollback\n"),
            "migrations/1f73_x.sql:3: unknown section kind 'rollback'; sections are upgrade, "
            "downgrade and verify\n"
            "-- migrate:rollback");
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate:upgrade postgres\n"),
            "migrations/1f73_x.sql:2: unknown dialect 'postgres' (did you mean 'postgresql'?); "
            "a section's dialect is sqlite or postgresql\n"
            "-- migrate:upgrade postgres");
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate:upgrade sqlite now\n"),
            "migrations/1f73_x.sql:2: unexpected 'now' after the section marker; a marker is "
            "'-- migrate:KIND' or '-- migrate:KIND DIALECT'\n"
            "-- migrate:upgrade sqlite now");
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate:\n"),
            "migrations/1f73_x.sql:2: section marker without a kind; write '-- migrate:upgrade', "
            "'-- migrate:downgrade' or '-- migrate:verify'\n"
            "-- migrate:");
}

TEST(HeaderParserErrorsTest, MistypedMarkersAreErrorsThatShowTheRightSpelling) {
  const std::string head = "-- revision: abc\n-- migrate:upgrade\nSELECT 1;\n";
  EXPECT_EQ(ParseError(head + "-- migrate: downgrade\nSELECT 2;\n"),
            "migrations/1f73_x.sql:4: malformed section marker; write it as '-- migrate:downgrade'\n"
            "-- migrate: downgrade");
  EXPECT_EQ(ParseError(head + "--migrate:downgrade\n"),
            "migrations/1f73_x.sql:4: malformed section marker; write it as '-- migrate:downgrade'\n"
            "--migrate:downgrade");
  EXPECT_EQ(ParseError(head + "  -- migrate:downgrade\n"),
            "migrations/1f73_x.sql:4: malformed section marker; write it as '-- migrate:downgrade'\n"
            "  -- migrate:downgrade");
  EXPECT_EQ(ParseError(head + "-- migrate downgrade\n"),
            "migrations/1f73_x.sql:4: malformed section marker; write it as '-- migrate:downgrade'\n"
            "-- migrate downgrade");
  EXPECT_EQ(ParseError(head + "-- Migrate:Verify postgresql\n"),
            "migrations/1f73_x.sql:4: malformed section marker; write it as "
            "'-- migrate:verify postgresql'\n"
            "-- Migrate:Verify postgresql");
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate: upgrade\n"),
            "migrations/1f73_x.sql:2: malformed section marker; write it as '-- migrate:upgrade'\n"
            "-- migrate: upgrade");
  EXPECT_EQ(ParseError("-- revision: abc\n--migrate:up\n"),
            "migrations/1f73_x.sql:2: malformed section marker; write it as '-- migrate:upgrade'\n"
            "--migrate:up");
  // Comments that merely mention migrating are not markers.
  EXPECT_EQ(ParseError(head + "-- migrate: the old rows first\n-- migrate up later\n"
                              "-- migrate upgrades later\n-- migrate verify-able rows\n"),
            "OK");
}

TEST(HeaderParserErrorsTest, SqlBeforeTheFirstSection) {
  EXPECT_EQ(ParseError("-- revision: abc\nCREATE TABLE t (id int);\n-- migrate:upgrade\n"),
            "migrations/1f73_x.sql:2: SQL before the first '-- migrate:' section; put statements "
            "under '-- migrate:upgrade'\n"
            "CREATE TABLE t (id int);");
  EXPECT_EQ(ParseError("CREATE TABLE t (id int);\n"),
            "migrations/1f73_x.sql:1: SQL before the first '-- migrate:' section; put statements "
            "under '-- migrate:upgrade'\n"
            "CREATE TABLE t (id int);");
}

TEST(HeaderParserErrorsTest, NoUpgradeSection) {
  EXPECT_EQ(ParseError("-- revision: abc\n\n-- migrate:downgrade\nDROP TABLE t;\n"),
            "migrations/1f73_x.sql:3: no '-- migrate:upgrade' section; every migration needs one "
            "(it may be empty)\n"
            "-- migrate:downgrade");
  EXPECT_EQ(ParseError("-- msg\n-- revision: abc\n"),
            "migrations/1f73_x.sql:2: no '-- migrate:upgrade' section; every migration needs one "
            "(it may be empty)\n"
            "-- revision: abc");
}

TEST(HeaderParserErrorsTest, InvalidUtf8NamesTheLine) {
  EXPECT_EQ(ParseError("-- caf\xC3\xA9 ok\n-- revision: abc\n-- migrate:upgrade\nSELECT 'caf\xE9';\n"),
            "migrations/1f73_x.sql:4: invalid UTF-8 (byte 0xe9 at column 12); save the file as UTF-8\n"
            "SELECT 'caf\\xe9';");
  // Overlong encodings and surrogates are not UTF-8 either.
  EXPECT_EQ(ParseError("-- \xC0\xAF\n"),
            "migrations/1f73_x.sql:1: invalid UTF-8 (byte 0xc0 at column 4); save the file as UTF-8\n"
            "-- \\xc0\\xaf");
  EXPECT_EQ(ParseError("-- revision: abc\n-- \xED\xA0\x80\n"),
            "migrations/1f73_x.sql:2: invalid UTF-8 (byte 0xed at column 4); save the file as UTF-8\n"
            "-- \\xed\\xa0\\x80");
}

// A NUL anywhere (header, SQL, comment) is refused: libpq would cut the
// statement at it and run what comes before, e.g. an UPDATE without its WHERE.
TEST(HeaderParserErrorsTest, ANulByteNamesTheLineAndColumn) {
  using namespace std::string_literals;
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate:upgrade\n"
                       "UPDATE accounts SET balance = 0 \0WHERE id = 2;\n"s),
            "migrations/1f73_x.sql:3: NUL byte at column 33; SQL text cannot contain one (the "
            "database would cut the statement there): remove it\n"
            "UPDATE accounts SET balance = 0 \\x00WHERE id = 2;");
  EXPECT_EQ(ParseError("-- msg\0\n-- revision: abc\n-- migrate:upgrade\n"s).rfind(
                "migrations/1f73_x.sql:1: NUL byte at column 7;", 0),
            0u);
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate:upgrade\nSELECT 1; -- \0\n"s).rfind(
                "migrations/1f73_x.sql:3: NUL byte at column 14;", 0),
            0u);
}

TEST(HeaderParserErrorsTest, BadValues) {
  const auto with = [](std::string_view line) {
    return ParseError("-- revision: abc\n" + std::string(line) + "\n-- migrate:upgrade\n");
  };
  EXPECT_EQ(ParseError("-- revision: 1f73-77\n-- migrate:upgrade\n"),
            "migrations/1f73_x.sql:1: invalid revision '1f73-77'; a revision is letters, digits "
            "and '_'\n"
            "-- revision: 1f73-77");
  EXPECT_EQ(ParseError("-- revision:\n-- migrate:upgrade\n"),
            "migrations/1f73_x.sql:1: empty revision; write e.g. '-- revision: 1f737760963f'\n"
            "-- revision:");
  EXPECT_EQ(with("-- down_revision: a1, b-2"),
            "migrations/1f73_x.sql:2: invalid revision 'b-2' in down_revision; a revision is "
            "letters, digits and '_'\n"
            "-- down_revision: a1, b-2");
  EXPECT_EQ(with("-- down_revision: a1,,b2"),
            "migrations/1f73_x.sql:2: empty entry in down_revision 'a1,,b2'\n"
            "-- down_revision: a1,,b2");
  EXPECT_EQ(with("-- down_revision: a1, a1"),
            "migrations/1f73_x.sql:2: down_revision lists 'a1' twice\n"
            "-- down_revision: a1, a1");
  EXPECT_EQ(with("-- down_revision: abc"),
            "migrations/1f73_x.sql:2: revision 'abc' lists itself in down_revision\n"
            "-- down_revision: abc");
  EXPECT_EQ(with("-- branch_labels: my label"),
            "migrations/1f73_x.sql:2: invalid branch label 'my label' in branch_labels; a label "
            "is letters, digits, '_', '-' and '.'\n"
            "-- branch_labels: my label");
  EXPECT_EQ(with("-- depends_on: x@head"),
            "migrations/1f73_x.sql:2: invalid revision or label 'x@head' in depends_on; use "
            "letters, digits, '_', '-' and '.'\n"
            "-- depends_on: x@head");
  EXPECT_EQ(with("-- extensions: pg_trgm uuid-ossp"),
            "migrations/1f73_x.sql:2: invalid extension name 'pg_trgm uuid-ossp' in extensions; "
            "an extension name is letters, digits, '_' and '-'\n"
            "-- extensions: pg_trgm uuid-ossp");
  EXPECT_EQ(with("-- transaction: per_migration"),
            "migrations/1f73_x.sql:2: invalid transaction 'per_migration' (did you mean "
            "'per-migration'?); use 'per-migration' or 'none'\n"
            "-- transaction: per_migration");
  EXPECT_EQ(with("-- transaction:"),
            "migrations/1f73_x.sql:2: invalid transaction ''; use 'per-migration' or 'none'\n"
            "-- transaction:");
  EXPECT_EQ(with("-- lock_timeout: 5 sec"),
            "migrations/1f73_x.sql:2: invalid lock_timeout '5 sec'; write a whole number and a "
            "unit (ms, s, min or h), e.g. 500ms, 5s, 2min, 1h\n"
            "-- lock_timeout: 5 sec");
  EXPECT_EQ(with("-- statement_timeout: 30"),
            "migrations/1f73_x.sql:2: invalid statement_timeout '30'; write a whole number and a "
            "unit (ms, s, min or h), e.g. 500ms, 5s, 2min, 1h\n"
            "-- statement_timeout: 30");
  EXPECT_EQ(with("-- statement_timeout: 597h"),
            "migrations/1f73_x.sql:2: statement_timeout '597h' is too long; the limit is "
            "2147483647ms (about 24 days)\n"
            "-- statement_timeout: 597h");
  EXPECT_EQ(with("-- statement_timeout: 596h"), "OK");
  EXPECT_EQ(with("-- statement_timeout: 000000000000000596h"), "OK");
  EXPECT_EQ(with("-- lock_timeout: 99999999999999999999ms"),
            "migrations/1f73_x.sql:2: lock_timeout '99999999999999999999ms' is too long; the "
            "limit is 2147483647ms (about 24 days)\n"
            "-- lock_timeout: 99999999999999999999ms");
  EXPECT_EQ(with("-- noop: yes"),
            "migrations/1f73_x.sql:2: invalid noop 'yes'; the only value is 'allowed' (or leave "
            "the key out)\n"
            "-- noop: yes");
  EXPECT_EQ(with("-- expect: tabel services"),
            "migrations/1f73_x.sql:2: unknown expect: form 'tabel' (did you mean 'table'?)\n"
            "-- expect: tabel services\n"
            "accepted forms: table NAME, table NAME(col, ...), no table NAME, column TABLE.COL, "
            "no column TABLE.COL, index NAME, no index NAME, view NAME, no view NAME, "
            "extension NAME, rows TABLE >= N (or =, >, <=, <), rows deleted from TABLE");
  EXPECT_EQ(with("-- expect: rows t >= many"),
            "migrations/1f73_x.sql:2: expected a whole number after 'rows t >=', found 'many'\n"
            "-- expect: rows t >= many");
}

TEST(HeaderParserErrorsTest, AHeaderKeyBelowASectionMarkerIsAnError) {
  EXPECT_EQ(ParseError("-- revision: abc\n"
                       "-- migrate:upgrade\n"
                       "CREATE TABLE t (id int);\n"
                       "-- expect: table t\n"),
            "migrations/1f73_x.sql:4: header key 'expect:' inside the upgrade section (from line 2), "
            "where nothing reads it; move it above the first '-- migrate:' marker\n"
            "-- expect: table t");
  const std::string head = "-- revision: abc\n-- migrate:upgrade\nCREATE TABLE t (id int);\n";
  EXPECT_EQ(ParseError(head + "\n-- migrate:downgrade\nDROP TABLE t;\n-- transaction: none\n"),
            "migrations/1f73_x.sql:7: header key 'transaction:' inside the downgrade section (from "
            "line 5), where nothing reads it; move it above the first '-- migrate:' marker\n"
            "-- transaction: none");
  EXPECT_EQ(ParseError(head + "-- migrate:verify\n--expect: rows t >= 1\n"),
            "migrations/1f73_x.sql:5: header key 'expect:' inside the verify section (from line 4), "
            "where nothing reads it; move it above the first '-- migrate:' marker\n"
            "--expect: rows t >= 1");
  EXPECT_EQ(ParseError(head + "-- migrate:upgrade postgresql\n  -- transaction: per-migration\n"),
            "migrations/1f73_x.sql:5: header key 'transaction:' inside the upgrade postgresql "
            "section (from line 4), where nothing reads it; move it above the first '-- migrate:' "
            "marker\n"
            "  -- transaction: per-migration");
  EXPECT_EQ(ParseError("-- revision: abc\n-- migrate:upgrade\n-- expect:\n"),
            "migrations/1f73_x.sql:3: header key 'expect:' inside the upgrade section (from line 2), "
            "where nothing reads it; move it above the first '-- migrate:' marker\n"
            "-- expect:");
}

TEST(HeaderParserErrorsTest, EveryHeaderKeyBelowAMarkerIsAnError) {
  for (const char* key : {"revision", "down_revision", "branch_labels", "depends_on", "extensions",
                          "transaction", "lock_timeout", "statement_timeout", "noop", "create_date",
                          "expect"}) {
    const std::string line = std::string("-- ") + key + ": x";
    base::Result<MigrationFile> f =
        ParseMigrationFile("-- revision: abc\n-- migrate:upgrade\nSELECT 1;\n" + line + "\n", kPath);
    ASSERT_FALSE(f.has_value()) << key;
    EXPECT_EQ(f.error().code(), base::StatusCode::kInvalidInput) << key;
    EXPECT_EQ(f.error().location(), (base::Location{kPath, 4})) << key;
  }
}

TEST(HeaderParserErrorsTest, OrdinaryCommentsBelowAMarkerStayAllowed) {
  EXPECT_EQ(ParseError("-- revision: abc\n"
                       "-- migrate:upgrade\n"
                       "-- note: x\n"
                       "-- expects nothing\n"
                       "-- expect nothing: the table is new\n"
                       "-- expectations: none\n"
                       "-- TODO: later\n"
                       "SELECT 1; -- expect: table t\n"
                       "/* expect: table t */\n"
                       "--\n"
                       "-- migrate:verify\n"
                       "-- the rows: all of them\n"
                       "SELECT 1;\n"),
            "OK");
}

TEST(HeaderParserErrorsTest, ErrorsAreInvalidInputWithALocation) {
  base::Result<MigrationFile> f = ParseMigrationFile("-- revision: a\n-- noop: no\n-- migrate:upgrade\n", kPath);
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code(), base::StatusCode::kInvalidInput);
  EXPECT_EQ(f.error().location(), (base::Location{kPath, 2}));
}

// Every truncation of a valid file (as ninja's BuildLogTest.Truncate) and
// every single-byte corruption returns a value or an InvalidInput Status
// pointing into the file; none crashes.
TEST(HeaderParserRobustnessTest, EveryTruncationReturnsAValueOrAStatus) {
  const std::string crlf = "\xEF\xBB\xBF" + Replace(std::string(kContractExample), "\n", "\r\n");
  for (const std::string& text : {std::string(kContractExample), crlf}) {
    int values = 0;
    for (std::size_t n = 0; n <= text.size(); ++n) {
      base::Result<MigrationFile> f = ParseMigrationFile(std::string_view(text).substr(0, n), kPath);
      if (f) {
        ++values;
        continue;
      }
      EXPECT_EQ(f.error().code(), base::StatusCode::kInvalidInput) << n;
      ASSERT_TRUE(f.error().location().has_value()) << n;
      EXPECT_EQ(f.error().location()->file, kPath);
      EXPECT_GE(f.error().location()->line, 1) << n;
      EXPECT_LE(f.error().location()->line, 22) << n;
    }
    // Valid from the upgrade marker on: once "-- migrate:upgrade" is complete.
    EXPECT_GT(values, 100);
  }
}

TEST(HeaderParserRobustnessTest, EveryByteCorruptionReturnsAValueOrAStatus) {
  const std::string original(kContractExample);
  for (std::size_t i = 0; i < original.size(); ++i) {
    for (char c : {'\xFF', '\0', '\n', ':', '-', '"', '('}) {
      std::string text = original;
      text[i] = c;
      base::Result<MigrationFile> f = ParseMigrationFile(text, kPath);
      if (!f) {
        EXPECT_EQ(f.error().code(), base::StatusCode::kInvalidInput) << i;
      }
    }
  }
}

}  // namespace
}  // namespace migrate::script
