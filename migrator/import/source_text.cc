#include "migrator/import/source_text.h"

#include <algorithm>
#include <cctype>

#include "migrator/script/sql_splitter.h"

namespace migrate::import {

namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The words of `text` upper-cased, with `--` and `/* */` comments dropped.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(Upper(word));
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "--") == 0) {
      flush();
      i = text.find('\n', i);
      if (i == std::string_view::npos) break;
      continue;
    }
    if (text.compare(i, 2, "/*") == 0) {
      flush();
      i = text.find("*/", i + 2);
      if (i == std::string_view::npos) break;
      ++i;
      continue;
    }
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return words;
}

bool IsTransactionControl(const std::vector<std::string>& words) {
  if (words.empty() || words.size() > 2) return false;
  const std::string& verb = words[0];
  const std::string object = words.size() == 2 ? words[1] : "";
  if (verb == "START") return object == "TRANSACTION";
  if (verb == "BEGIN" || verb == "COMMIT" || verb == "ROLLBACK") {
    return object.empty() || object == "TRANSACTION" || object == "WORK";
  }
  return false;
}

}  // namespace

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

bool IsSqlFileName(std::string_view name) {
  constexpr std::string_view kSuffix = ".sql";
  return !name.empty() && name.front() != '.' && name.size() >= kSuffix.size() &&
         name.substr(name.size() - kSuffix.size()) == kSuffix;
}

std::string TitleFromName(std::string_view text) {
  std::string title(text);
  std::replace(title.begin(), title.end(), '_', ' ');
  return title;
}

base::Result<std::string> StripTransactionControl(std::string_view sql, const std::string& path,
                                                  int first_line) {
  // PostgreSQL's lexing: dollar quotes and E'' strings are the places where
  // a COMMIT line may hide (procedure bodies); SQLite never writes `$$`.
  MIGRATE_ASSIGN_OR_RETURN(
      std::vector<script::Statement> statements,
      script::SplitStatements(sql, first_line, script::SplitterOptions::Postgresql(), path));
  std::vector<std::string> lines = SplitLines(sql);
  std::vector<bool> drop(lines.size(), false);
  for (const script::Statement& statement : statements) {
    if (!IsTransactionControl(Words(statement.text))) continue;
    const int index = statement.line - first_line;
    if (index < 0 || index >= static_cast<int>(lines.size())) continue;
    const std::vector<std::string> line_words = Words(lines[index]);
    const std::string_view code = std::string_view(lines[index]).substr(0, lines[index].find("--"));
    if (!IsTransactionControl(line_words) || std::count(code.begin(), code.end(), ';') > 1) {
      return base::Status::InvalidInput(
                 "transaction statement '" + statement.text +
                     "' shares its line with other SQL; migrate runs each migration in its own "
                     "transaction, so put it on a line of its own (it is then dropped) or remove "
                     "it",
                 base::Location{path, statement.line})
          .WithContext("  " + lines[index]);
    }
    drop[index] = true;
    // Keep one blank line where `BEGIN;` stood between two blank lines.
    const bool blank_before =
        index > 0 && lines[index - 1].find_first_not_of(" \t") == std::string::npos;
    if (blank_before && index + 1 < static_cast<int>(lines.size()) &&
        lines[index + 1].find_first_not_of(" \t") == std::string::npos) {
      drop[index + 1] = true;
    }
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!drop[i]) out += lines[i] + "\n";
  }
  return out;
}

base::Result<std::string> ReadSqlScript(const std::string& path, const base::FileSystem& fs) {
  MIGRATE_ASSIGN_OR_RETURN(std::string text, fs.ReadFile(path));
  return StripTransactionControl(text, path);
}

std::optional<Placeholder> FindPlaceholder(std::string_view text, int first_line) {
  int line = first_line;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) continue;
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) continue;
    const std::string_view name = text.substr(i + 2, close - i - 2);
    const bool plausible = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' ||
             c == '-';
    });
    if (plausible) return Placeholder{line, std::string(text.substr(i, close - i + 1))};
  }
  return std::nullopt;
}

}  // namespace migrate::import
