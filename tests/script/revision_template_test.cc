#include "migrator/script/revision_template.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "migrator/script/header_parser.h"

namespace migrate::script {
namespace {

RevisionFields Fields() {
  RevisionFields f;
  f.message = "create services";
  f.revision = "1f737760963f";
  f.down_revisions = {"9c2e4b7a1d03"};
  f.create_date = "2026-11-22 10:31:07";
  return f;
}

std::string MustRender(std::string_view tmpl, const RevisionFields& fields) {
  base::Result<std::string> out = RenderRevision(tmpl, fields);
  EXPECT_TRUE(out.has_value()) << out.status().ToString();
  return out ? *out : "";
}

TEST(RevisionTemplateTest, DefaultTemplateRendersTheDocumentedHeader) {
  EXPECT_EQ(MustRender(kDefaultRevisionTemplate, Fields()),
            "-- create services\n"
            "--\n"
            "-- revision: 1f737760963f\n"
            "-- down_revision: 9c2e4b7a1d03\n"
            "-- branch_labels:\n"
            "-- depends_on:\n"
            "-- create_date: 2026-11-22 10:31:07\n"
            "\n"
            "-- migrate:upgrade\n"
            "-- Write the upgrade here: SQL statements, each ending with ';'.\n"
            "-- Header keys you may add above: extensions, transaction, lock_timeout,\n"
            "-- statement_timeout, noop, expect.\n"
            "\n"
            "-- migrate:verify\n"
            "-- Optional: queries that must hold after the upgrade, each returning true,\n"
            "-- e.g. SELECT count(*) = 0 FROM customers WHERE email IS NULL;\n"
            "\n"
            "-- migrate:downgrade\n"
            "-- Write the statements that undo the upgrade here, or delete this section\n"
            "-- if the migration cannot be undone (downgrading through it is then refused).\n");
}

TEST(RevisionTemplateTest, RenderedDefaultParsesBackToTheFields) {
  RevisionFields fields = Fields();
  fields.message = "merge packs and specialties\n\nBoth branches add columns to stylists.";
  fields.down_revisions = {"98ab8c2c55ea", "e41767822e06"};
  fields.branch_labels = {"packs"};
  fields.depends_on = {"5d1f0c2a9b77", "billing"};
  base::Result<MigrationFile> file =
      ParseMigrationFile(MustRender(kDefaultRevisionTemplate, fields), "migrations/new.sql");
  ASSERT_TRUE(file.has_value()) << file.status().ToString();
  EXPECT_EQ(file->message, fields.message);
  EXPECT_EQ(file->revision, fields.revision);
  EXPECT_EQ(file->down_revisions, fields.down_revisions);
  EXPECT_EQ(file->branch_labels, fields.branch_labels);
  EXPECT_EQ(file->depends_on, fields.depends_on);
  EXPECT_EQ(file->create_date, fields.create_date);
  EXPECT_EQ(file->transaction, TransactionMode::kPerMigration);
  EXPECT_TRUE(file->expectations.empty());

  // An upgrade, a verify and a downgrade section, holding comments only:
  // an empty migration until the user writes SQL into it.
  ASSERT_EQ(file->sections.size(), 3u);
  const Section* upgrade = file->FindSection(SectionKind::kUpgrade, "");
  const Section* verify = file->FindSection(SectionKind::kVerify, "");
  const Section* downgrade = file->FindSection(SectionKind::kDowngrade, "");
  ASSERT_NE(upgrade, nullptr);
  ASSERT_NE(verify, nullptr);
  ASSERT_NE(downgrade, nullptr);
  for (const Section* section : {upgrade, verify, downgrade}) {
    std::istringstream lines(section->body);
    int comments = 0;
    for (std::string line; std::getline(lines, line);) {
      if (line.empty()) continue;
      EXPECT_EQ(line.substr(0, 3), "-- ") << line;
      ++comments;
    }
    EXPECT_GE(comments, 1);  // a helpful placeholder comment
  }
}

TEST(RevisionTemplateTest, EmptyValuesLeaveNoTrailingWhitespace) {
  RevisionFields fields;
  fields.revision = "ab";
  const std::string out = MustRender(kDefaultRevisionTemplate, fields);
  const std::string head = "--\n--\n-- revision: ab\n-- down_revision:\n-- branch_labels:\n";
  EXPECT_EQ(out.substr(0, head.size()), head);
  EXPECT_EQ(out.find(" \n"), std::string::npos);
  base::Result<MigrationFile> file = ParseMigrationFile(out, "x.sql");
  ASSERT_TRUE(file.has_value()) << file.status().ToString();
  EXPECT_EQ(file->message, "");
  EXPECT_TRUE(file->down_revisions.empty());
}

TEST(RevisionTemplateTest, MultiLineValuesRepeatTheLinePrefix) {
  RevisionFields fields;
  fields.message = "first\n\nthird";
  EXPECT_EQ(MustRender("-- ${message}\n  /* ${message} */\n", fields),
            "-- first\n--\n-- third\n  /* first\n  /*\n  /* third */\n");
}

TEST(RevisionTemplateTest, DollarSignsOtherThanPlaceholdersAreLiteral) {
  RevisionFields fields;
  fields.revision = "ab";
  EXPECT_EQ(MustRender("DO $$ BEGIN END $$; $tag$ $${revision} ${revision}$ $", fields),
            "DO $$ BEGIN END $$; $tag$ ${revision} ab$ $");
  EXPECT_EQ(MustRender("no newline at the end: ${revision}", fields), "no newline at the end: ab");
  EXPECT_EQ(MustRender("", fields), "");
}

TEST(RevisionTemplateTest, UnknownPlaceholderNamesTheTemplateLine) {
  base::Result<std::string> out = RenderRevision("-- ${message}\n-- rev: ${revison}\n", Fields(),
                                                 "templates/migration.sql.tmpl");
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code(), base::StatusCode::kInvalidInput);
  EXPECT_EQ(out.error().ToString(),
            "templates/migration.sql.tmpl:2: unknown placeholder '${revison}' in the template "
            "(did you mean 'revision'?)\n"
            "-- rev: ${revison}");

  out = RenderRevision("\n\n-- ${author}\n", Fields());
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().ToString(),
            "migration.sql.tmpl:3: unknown placeholder '${author}' in the template; placeholders "
            "are message, revision, down_revision, branch_labels, depends_on and create_date\n"
            "-- ${author}");

  out = RenderRevision("-- ${message\n", Fields());
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().ToString(),
            "migration.sql.tmpl:1: unclosed '${' in the template; write '${name}', or '$${' for "
            "a literal '${'\n"
            "-- ${message");
}

TEST(RevisionTemplateTest, InstalledTemplateFileMatchesTheBuiltInOne) {
  const std::string path = std::string(MIGRATE_SOURCE_DIR) + "/templates/migration.sql.tmpl";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::ostringstream contents;
  contents << in.rdbuf();
  EXPECT_EQ(contents.str(), kDefaultRevisionTemplate)
      << "templates/migration.sql.tmpl and kDefaultRevisionTemplate (revision_template.cc) differ";
}

}  // namespace
}  // namespace migrate::script
