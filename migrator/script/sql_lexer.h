// SQL lexer: cuts SQLite or PostgreSQL text into tokens (words, quoted
// identifiers, strings, numbers, punctuation, parameters), skipping
// whitespace and comments. It knows nothing about statements; the splitter
// (script/sql_splitter.h) and the DDL readers (verify/) build on it.
//
// Which quoting forms exist is decided by SplitterOptions (script/statement.h),
// one preset per dialect. Two more choices follow the preset's
// `square_brackets` flag, which only SQLite sets: SQLite's parameter forms
// (`?`, `?NNN`, `:name`, `@name`, `$name`) and its fixed operator set;
// otherwise `?`, `:` and `@` are operator characters as in PostgreSQL, an
// operator is PostgreSQL's longest run of `+ - * / < > = ~ ! @ # % ^ & | ` ?`
// (that does not end in `+`/`-` unless it holds one of `~ ! @ # % ^ & | ` ?`),
// and `$N` is the only parameter.
//
// Errors: an unterminated string, quoted identifier, comment or dollar quote
// is kInvalidInput at the line where it STARTED (where the author has to
// look), with that source line as context.
//
// Thread safety: a Lexer is used by one thread; Tokenize() is reentrant.

#ifndef MIGRATOR_SCRIPT_SQL_LEXER_H_
#define MIGRATOR_SCRIPT_SQL_LEXER_H_

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/script/statement.h"

namespace migrate::script {

struct Token {
  enum class Kind {
    kWord,              // a keyword or unquoted identifier, as written
    kQuotedIdentifier,  // "x", and on SQLite [x] and `x`
    kString,            // 'x', E'x', $$x$$, $tag$x$tag$
    kNumber,            // 42, 3.14, .5, 1e10, 0xff
    kPunct,             // ( ) , ; . :: and operators such as <= || ->>
    kParameter,         // $1; on SQLite also ? ?1 :name @name $name
  };
  Kind kind = Kind::kWord;
  std::string text;  // for quoted identifiers and strings: the unquoted content; else as written
  int line = 0;      // 1-based line of the token's first character
  std::size_t offset = 0;  // byte offset of the token's first character in the input

  friend bool operator==(const Token&, const Token&) = default;
};

/// Where a token lies in the lexer's input, without copying it.
struct TokenSpan {
  Token::Kind kind = Token::Kind::kWord;
  std::size_t offset = 0;  // first byte, quotes included
  std::size_t length = 0;  // bytes, quotes included
  int line = 0;
};

// Lexer: pulls one token at a time out of `sql`, allocating nothing per token.
//
// The state table below is the whole lexer. Each row is what the lexer does
// when, between tokens, it looks at the next characters; the columns on the
// right say which SplitterOptions flag enables a row. Rows are tried in
// order; "token" rows end at the first character that does not continue them.
//
//   next characters          | becomes                 | until                   | flag
//   -------------------------+-------------------------+-------------------------+----------------
//   space \t \r \n \f \v     | (skipped)               |                         |
//   --                       | (comment, skipped)      | end of line             |
//   /*                       | (comment, skipped)      | */; with nested_comments|
//                            |                         |   each inner /* needs   |
//                            |                         |   its own */            |
//   '                        | kString                 | ' not followed by '     |
//   E' or e'                 | kString; \x escapes     | ' not escaped by \ or ' | escape_strings
//   "                        | kQuotedIdentifier       | " not followed by "     |
//   [                        | kQuotedIdentifier       | ]                       | square_brackets
//   `                        | kQuotedIdentifier       | ` not followed by `     | square_brackets
//   $ digit                  | kParameter ($1)         | non-digit               |
//   $tag$ or $$              | kString (dollar quote)  | the same $tag$          | dollar_quotes
//   ::  :=                   | kPunct                  |                         |
//   $ : @ + identifier       | kParameter              | non-identifier char     | square_brackets
//   ?  ?NNN                  | kParameter              | non-digit               | square_brackets
//   letter _ or byte >= 0x80 | kWord                   | not letter/digit/_/$/>=0x80
//   digit, or . digit        | kNumber                 | end of digits/./exponent|
//   operator character       | kPunct (operator)       | see the paragraph above |
//   anything else            | kPunct (one character)  |                         |
//
// A tag is an identifier without `$`; a `$` inside a word (`a$b`) belongs to
// the word, so `x$$` is not a dollar quote. A backslash outside strings is a
// one-character kPunct (the splitter rejects psql meta-commands with it).
class Lexer {
 public:
  /// Lexes `sql`, whose first line is line `first_line` of `path`. Errors
  /// point at `path:line`, or say "line N:" when `path` is empty.
  /// REQUIRES: `sql` outlives the Lexer.
  Lexer(std::string_view sql, const SplitterOptions& options, int first_line = 1,
        std::string path = {});

  /// Scans the next token into `*span`. Returns false at the end of the
  /// input or on an error; status() tells which.
  bool Next(TokenSpan* span);

  /// OK, or the error that stopped Next().
  const base::Status& status() const { return status_; }

  /// The text of a token this lexer returned: for strings and quoted
  /// identifiers the content with quotes removed and escapes resolved, else
  /// the token as written.
  std::string Text(const TokenSpan& span) const;

  /// The token as written, quotes included.
  std::string_view Raw(const TokenSpan& span) const {
    return sql_.substr(span.offset, span.length);
  }

 private:
  bool Fail(std::string message, std::size_t start, int line);
  bool LexQuoted(char close, bool doubled_close_escapes, bool backslash_escapes,
                 Token::Kind kind, std::size_t start, std::size_t body, TokenSpan* span);
  bool LexBlockComment();
  bool LexDollar(TokenSpan* span);
  void LexOperator(TokenSpan* span);
  void Emit(Token::Kind kind, std::size_t start, TokenSpan* span);

  std::string_view sql_;
  SplitterOptions options_;
  std::string path_;
  std::size_t pos_ = 0;
  int line_ = 1;
  base::Status status_;
};

/// The line of `sql` that holds byte `offset`, without its line break
/// (shortened past 200 bytes), for the context lines of error messages.
std::string SourceLineAt(std::string_view sql, std::size_t offset);

/// Tokenizes all of `sql` (comments and whitespace dropped). Returns the
/// tokens, or the first lexing error at `path:line` of its start.
base::Result<std::vector<Token>> Tokenize(std::string_view sql, const SplitterOptions& options,
                                          int first_line = 1, const std::string& path = {});

/// The names `statements` may refer to: every unquoted word, ASCII
/// lower-cased, and every quoted identifier as written. Statements that do
/// not lex add nothing. For deciding which objects a verify section reads.
std::set<std::string> NamesIn(const std::vector<Statement>& statements, const SplitterOptions& options);

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_SQL_LEXER_H_
