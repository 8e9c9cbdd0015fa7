#include "migrator/script/sql_splitter.h"

#include <cstddef>
#include <utility>

#include "migrator/script/sql_lexer.h"

namespace migrate::script {

namespace {

// `raw` equals the upper-case ASCII keyword `upper`, ignoring case.
bool IsKeyword(std::string_view raw, std::string_view upper) {
  if (raw.size() != upper.size()) return false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

// Whether only blanks precede `offset` on its line.
bool AtLineStart(std::string_view text, std::size_t offset) {
  while (offset > 0 && (text[offset - 1] == ' ' || text[offset - 1] == '\t')) --offset;
  return offset == 0 || text[offset - 1] == '\n';
}

// The word starting at `offset`: up to the next blank (at most 32 bytes).
std::string_view CommandAt(std::string_view text, std::size_t offset) {
  std::size_t end = offset + 1;
  while (end < text.size() && end - offset < 32 && text[end] != ' ' && text[end] != '\t' &&
         text[end] != '\r' && text[end] != '\n') {
    ++end;
  }
  return text.substr(offset, end - offset);
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Recognizes, from a statement's first words, whether it can hold a body
// with inner semicolons.
enum class Head {
  kStart,       // no word seen yet
  kCreate,      // CREATE
  kCreateTemp,  // CREATE TEMP|TEMPORARY
  kCreateOr,    // CREATE OR
  kCreateOrReplace,
  kDone,  // decided
};

enum class Block { kPlain, kTriggerHead, kRoutineHead, kBody };

// What the splitter knows about the statement being read.
struct Current {
  bool open = false;      // a token has been seen
  std::size_t begin = 0;  // offset of the first token
  std::size_t end = 0;    // offset just past the last token
  int line = 0;           // line of the first token
  int paren_depth = 0;
  Head head = Head::kStart;
  Block block = Block::kPlain;
  int case_depth = 0;
  bool after_dot = false;       // the previous token was `.`
  bool after_begin = false;     // the previous token was BEGIN (kRoutineHead)
  std::size_t body_offset = 0;  // where kBody's BEGIN is
  int body_line = 0;
  bool routine = false;     // the body is a routine's BEGIN ATOMIC, not a trigger's
  bool copy = false;        // the statement is a COPY
  bool after_from = false;  // ... and the previous word was FROM
  bool from_stdin = false;  // ... and it reads FROM STDIN
};

class Splitter {
 public:
  Splitter(std::string_view body, int first_line, const SplitterOptions& options,
           const std::string& path)
      : body_(body), options_(options), path_(path), lexer_(body, options, first_line, path) {}

  base::Result<std::vector<Statement>> Run() {
    TokenSpan token;
    while (lexer_.Next(&token)) {
      if (token.kind == Token::Kind::kPunct && token.length == 1) {
        const char c = body_[token.offset];
        if (c == ';' && cur_.paren_depth == 0 && cur_.block != Block::kBody) {
          MIGRATE_TRY(Flush());
          continue;
        }
        MIGRATE_TRY(RejectClientCommand(body_, token, cur_.open, path_));
        if (c == '(') ++cur_.paren_depth;
        if (c == ')' && cur_.paren_depth > 0) --cur_.paren_depth;
      }
      if (!cur_.open) {
        cur_.open = true;
        cur_.begin = token.offset;
        cur_.line = token.line;
      }
      cur_.end = token.offset + token.length;
      Observe(token);
    }
    if (!lexer_.status().ok()) return lexer_.status();
    if (cur_.block == Block::kBody) {
      TokenSpan begin_token;
      begin_token.offset = cur_.body_offset;
      begin_token.line = cur_.body_line;
      return Error(begin_token, cur_.routine
                                    ? "unterminated BEGIN ATOMIC body: the BEGIN here has no END"
                                    : "unterminated trigger body: the BEGIN here has no END");
    }
    MIGRATE_TRY(Flush());
    return std::move(statements_);
  }

 private:
  base::Status Error(const TokenSpan& token, std::string message) const {
    return base::Status::InvalidInput(std::move(message), base::Location{path_, token.line})
        .WithContext(SourceLineAt(body_, token.offset));
  }

  base::Status Flush() {
    if (cur_.from_stdin) {
      TokenSpan first;
      first.offset = cur_.begin;
      first.line = cur_.line;
      return Error(first,
                   "COPY ... FROM STDIN reads data that psql sends after the statement, and "
                   "migrate sends none: use INSERT statements (or COPY from a file on the server)");
    }
    if (cur_.open) {
      statements_.push_back(
          Statement{std::string(body_.substr(cur_.begin, cur_.end - cur_.begin)), cur_.line});
    }
    cur_ = Current{};
    return base::Status::OK();
  }

  // Advances the head recognizer and the block state machine (see the
  // header's table) by one token.
  void Observe(const TokenSpan& token) {
    const bool word = token.kind == Token::Kind::kWord;
    const std::string_view raw = lexer_.Raw(token);
    const bool after_dot = cur_.after_dot;
    const bool after_begin = cur_.after_begin;
    cur_.after_dot = token.kind == Token::Kind::kPunct && raw == ".";
    cur_.after_begin = false;

    if (cur_.head != Head::kDone) {
      if (cur_.head == Head::kStart && word && IsKeyword(raw, "COPY")) cur_.copy = true;
      AdvanceHead(word ? raw : std::string_view());
      return;
    }
    if (cur_.copy && word) {
      if (cur_.after_from && IsKeyword(raw, "STDIN")) cur_.from_stdin = true;
      cur_.after_from = IsKeyword(raw, "FROM");
    }
    if (cur_.block == Block::kPlain || !word || after_dot) return;

    if (IsKeyword(raw, "CASE")) {
      ++cur_.case_depth;
    } else if (IsKeyword(raw, "END")) {
      if (cur_.case_depth > 0) {
        --cur_.case_depth;
      } else if (cur_.block == Block::kBody) {
        cur_.block = Block::kPlain;
      }
    } else if (cur_.case_depth == 0 && cur_.block == Block::kTriggerHead &&
               IsKeyword(raw, "BEGIN")) {
      EnterBody(token);
    } else if (cur_.case_depth == 0 && cur_.block == Block::kRoutineHead && cur_.paren_depth == 0 &&
               IsKeyword(raw, "BEGIN")) {
      cur_.after_begin = true;
      cur_.body_offset = token.offset;
      cur_.body_line = token.line;
    } else if (after_begin && IsKeyword(raw, "ATOMIC")) {
      cur_.block = Block::kBody;
    }
  }

  void EnterBody(const TokenSpan& token) {
    cur_.block = Block::kBody;
    cur_.body_offset = token.offset;
    cur_.body_line = token.line;
  }

  // `word` is empty for a token that is not a word.
  void AdvanceHead(std::string_view word) {
    Head next = Head::kDone;
    switch (cur_.head) {
      case Head::kStart:
        if (IsKeyword(word, "CREATE")) next = Head::kCreate;
        break;
      case Head::kCreate:
        if (IsKeyword(word, "TEMP") || IsKeyword(word, "TEMPORARY")) {
          next = Head::kCreateTemp;
        } else if (IsKeyword(word, "OR")) {
          next = Head::kCreateOr;
        } else {
          DecideHead(word);
        }
        break;
      case Head::kCreateTemp:
        if (IsKeyword(word, "TRIGGER")) DecideHead(word);
        break;
      case Head::kCreateOr:
        if (IsKeyword(word, "REPLACE")) next = Head::kCreateOrReplace;
        break;
      case Head::kCreateOrReplace:
        if (!IsKeyword(word, "TRIGGER")) DecideHead(word);
        break;
      case Head::kDone:
        break;
    }
    cur_.head = next;
  }

  // Called with the object-kind word of a CREATE statement.
  void DecideHead(std::string_view kind) {
    if (options_.trigger_bodies && IsKeyword(kind, "TRIGGER")) {
      cur_.block = Block::kTriggerHead;
    } else if (options_.begin_atomic &&
               (IsKeyword(kind, "FUNCTION") || IsKeyword(kind, "PROCEDURE"))) {
      cur_.block = Block::kRoutineHead;
      cur_.routine = true;
    }
  }

  std::string_view body_;
  SplitterOptions options_;
  const std::string& path_;
  Lexer lexer_;
  Current cur_;
  std::vector<Statement> statements_;
};

}  // namespace

base::Result<std::vector<Statement>> SplitStatements(std::string_view section_body, int first_line,
                                                     const SplitterOptions& options,
                                                     const std::string& path) {
  return Splitter(section_body, first_line, options, path).Run();
}

base::Status RejectClientCommand(std::string_view body, const TokenSpan& token,
                                 bool statement_open, const std::string& path) {
  if (token.kind != Token::Kind::kPunct || token.length != 1) return base::Status::OK();
  const char c = body[token.offset];
  std::string message;
  if (c == '\\' && AtLineStart(body, token.offset)) {
    message = "psql meta-command '" + std::string(CommandAt(body, token.offset)) +
              "' is not SQL; migrate runs each statement itself, not through psql, so replace it "
              "with plain SQL";
  } else if (c == '.' && !statement_open && AtLineStart(body, token.offset) &&
             token.offset + 1 < body.size() && IsLetter(body[token.offset + 1])) {
    message = "sqlite3 shell command '" + std::string(CommandAt(body, token.offset)) +
              "' is not SQL; migrate runs each statement itself, not through the sqlite3 shell, "
              "so replace it with plain SQL";
  } else {
    return base::Status::OK();
  }
  return base::Status::InvalidInput(std::move(message), base::Location{path, token.line})
      .WithContext(SourceLineAt(body, token.offset));
}

}  // namespace migrate::script
