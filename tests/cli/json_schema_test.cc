// Every `--format json` document, checked against docs/json.md itself: the
// test reads the documented keys and types from the doc's tables, so the doc
// and the output cannot drift apart. A key the output has and the doc does
// not, or a value of another type than documented, fails the test.

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.h"

namespace migrate::cli_test {
namespace {

using nlohmann::json;

// One documented table: field name -> documented type ("string or null", ...).
using Fields = std::map<std::string, std::string>;

// The tables of docs/json.md by section heading ("The document", "Problems", ...).
std::map<std::string, Fields> DocumentedSchema() {
  std::ifstream in(std::string(MIGRATE_SOURCE_DIR) + "/docs/json.md");
  std::map<std::string, Fields> schema;
  std::string line, section;
  int tables = 0;  // tables seen so far in this section; only the first is the schema
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0 || line.rfind("### ", 0) == 0) {
      section = line.substr(line.find(' ') + 1);
      tables = 0;
      continue;
    }
    const bool table_line = line.rfind("|", 0) == 0;
    if (table_line && !in_table) ++tables;
    in_table = table_line;
    // | `name` | type | ...
    if (tables != 1 || line.rfind("| `", 0) != 0) continue;
    const std::size_t name_end = line.find('`', 3);
    const std::size_t type_start = line.find('|', name_end) + 1;
    const std::size_t type_end = line.find('|', type_start);
    std::string type = line.substr(type_start, type_end - type_start);
    type = type.substr(type.find_first_not_of(' '));
    type = type.substr(0, type.find_last_not_of(' ') + 1);
    schema[section][line.substr(3, name_end - 3)] = type;
  }
  return schema;
}

// Whether `value` is of the documented `type`. The doc writes types as
// "string", "number", "boolean", "array of …", "revision", with "or null".
bool HasType(const json& value, const std::string& type) {
  if (value.is_null()) return type.find("or null") != std::string::npos;
  if (type.rfind("array", 0) == 0) return value.is_array();
  if (type.rfind("string", 0) == 0 || type.rfind("`\"", 0) == 0) return value.is_string();
  if (type.rfind("number", 0) == 0) return value.is_number();
  if (type.rfind("boolean", 0) == 0) return value.is_boolean();
  if (type.rfind("revision", 0) == 0) return value.is_object();
  return false;
}

class JsonSchemaTest : public CliTest {
 protected:
  void SetUp() override {
    schema_ = DocumentedSchema();
    ASSERT_FALSE(schema_["The document"].empty()) << "docs/json.md has no document table";
    WriteCustomersProject(dir_);
    std::ofstream(dir_.path() + "/migrate.toml")
        << "[migrate]\nurl = \"sqlite:///app.db\"\nscript_location = \"migrations\"\n";
  }

  // Checks `object` against the table `section`; `where` names it in failures.
  void Validate(const json& object, const std::string& section, const std::string& where) {
    ASSERT_TRUE(object.is_object()) << where;
    const Fields& fields = schema_[section];
    ASSERT_FALSE(fields.empty()) << "docs/json.md has no table under '" << section << "'";
    for (const auto& [key, value] : object.items()) {
      auto documented = fields.find(key);
      ASSERT_NE(documented, fields.end()) << where << ": key '" << key << "' is not in docs/json.md";
      EXPECT_TRUE(HasType(value, documented->second))
          << where << "." << key << " = " << value.dump() << " is not " << documented->second;
    }
    if (section == "Steps" || section == "Status rows" || section == "Shown revisions") {
      for (const json& r : object.value("rows", json::array())) {
        Validate(r, "Row changes", where + ".rows");
      }
    }
    if (section != "The document") return;  // only the document's own keys nest, and rows
    for (const auto& [key, value] : object.items()) {
      const std::string nested = where + "." + key;
      if (key == "problems") for (const json& p : value) Validate(p, "Problems", nested);
      if (key == "steps") for (const json& s : value) Validate(s, "Steps", nested);
      if (key == "status") for (const json& r : value) Validate(r, "Status rows", nested);
      if (key == "checks") for (const json& c : value) Validate(c, "Database checks", nested);
      if (key == "revision") Validate(value, "Shown revisions", nested);
      if (key == "heads" || key == "history" || key == "branches" || key == "current" ||
          key == "planned") {
        for (const json& r : value) Validate(r, "Revisions", nested);
      }
    }
  }

  // Runs `args` with --format json and validates the one document it prints.
  json Run(std::vector<std::string> args, int exit_code) {
    args.insert(args.begin(), {"--format", "json"});
    const ProcessResult r = Migrate(args);
    EXPECT_EQ(r.exit_code, exit_code) << r.Describe();
    json doc = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(doc.is_discarded()) << "not one JSON document: " << r.out;
    if (!doc.is_discarded()) {
      Validate(doc, "The document", args[2]);
      EXPECT_EQ(doc["exit_code"], exit_code);
    }
    return doc;
  }

  std::map<std::string, Fields> schema_;
};

// Status rows and shown revisions are revisions plus a few fields: the doc
// lists only those.
TEST_F(JsonSchemaTest, EveryCommandsDocumentMatchesTheDoc) {
  const Fields revision = schema_["Revisions"];
  for (const auto& [field, type] : revision) {
    schema_["Status rows"][field] = type;
    schema_["Shown revisions"][field] = type;
  }
  Run({"heads"}, 0);
  Run({"history"}, 0);
  Run({"branches"}, 0);
  Run({"check", "--offline"}, 0);
  Run({"show", kEmailRev}, 2);  // the read commands create no database
  Run({"current"}, 2);
  Run({"status"}, 2);
  Run({"db", "create"}, 0);
  Run({"show", kEmailRev}, 0);
  Run({"current"}, 0);
  Run({"status"}, 0);
  Run({"check"}, 1);
  json up = Run({"upgrade", "head"}, 0);
  EXPECT_EQ(up["steps"].size(), 3u);
  Run({"current"}, 0);
  Run({"verify"}, 0);
  Run({"check"}, 0);
  Run({"status"}, 0);
  Run({"show", kEmailRev}, 0);
  Run({"upgrade", "head", "--sql"}, 0);
  json redo = Run({"redo"}, 0);
  EXPECT_EQ(redo["direction"], "redo");
  EXPECT_EQ(redo["steps"].size(), 2u);
  Run({"show", kOrdersRev}, 0);
  Run({"downgrade", "-1"}, 0);
  Run({"show", "nope"}, 2);
  Run({"upgrade", "nope"}, 2);
  // The database (at kEmailRev) ahead of the code: a revision no file has.
  std::filesystem::remove(dir_.path() + "/migrations/" + kOrdersRev + "_create_orders.sql");
  std::filesystem::remove(dir_.path() + "/migrations/" + kEmailRev + "_add_email.sql");
  json ahead = Run({"current"}, 1);
  EXPECT_EQ(ahead["unknown_revisions"], json::array({kEmailRev}));
  json status = Run({"status"}, 1);
  EXPECT_EQ(status["status"][0]["state"], "unknown");
  std::filesystem::remove(dir_.path() + "/app.db");
  Run({"db", "status"}, 1);
  Run({"db", "create"}, 0);
  json ready = Run({"db", "status"}, 0);
  EXPECT_EQ(ready["checks"].size(), 3u);
  Run({"db", "drop", "--force"}, 0);
}

}  // namespace
}  // namespace migrate::cli_test
