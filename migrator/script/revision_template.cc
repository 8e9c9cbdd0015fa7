#include "migrator/script/revision_template.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <utility>

#include "migrator/base/spelling.h"

namespace migrate::script {

// Keep identical to templates/migration.sql.tmpl (revision_template_test checks).
const std::string_view kDefaultRevisionTemplate =
    "-- ${message}\n"
    "--\n"
    "-- revision: ${revision}\n"
    "-- down_revision: ${down_revision}\n"
    "-- branch_labels: ${branch_labels}\n"
    "-- depends_on: ${depends_on}\n"
    "-- create_date: ${create_date}\n"
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
    "-- if the migration cannot be undone (downgrading through it is then refused).\n";

const std::string_view kMergeRevisionTemplate =
    "-- ${message}\n"
    "--\n"
    "-- revision: ${revision}\n"
    "-- down_revision: ${down_revision}\n"
    "-- branch_labels: ${branch_labels}\n"
    "-- depends_on: ${depends_on}\n"
    "-- create_date: ${create_date}\n"
    "\n"
    "-- migrate:upgrade\n"
    "-- A merge point: this revision joins ${down_revision} into one head.\n"
    "-- It needs no statements; upgrade records it once its parents are applied.\n"
    "\n"
    "-- migrate:downgrade\n"
    "-- Nothing to undo: downgrading through it makes the joined revisions\n"
    "-- separate heads again.\n";

namespace {

using base::Location;
using base::Result;
using base::Status;

constexpr std::array<std::string_view, 6> kPlaceholders = {
    "message", "revision", "down_revision", "branch_labels", "depends_on", "create_date"};

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  return out;
}

std::optional<std::string> ValueOf(std::string_view name, const RevisionFields& fields) {
  if (name == "message") return fields.message;
  if (name == "revision") return fields.revision;
  if (name == "down_revision") return JoinList(fields.down_revisions);
  if (name == "branch_labels") return JoinList(fields.branch_labels);
  if (name == "depends_on") return JoinList(fields.depends_on);
  if (name == "create_date") return fields.create_date;
  return std::nullopt;
}

bool IsTrailingSpace(char c) { return c == ' ' || c == '\t'; }

void TrimTrailingSpace(std::string& s) {
  while (!s.empty() && IsTrailingSpace(s.back())) s.pop_back();
}

// Renders one template line (without its '\n'); may produce several lines.
Result<std::string> RenderLine(std::string_view line, int number, const RevisionFields& fields,
                               std::string_view template_path) {
  std::string out;
  std::string current;  // the output line being built
  bool had_placeholder = false;
  const auto error = [&](std::string message) {
    return Status::InvalidInput(std::move(message), Location{std::string(template_path), number})
        .WithContext(std::string(line));
  };
  for (std::size_t pos = 0; pos < line.size();) {
    if (line.substr(pos, 3) == "$${") {
      current += "${";
      pos += 3;
      continue;
    }
    if (line.substr(pos, 2) != "${") {
      current += line[pos++];
      continue;
    }
    const std::size_t close = line.find('}', pos + 2);
    if (close == std::string_view::npos) {
      return error("unclosed '${' in the template; write '${name}', or '$${' for a literal '${'");
    }
    const std::string_view name = line.substr(pos + 2, close - pos - 2);
    std::optional<std::string> value = ValueOf(name, fields);
    if (!value) {
      std::string hint = base::DidYouMean(name, kPlaceholders);
      if (hint.empty()) hint = "; placeholders are " + base::JoinWords(kPlaceholders);
      return error("unknown placeholder '${" + std::string(name) + "}' in the template" + hint);
    }
    had_placeholder = true;
    // What precedes the placeholder on its line (`-- `) starts each further
    // line of a multi-line value.
    const std::string prefix = current;
    std::size_t start = 0;
    while (true) {
      const std::size_t nl = value->find('\n', start);
      current.append(*value, start, nl == std::string::npos ? std::string::npos : nl - start);
      if (nl == std::string::npos) break;
      TrimTrailingSpace(current);
      out += current + "\n";
      current = prefix;
      start = nl + 1;
    }
    pos = close + 1;
  }
  if (had_placeholder) TrimTrailingSpace(current);
  out += current;
  return out;
}

// The lines of `text` (a template or a section body), each trimmed of
// surrounding spaces and tabs.
std::vector<std::string_view> TrimmedLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && (IsTrailingSpace(line.front()) || line.front() == '\r')) {
      line.remove_prefix(1);
    }
    while (!line.empty() && (IsTrailingSpace(line.back()) || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    pos = end + 1;
  }
  return lines;
}

bool IsSectionMarker(std::string_view line) { return line.starts_with("-- migrate:"); }

// The comment lines of the upgrade section of `template_text` that hold no
// placeholder (those differ in every file): what only an untouched file
// still has.
std::vector<std::string_view> UpgradePlaceholderComments(std::string_view template_text) {
  std::vector<std::string_view> comments;
  bool in_upgrade = false;
  for (std::string_view line : TrimmedLines(template_text)) {
    if (IsSectionMarker(line)) {
      in_upgrade = line == "-- migrate:upgrade";
    } else if (in_upgrade && line.starts_with("--") && line.size() > 2 &&
               line.find("${") == std::string_view::npos) {
      comments.push_back(line);
    }
  }
  return comments;
}

}  // namespace

std::optional<int> UneditedTemplateLine(const MigrationFile& file,
                                        std::string_view template_text) {
  if (file.down_revisions.size() >= 2) return std::nullopt;
  const std::vector<std::string_view> placeholders = UpgradePlaceholderComments(template_text);
  if (placeholders.empty()) return std::nullopt;
  std::optional<int> marker_line;
  std::vector<std::string_view> comments;
  for (const Section& section : file.sections) {
    if (section.kind != SectionKind::kUpgrade) continue;
    for (std::string_view line : TrimmedLines(section.body)) {
      if (!line.empty() && !line.starts_with("--")) return std::nullopt;  // a statement
      comments.push_back(line);
    }
    if (!marker_line) marker_line = section.marker_line;
  }
  for (std::string_view placeholder : placeholders) {
    if (std::find(comments.begin(), comments.end(), placeholder) == comments.end()) {
      return std::nullopt;
    }
  }
  return marker_line;
}

Result<std::string> RenderRevision(std::string_view template_text, const RevisionFields& fields,
                                   std::string_view template_path) {
  std::string out;
  int number = 1;
  std::size_t pos = 0;
  while (pos < template_text.size()) {
    std::size_t end = template_text.find('\n', pos);
    const bool has_newline = end != std::string_view::npos;
    if (!has_newline) end = template_text.size();
    MIGRATE_ASSIGN_OR_RETURN(std::string rendered,
                             RenderLine(template_text.substr(pos, end - pos), number, fields,
                                        template_path));
    out += rendered;
    if (has_newline) out += '\n';
    pos = end + 1;
    ++number;
  }
  return out;
}

}  // namespace migrate::script
