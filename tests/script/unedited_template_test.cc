// UneditedTemplateLine: a file is still its template when its upgrade
// sections hold only blank lines and comments, the template's own among
// them. Anything else (a statement, a deliberately emptied section, a
// merge point) is not.

#include <string>

#include <gtest/gtest.h>

#include "migrator/script/header_parser.h"
#include "migrator/script/revision_template.h"

namespace migrate::script {
namespace {

RevisionFields Fields(std::vector<std::string> parents = {"9c2e4b7a1d03"}) {
  RevisionFields f;
  f.message = "create services";
  f.revision = "1f737760963f";
  f.down_revisions = std::move(parents);
  f.create_date = "2026-11-22 10:31:07";
  return f;
}

MigrationFile Parse(const std::string& text) {
  base::Result<MigrationFile> file = ParseMigrationFile(text, "migrations/x.sql");
  EXPECT_TRUE(file.has_value()) << file.status().ToString();
  return file ? *file : MigrationFile{};
}

std::string Rendered(std::string_view tmpl = kDefaultRevisionTemplate,
                     RevisionFields fields = Fields()) {
  return RenderRevision(tmpl, fields).value();
}

// `text` with `from` replaced by `to` once.
std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(UneditedTemplateTest, TheFileAsWrittenIsUnedited) {
  EXPECT_EQ(UneditedTemplateLine(Parse(Rendered()), kDefaultRevisionTemplate), 9);
}

TEST(UneditedTemplateTest, SpacingAndAddedCommentsDoNotHideIt) {
  const std::string text = Replaced(Rendered(), "-- Write the upgrade here",
                                    "   \n-- TODO later\n  -- Write the upgrade here");
  EXPECT_EQ(UneditedTemplateLine(Parse(text), kDefaultRevisionTemplate), 9);
}

TEST(UneditedTemplateTest, AStatementMakesItEdited) {
  const std::string text =
      Replaced(Rendered(), "-- migrate:verify",
               "CREATE TABLE services (id int);\n\n-- migrate:verify");
  EXPECT_EQ(UneditedTemplateLine(Parse(text), kDefaultRevisionTemplate), std::nullopt);
  // Even with the comments kept above it, and in a dialect section of its own.
  const std::string dialect = Replaced(
      Rendered(), "-- migrate:verify",
      "-- migrate:upgrade sqlite\nCREATE TABLE services (id int);\n\n-- migrate:verify");
  EXPECT_EQ(UneditedTemplateLine(Parse(dialect), kDefaultRevisionTemplate), std::nullopt);
}

TEST(UneditedTemplateTest, DeletingTheCommentsKeepsAnEmptyPlaceholder) {
  std::string text = Rendered();
  text = Replaced(text, "-- Write the upgrade here: SQL statements, each ending with ';'.\n", "");
  EXPECT_EQ(UneditedTemplateLine(Parse(text), kDefaultRevisionTemplate), std::nullopt);
}

TEST(UneditedTemplateTest, AMergePointIsNever) {
  const std::string text =
      Rendered(kDefaultRevisionTemplate, Fields({"98ab8c2c55ea", "e41767822e06"}));
  EXPECT_EQ(UneditedTemplateLine(Parse(text), kDefaultRevisionTemplate), std::nullopt);
  const std::string merge =
      Rendered(kMergeRevisionTemplate, Fields({"98ab8c2c55ea", "e41767822e06"}));
  EXPECT_NE(merge.find("-- A merge point: this revision joins 98ab8c2c55ea, e41767822e06 into "
                       "one head.\n"),
            std::string::npos);
  EXPECT_TRUE(ParseMigrationFile(merge, "migrations/m.sql").has_value());
}

TEST(UneditedTemplateTest, AProjectTemplateIsRecognisedByItsOwnComments) {
  const std::string tmpl =
      "-- ${message}\n--\n-- revision: ${revision}\n-- down_revision: ${down_revision}\n\n"
      "-- migrate:upgrade\n-- ${message}: your SQL goes here\n-- (team rule: one table per file)\n";
  const std::string text = Rendered(tmpl);
  EXPECT_EQ(UneditedTemplateLine(Parse(text), tmpl), 6);
  // Its own comments are not the built-in template's.
  EXPECT_EQ(UneditedTemplateLine(Parse(text), kDefaultRevisionTemplate), std::nullopt);
  // A template whose upgrade section has no comment of its own matches nothing.
  const std::string bare = "-- ${message}\n--\n-- revision: ${revision}\n\n-- migrate:upgrade\n";
  EXPECT_EQ(UneditedTemplateLine(Parse(Rendered(bare)), bare), std::nullopt);
}

}  // namespace
}  // namespace migrate::script
