#include "migrator/db/sqlite/sqlite_splitter.h"

#include <soci/sqlite3/soci-sqlite3.h>  // SQLite's API, in namespace sqlite_api as SOCI declares it

#include <cstddef>
#include <utility>

#include "migrator/base/strings.h"
#include "migrator/script/sql_lexer.h"
#include "migrator/script/sql_splitter.h"

namespace migrate::db {

namespace {

// sqlite3_complete() is a small state machine over tokens. Its only memory
// across a `;` inside a trigger body is "in a trigger body, just after a
// `;`": the statement then completes exactly when the next tokens are `END
// ;`. This prefix puts the machine in that state, so asking about it plus
// the text since the previous `;` gives the answer asking about the whole
// statement would, without rescanning the body at every `;`.
constexpr std::string_view kInsideTriggerBody = "CREATE TRIGGER;";

class Splitter {
 public:
  Splitter(std::string_view body, int first_line, const std::string& path)
      : body_(body),
        path_(path),
        lexer_(body, script::SplitterOptions::Sqlite(), first_line, path) {}

  base::Result<std::vector<script::Statement>> Run() {
    script::TokenSpan token;
    bool after_dot = false;
    while (lexer_.Next(&token)) {
      const std::string_view raw = lexer_.Raw(token);
      const bool punct = token.kind == script::Token::Kind::kPunct;
      if (punct && raw == ";") {
        if (open_) MIGRATE_TRY(EndAt(token));
        after_dot = false;
        continue;
      }
      MIGRATE_TRY(script::RejectClientCommand(body_, token, open_, path_));
      if (!open_) {
        open_ = true;
        begin_ = token.offset;
        line_ = token.line;
      }
      // Where a trigger body starts, for the error if it never ends;
      // `new.begin` is a column.
      if (begin_line_ == 0 && !after_dot && token.kind == script::Token::Kind::kWord &&
          base::AsciiLower(raw) == "begin") {
        begin_offset_ = token.offset;
        begin_line_ = token.line;
      }
      after_dot = punct && raw == ".";
      end_ = token.offset + token.length;
    }
    if (!lexer_.status().ok()) return lexer_.status();
    if (open_) {
      // The last statement needs no `;`, but a trigger body still needs its END.
      if (!Complete(Unsplit(end_) + ";")) {
        if (begin_line_ == 0) {
          return Error(begin_, line_, "unterminated trigger: this CREATE TRIGGER has no BEGIN ... "
                                      "END body");
        }
        return Error(begin_offset_, begin_line_,
                     "unterminated trigger body: the BEGIN here has no END");
      }
      Flush();
    }
    return std::move(statements_);
  }

 private:
  // A `;` at `semicolon`: the statement ends here if SQLite says so; else
  // the `;` is inside a trigger body and belongs to the statement.
  base::Status EndAt(const script::TokenSpan& semicolon) {
    const std::size_t after = semicolon.offset + semicolon.length;
    if (Complete(Unsplit(after))) {
      Flush();
      return base::Status::OK();
    }
    in_body_ = true;
    segment_ = after;
    end_ = after;
    return base::Status::OK();
  }

  // The text sqlite3_complete() is asked about for the statement's text up
  // to `until`: all of it, or inside a trigger body only what follows the
  // previous `;`.
  std::string Unsplit(std::size_t until) const {
    if (!in_body_) return std::string(body_.substr(begin_, until - begin_));
    std::string text(kInsideTriggerBody);
    text.append(body_.substr(segment_, until - segment_));
    return text;
  }

  static bool Complete(const std::string& text) {
    return sqlite_api::sqlite3_complete(text.c_str()) != 0;
  }

  void Flush() {
    statements_.push_back(
        script::Statement{std::string(body_.substr(begin_, end_ - begin_)), line_});
    open_ = false;
    in_body_ = false;
    begin_line_ = 0;
  }

  base::Status Error(std::size_t offset, int line, std::string message) const {
    return base::Status::InvalidInput(std::move(message), base::Location{path_, line})
        .WithContext(script::SourceLineAt(body_, offset));
  }

  std::string_view body_;
  const std::string& path_;
  script::Lexer lexer_;
  std::vector<script::Statement> statements_;

  // The statement being read.
  bool open_ = false;         // a token of it has been seen
  std::size_t begin_ = 0;     // offset of its first token
  int line_ = 0;              // line of its first token
  std::size_t end_ = 0;       // offset just past its last token
  bool in_body_ = false;      // a `;` did not complete it: inside a trigger body
  std::size_t segment_ = 0;   // in_body_: offset just past the previous `;`
  std::size_t begin_offset_ = 0;  // its first BEGIN, if begin_line_ != 0
  int begin_line_ = 0;
};

}  // namespace

base::Result<std::vector<script::Statement>> SplitSqliteStatements(std::string_view body,
                                                                   int first_line,
                                                                   const std::string& path) {
  return Splitter(body, first_line, path).Run();
}

}  // namespace migrate::db
