// `migrate revision` and `migrate merge` against an in-memory project: which
// template is rendered, and what the new file's header says.

#include <chrono>
#include <sstream>

#include <gtest/gtest.h>

#include "migrator/base/clock.h"
#include "migrator/commands/commands.h"
#include "migrator/report/text_reporter.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_filesystem.h"

namespace migrate::commands {
namespace {

class RevisionCommandTest : public ::testing::Test {
 protected:
  base::Status Run(RevisionArgs args, const std::string& installed_templates = "") {
    Context ctx{config_, fs_, clock_, reporter_, installed_templates};
    return Revision(ctx, args);
  }
  // The one file under migrations/ whose name starts with `revision`.
  std::string FileOf(const std::string& revision) const {
    for (const auto& [path, text] : fs_.files()) {
      if (path.rfind("migrations/" + revision, 0) == 0) return text;
    }
    return "";
  }

  config::Config config_;
  testing::FakeFileSystem fs_;
  testing::FakeClock clock_;
  std::ostringstream out_, err_;
  report::TextReporter reporter_{out_, err_, report::TextOptions{}};
};

TEST_F(RevisionCommandTest, TheProjectsOwnTemplateWins) {
  ASSERT_TRUE(fs_.CreateDirectories("migrations").ok());
  fs_.Put("templates/migration.sql.tmpl", "-- ${message}\n--\n-- revision: ${revision}\n"
                                          "-- down_revision: ${down_revision}\n\n"
                                          "-- migrate:upgrade\n-- installed template\n");
  fs_.Put("migrations/migration.sql.tmpl", "-- ${message}\n--\n-- revision: ${revision}\n"
                                           "-- down_revision: ${down_revision}\n\n"
                                           "-- migrate:upgrade\n-- project template\n");
  ASSERT_TRUE(Run(RevisionArgs{.message = "create users", .rev_id = "a1"}, "templates").ok());
  EXPECT_EQ(FileOf("a1"),
            "-- create users\n--\n-- revision: a1\n-- down_revision:\n\n"
            "-- migrate:upgrade\n-- project template\n");
  EXPECT_EQ(out_.str(), "Created migrations/a1_create_users.sql\n");
}

TEST_F(RevisionCommandTest, TheInstalledTemplateComesNextThenTheBuiltIn) {
  ASSERT_TRUE(fs_.CreateDirectories("migrations").ok());
  fs_.Put("templates/migration.sql.tmpl", "-- ${message}\n--\n-- revision: ${revision}\n"
                                          "-- down_revision: ${down_revision}\n\n"
                                          "-- migrate:upgrade\n-- installed template\n");
  ASSERT_TRUE(Run(RevisionArgs{.message = "one", .rev_id = "a1"}, "templates").ok());
  EXPECT_NE(FileOf("a1").find("-- installed template"), std::string::npos);
  ASSERT_TRUE(Run(RevisionArgs{.message = "two", .rev_id = "b2"}).ok());
  const std::string built_in = FileOf("b2");
  EXPECT_NE(built_in.find("-- down_revision: a1\n"), std::string::npos) << built_in;
  EXPECT_NE(built_in.find("-- migrate:downgrade"), std::string::npos) << built_in;
}

TEST_F(RevisionCommandTest, AMessageThatWouldNotParseIsRefusedBeforeWriting) {
  ASSERT_TRUE(fs_.CreateDirectories("migrations").ok());
  base::Status s = Run(RevisionArgs{.message = "add x\nrevision: sneaky", .rev_id = "a1"});
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput);
  EXPECT_EQ(s.message().rfind("the new migration would not parse", 0), 0u) << s.ToString();
  EXPECT_EQ(FileOf("a1"), "");
}

}  // namespace
}  // namespace migrate::commands
