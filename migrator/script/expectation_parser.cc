#include "migrator/script/expectation_parser.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "migrator/base/numbers.h"
#include "migrator/base/spelling.h"
#include "migrator/base/strings.h"

namespace migrate::script {

namespace {

using base::Location;
using base::Result;
using base::Status;

struct Token {
  enum class Type { kEnd, kWord, kQuoted, kNumber, kDot, kLParen, kRParen, kComma, kOp, kOther };
  Type type = Type::kEnd;
  std::string value;      // the identifier (quotes removed, "" collapsed) or the raw text
  std::size_t begin = 0;  // offsets into the trimmed text
  std::size_t end = 0;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHigh(char c) { return static_cast<unsigned char>(c) >= 0x80; }  // part of a UTF-8 letter
bool IsWordStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || IsHigh(c);
}
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c) || c == '$'; }
bool IsOpChar(char c) { return c == '<' || c == '>' || c == '=' || c == '!'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

constexpr std::array<std::string_view, 7> kFormWords = {"table", "column", "index", "view",
                                                        "extension", "rows", "no"};

// Recursive descent over the tokens of one `expect:` value. Every error
// quotes what was read so far ("after 'rows t'"), which pinpoints the
// problem on a one-line input better than a column number would.
class Parser {
 public:
  Parser(std::string_view text, Location where) : text_(Trim(text)), where_(std::move(where)) {}

  Result<Postcondition> Parse() {
    if (text_.empty()) return FormError("empty expect: line");
    Status lexed = Tokenize();
    if (!lexed.ok()) return lexed;

    Postcondition p;
    p.origin = where_;
    p.source = std::string(text_);
    const Token& first = Next();
    if (first.type != Token::Type::kWord) {
      return FormError("unknown expect: form '" + Raw(first) + "'");
    }
    std::string word = base::AsciiLower(first.value);
    if (word == "no") {
      p.kind = Postcondition::Kind::kAbsent;
      const Token& second = Next();
      word = second.type == Token::Type::kWord ? base::AsciiLower(second.value) : "";
      if (word != "table" && word != "column" && word != "index" && word != "view") {
        return FormError("expected table, column, index or view after 'no'" + Found(second));
      }
    }
    if (word == "table") return ParseTable(std::move(p));
    if (word == "column") return ParseColumn(std::move(p));
    if (word == "index") return ParseObject(std::move(p), ObjectKind::kIndex);
    if (word == "view") return ParseObject(std::move(p), ObjectKind::kView);
    if (word == "extension") return ParseExtension(std::move(p));
    if (word == "rows") return ParseRows(std::move(p));
    return FormError("unknown expect: form '" + first.value + "'" +
                     base::DidYouMean(first.value, kFormWords));
  }

 private:
  Status Tokenize() {
    std::size_t pos = 0;
    while (true) {
      while (pos < text_.size() && IsSpace(text_[pos])) ++pos;
      Token t;
      t.begin = pos;
      if (pos == text_.size()) {
        t.end = pos;
        tokens_.push_back(std::move(t));
        return Status::OK();
      }
      const char c = text_[pos];
      if (c == '"') {
        ++pos;
        bool closed = false;
        while (pos < text_.size()) {
          if (text_[pos] == '"') {
            if (pos + 1 < text_.size() && text_[pos + 1] == '"') {
              t.value += '"';
              pos += 2;
              continue;
            }
            ++pos;
            closed = true;
            break;
          }
          t.value += text_[pos++];
        }
        if (!closed) {
          return Error("missing closing '\"' in '" + std::string(text_.substr(t.begin)) + "'");
        }
        if (t.value.empty()) return Error("empty quoted name '\"\"'");
        t.type = Token::Type::kQuoted;
      } else if (IsWordChar(c)) {
        // Digits and letters lex together so `1abc` is reported whole.
        while (pos < text_.size() && IsWordChar(text_[pos])) ++pos;
        t.value = std::string(text_.substr(t.begin, pos - t.begin));
        bool all_digits = true;
        for (char d : t.value) all_digits = all_digits && IsDigit(d);
        t.type = all_digits ? Token::Type::kNumber
                            : (IsWordStart(c) ? Token::Type::kWord : Token::Type::kOther);
      } else if (IsOpChar(c)) {
        while (pos < text_.size() && IsOpChar(text_[pos])) ++pos;
        t.value = std::string(text_.substr(t.begin, pos - t.begin));
        t.type = Token::Type::kOp;
      } else {
        ++pos;
        t.value = std::string(1, c);
        t.type = c == '.'   ? Token::Type::kDot
                 : c == '(' ? Token::Type::kLParen
                 : c == ')' ? Token::Type::kRParen
                 : c == ',' ? Token::Type::kComma
                            : Token::Type::kOther;
      }
      t.end = pos;
      tokens_.push_back(std::move(t));
    }
  }

  const Token& Peek() const { return tokens_[next_]; }
  /// The token after Peek() (the end token at the end).
  const Token& PeekAfter() const { return tokens_[std::min(next_ + 1, tokens_.size() - 1)]; }
  static bool IsWord(const Token& t, std::string_view word) {
    return t.type == Token::Type::kWord && base::AsciiLower(t.value) == word;
  }
  const Token& Next() {
    const Token& t = tokens_[next_];
    if (t.type != Token::Type::kEnd) ++next_;
    return t;
  }

  std::string Raw(const Token& t) const { return std::string(text_.substr(t.begin, t.end - t.begin)); }
  // "after 'rows t'": the input up to (not including) token `t`.
  std::string After(const Token& t) const {
    return "after '" + std::string(Trim(text_.substr(0, t.begin))) + "'";
  }
  std::string Found(const Token& t) const {
    return t.type == Token::Type::kEnd ? "" : ", found '" + Raw(t) + "'";
  }

  Status Error(std::string message) const { return Status::InvalidInput(std::move(message), where_); }
  Status FormError(std::string message) const {
    return Error(std::move(message)).WithContext("accepted forms: " + std::string(kExpectationForms));
  }

  Status ExpectEnd() const {
    const Token& t = Peek();
    if (t.type == Token::Type::kEnd) return Status::OK();
    return Error("unexpected '" + Raw(t) + "' " + After(t));
  }

  static bool IsName(const Token& t) {
    return t.type == Token::Type::kWord || t.type == Token::Type::kQuoted;
  }

  // NAME(.NAME)*: the dotted parts of a name, each one checked.
  Result<std::vector<Identifier>> ParseDottedName() {
    std::vector<Identifier> parts;
    while (true) {
      const Token& t = Peek();
      if (!IsName(t)) return Error("expected a name " + After(t) + Found(t));
      Next();
      parts.push_back(Identifier{t.value, t.type == Token::Type::kQuoted});
      if (Peek().type != Token::Type::kDot) return parts;
      Next();
    }
  }

  // NAME or SCHEMA.NAME.
  Result<ObjectName> ParseObjectName() {
    const std::size_t begin = Peek().begin;
    MIGRATE_ASSIGN_OR_RETURN(std::vector<Identifier> parts, ParseDottedName());
    if (parts.size() > 2) {
      return Error("'" + Spelled(begin) + "' has too many parts; write NAME or SCHEMA.NAME");
    }
    ObjectName name;
    if (parts.size() == 2) name.schema = std::move(parts[0]);
    name.name = std::move(parts.back());
    return name;
  }

  // The name just parsed, as written: from `begin` to the last token read.
  std::string Spelled(std::size_t begin) const {
    return std::string(text_.substr(begin, tokens_[next_ - 1].end - begin));
  }

  Result<Postcondition> ParseTable(Postcondition p) {
    p.object_kind = ObjectKind::kTable;
    MIGRATE_ASSIGN_OR_RETURN(p.object, ParseObjectName());
    if (p.kind == Postcondition::Kind::kExists && Peek().type == Token::Type::kLParen) {
      const Token& open = Next();
      if (Peek().type == Token::Type::kRParen) {
        const std::string table = std::string(Trim(text_.substr(0, open.begin)));
        return Error("empty column list; write '" + table +
                     "' to check only that the table exists");
      }
      while (true) {
        const Token& column = Peek();
        if (!IsName(column)) return Error("expected a column name " + After(column) + Found(column));
        Next();
        p.columns.push_back(Identifier{column.value, column.type == Token::Type::kQuoted});
        const Token& sep = Peek();
        if (sep.type == Token::Type::kRParen) {
          Next();
          break;
        }
        if (sep.type != Token::Type::kComma) {
          return Error("expected ',' or ')' " + After(sep) + Found(sep));
        }
        Next();
      }
    }
    MIGRATE_TRY(ExpectEnd());
    return p;
  }

  Result<Postcondition> ParseColumn(Postcondition p) {
    p.object_kind = ObjectKind::kColumn;
    const Token& start = Peek();
    MIGRATE_ASSIGN_OR_RETURN(std::vector<Identifier> parts, ParseDottedName());
    if (parts.size() < 2) {
      return Error("expected TABLE.COL " + After(start) + ", e.g. 'column services.price'");
    }
    if (parts.size() > 3) {
      return Error("'" + Spelled(start.begin) +
                   "' has too many parts; write TABLE.COL or SCHEMA.TABLE.COL");
    }
    p.column = std::move(parts.back());
    p.object.name = std::move(parts[parts.size() - 2]);
    if (parts.size() == 3) p.object.schema = std::move(parts[0]);
    MIGRATE_TRY(ExpectEnd());
    return p;
  }

  Result<Postcondition> ParseObject(Postcondition p, ObjectKind kind) {
    p.object_kind = kind;
    MIGRATE_ASSIGN_OR_RETURN(p.object, ParseObjectName());
    MIGRATE_TRY(ExpectEnd());
    return p;
  }

  // Extension names are not SQL identifiers (`uuid-ossp`), so the rest of
  // the line is taken as written rather than through the tokens.
  Result<Postcondition> ParseExtension(Postcondition p) {
    p.object_kind = ObjectKind::kExtension;
    const Token& t = Peek();
    if (t.type == Token::Type::kEnd) return Error("expected an extension name " + After(t));
    if (t.type == Token::Type::kQuoted) {
      Next();
      p.object.name = Identifier{t.value, true};
      MIGRATE_TRY(ExpectEnd());
      return p;
    }
    const std::string_view rest = text_.substr(t.begin);
    for (char c : rest) {
      if (!IsWordChar(c) && c != '-') {
        return Error("invalid extension name '" + std::string(rest) +
                     "'; use letters, digits, '_' and '-', or a quoted name");
      }
    }
    p.object.name = Identifier{std::string(rest), false};
    return p;
  }

  // `rows deleted from TABLE` (a declaration) or `rows TABLE OP N` (a count).
  // A table named `deleted` still counts: only `deleted from` declares.
  Result<Postcondition> ParseRows(Postcondition p) {
    p.object_kind = ObjectKind::kTable;
    if (IsWord(Peek(), "deleted") && IsWord(PeekAfter(), "from")) {
      Next();
      Next();
      p.kind = Postcondition::Kind::kRowsDeleted;
      MIGRATE_ASSIGN_OR_RETURN(p.object, ParseObjectName());
      MIGRATE_TRY(ExpectEnd());
      return p;
    }
    p.kind = Postcondition::Kind::kRowCount;
    MIGRATE_ASSIGN_OR_RETURN(p.object, ParseObjectName());
    const Token& op = Peek();
    if (op.type != Token::Type::kOp) {
      return Error("expected a comparison (=, >=, >, <=, <) " + After(op) + Found(op));
    }
    Next();
    static constexpr std::array<std::pair<std::string_view, Comparison>, 5> kOps = {{
        {"=", Comparison::kEq},
        {">=", Comparison::kGe},
        {">", Comparison::kGt},
        {"<=", Comparison::kLe},
        {"<", Comparison::kLt},
    }};
    std::optional<Comparison> comparison;
    for (const auto& [symbol, value] : kOps) {
      if (op.value == symbol) comparison = value;
    }
    if (!comparison) return Error("unsupported comparison '" + op.value + "'; use =, >=, >, <= or <");
    p.comparison = *comparison;
    const Token& n = Peek();
    if (n.type != Token::Type::kNumber) {
      return Error("expected a whole number " + After(n) + Found(n));
    }
    Next();
    auto count = base::ParseInteger(n.value, 0);
    if (!count) return Error("row count '" + n.value + "' is too large");
    p.row_count = *count;
    MIGRATE_TRY(ExpectEnd());
    return p;
  }

  std::string_view text_;
  Location where_;
  std::vector<Token> tokens_;
  std::size_t next_ = 0;
};

}  // namespace

Result<Postcondition> ParseExpectation(std::string_view text, Location where) {
  return Parser(text, std::move(where)).Parse();
}

}  // namespace migrate::script
