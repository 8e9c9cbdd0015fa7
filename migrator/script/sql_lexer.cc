#include "migrator/script/sql_lexer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "migrator/base/strings.h"

namespace migrate::script {

namespace {

// Character classes, one table lookup per character on the hot path.
enum : std::uint8_t {
  kSpace = 1 << 0,
  kIdStart = 1 << 1,  // may start a word or a dollar-quote tag
  kIdChar = 1 << 2,   // may continue a word (kIdStart, digits, '$')
  kTagChar = 1 << 3,  // may continue a dollar-quote tag (kIdChar without '$')
  kDigit = 1 << 4,
  kPgOp = 1 << 5,  // PostgreSQL operator character
  kHexDigit = 1 << 6,
};

constexpr std::array<std::uint8_t, 256> kClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (unsigned char c : {' ', '\t', '\r', '\n', '\f', '\v'}) t[c] |= kSpace;
  for (int c = 0; c < 256; ++c) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    const bool digit = c >= '0' && c <= '9';
    if (letter) t[c] |= kIdStart | kIdChar | kTagChar;
    if (digit) t[c] |= kIdChar | kTagChar | kDigit | kHexDigit;
    if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) t[c] |= kHexDigit;
  }
  t['$'] |= kIdChar;
  for (unsigned char c : std::string_view("+-*/<>=~!@#%^&|`?")) t[c] |= kPgOp;
  return t;
}();

inline bool Is(char c, std::uint8_t cls) {
  return (kClass[static_cast<unsigned char>(c)] & cls) != 0;
}

}  // namespace

std::string SourceLineAt(std::string_view sql, std::size_t offset) {
  // rfind() gives npos when there is no earlier newline, and npos + 1 == 0.
  const std::size_t begin = offset == 0 ? 0 : sql.rfind('\n', offset - 1) + 1;
  std::size_t end = sql.find('\n', offset);
  if (end == std::string_view::npos) end = sql.size();
  std::string_view line = sql.substr(begin, end - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  constexpr std::size_t kMaxContext = 200;
  if (line.size() > kMaxContext) {
    std::size_t cut = kMaxContext;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    return std::string(line.substr(0, cut)) + "...";
  }
  return std::string(line);
}

namespace {

void AppendUtf8(std::uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}

// `body` with each doubled `quote` collapsed to one.
std::string Undouble(std::string_view body, char quote) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    out.push_back(body[i]);
    if (body[i] == quote && i + 1 < body.size() && body[i + 1] == quote) ++i;
  }
  return out;
}

// The content of an E'...' string: PostgreSQL's backslash escapes resolved
// (\b \f \n \r \t, octal \ooo, hex \xhh, \uXXXX, \UXXXXXXXX; any other
// character stands for itself) and '' collapsed.
std::string Unescape(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
      out.push_back('\'');
      ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= body.size()) {
      out.push_back(c);
      continue;
    }
    c = body[++i];
    switch (c) {
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'x': {
        int value = 0, digits = 0;
        while (digits < 2 && i + 1 < body.size() && Is(body[i + 1], kHexDigit)) {
          value = value * 16 + HexValue(body[++i]);
          ++digits;
        }
        if (digits == 0)
          out.push_back('x');
        else
          out.push_back(static_cast<char>(value));
        break;
      }
      case 'u':
      case 'U': {
        const int want = c == 'u' ? 4 : 8;
        int digits = 0;
        while (digits < want && i + 1 + digits < body.size() && Is(body[i + 1 + digits], kHexDigit))
          ++digits;
        if (digits != want) {
          out.push_back(c);
          break;
        }
        std::uint32_t cp = 0;
        for (int k = 0; k < want; ++k)
          cp = cp * 16 + static_cast<std::uint32_t>(HexValue(body[++i]));
        AppendUtf8(cp, &out);
        break;
      }
      default:
        if (c >= '0' && c <= '7') {
          int value = c - '0', digits = 1;
          while (digits < 3 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7') {
            value = value * 8 + (body[++i] - '0');
            ++digits;
          }
          out.push_back(static_cast<char>(value));
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

}  // namespace

Lexer::Lexer(std::string_view sql, const SplitterOptions& options, int first_line, std::string path)
    : sql_(sql), options_(options), path_(std::move(path)), line_(first_line) {
  // A UTF-8 byte order mark is not part of the SQL.
  if (sql_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool Lexer::Fail(std::string message, std::size_t start, int line) {
  if (path_.empty()) {
    status_ = base::Status::InvalidInput("line " + std::to_string(line) + ": " + message);
  } else {
    status_ = base::Status::InvalidInput(std::move(message), base::Location{path_, line});
  }
  status_ = std::move(status_).WithContext(SourceLineAt(sql_, start));
  pos_ = sql_.size();
  return false;
}

void Lexer::Emit(Token::Kind kind, std::size_t start, TokenSpan* span) {
  span->kind = kind;
  span->offset = start;
  span->length = pos_ - start;
}

bool Lexer::Next(TokenSpan* span) {
  const char* s = sql_.data();
  const std::size_t n = sql_.size();
  while (pos_ < n) {
    const char c = s[pos_];
    if (Is(c, kSpace)) {
      if (c == '\n') ++line_;
      ++pos_;
      continue;
    }
    const std::size_t start = pos_;
    const char next = pos_ + 1 < n ? s[pos_ + 1] : '\0';
    span->line = line_;
    switch (c) {
      case '-':
        if (next == '-') {
          std::size_t eol = sql_.find('\n', pos_ + 2);
          pos_ = eol == std::string_view::npos ? n : eol;
          continue;
        }
        break;
      case '/':
        if (next == '*') {
          if (!LexBlockComment()) return false;
          continue;
        }
        break;
      case '\'':
        return LexQuoted('\'', true, false, Token::Kind::kString, start, start + 1, span);
      case '"':
        return LexQuoted('"', true, false, Token::Kind::kQuotedIdentifier, start, start + 1, span);
      case '[':
        if (options_.square_brackets) {
          return LexQuoted(']', false, false, Token::Kind::kQuotedIdentifier, start, start + 1,
                           span);
        }
        break;
      case '`':
        if (options_.square_brackets) {
          return LexQuoted('`', true, false, Token::Kind::kQuotedIdentifier, start, start + 1,
                           span);
        }
        break;
      case 'e':
      case 'E':
        if (options_.escape_strings && next == '\'') {
          return LexQuoted('\'', true, true, Token::Kind::kString, start, start + 2, span);
        }
        break;
      case '$':
        return LexDollar(span);
      case ':':
        if (next == ':' || next == '=') {
          pos_ += 2;
          Emit(Token::Kind::kPunct, start, span);
          return true;
        }
        [[fallthrough]];
      case '@':
        if (options_.square_brackets && Is(next, kIdChar)) {
          ++pos_;
          while (pos_ < n && Is(s[pos_], kIdChar)) ++pos_;
          Emit(Token::Kind::kParameter, start, span);
          return true;
        }
        break;
      case '?':
        if (options_.square_brackets) {
          ++pos_;
          while (pos_ < n && Is(s[pos_], kDigit)) ++pos_;
          Emit(Token::Kind::kParameter, start, span);
          return true;
        }
        break;
      case '.':
        if (!Is(next, kDigit)) break;
        [[fallthrough]];
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9': {
        if (c == '0' && (next == 'x' || next == 'X') && pos_ + 2 < n &&
            Is(s[pos_ + 2], kHexDigit)) {
          pos_ += 2;
          while (pos_ < n && (Is(s[pos_], kHexDigit) || s[pos_] == '_')) ++pos_;
        } else {
          while (pos_ < n && (Is(s[pos_], kDigit) || s[pos_] == '_')) ++pos_;
          if (pos_ < n && s[pos_] == '.') {
            ++pos_;
            while (pos_ < n && (Is(s[pos_], kDigit) || s[pos_] == '_')) ++pos_;
          }
          if (pos_ < n && (s[pos_] == 'e' || s[pos_] == 'E')) {
            std::size_t exp = pos_ + 1;
            if (exp < n && (s[exp] == '+' || s[exp] == '-')) ++exp;
            if (exp < n && Is(s[exp], kDigit)) {
              pos_ = exp;
              while (pos_ < n && Is(s[pos_], kDigit)) ++pos_;
            }
          }
        }
        Emit(Token::Kind::kNumber, start, span);
        return true;
      }
      default:
        break;
    }
    if (Is(c, kIdStart)) {
      ++pos_;
      while (pos_ < n && Is(s[pos_], kIdChar)) ++pos_;
      Emit(Token::Kind::kWord, start, span);
      return true;
    }
    if (Is(c, kPgOp)) {
      LexOperator(span);
      return true;
    }
    ++pos_;
    Emit(Token::Kind::kPunct, start, span);
    return true;
  }
  return false;
}

bool Lexer::LexQuoted(char close, bool doubled_close_escapes, bool backslash_escapes,
                      Token::Kind kind, std::size_t start, std::size_t body, TokenSpan* span) {
  const char* s = sql_.data();
  const std::size_t n = sql_.size();
  const int start_line = line_;
  for (std::size_t i = body; i < n; ++i) {
    const char c = s[i];
    if (c == close) {
      if (doubled_close_escapes && i + 1 < n && s[i + 1] == close) {
        ++i;
        continue;
      }
      pos_ = i + 1;
      Emit(kind, start, span);
      return true;
    }
    if (c == '\n') {
      ++line_;
    } else if (c == '\\' && backslash_escapes && i + 1 < n) {
      if (s[++i] == '\n') ++line_;
    }
  }
  const std::string opener(sql_.substr(start, body - start));
  std::string message;
  if (kind == Token::Kind::kString) {
    message = "unterminated string literal: the " + opener + " here is never closed";
    if (backslash_escapes) message += " (in E'...' strings a backslash escapes the next character)";
  } else {
    message = "unterminated quoted identifier: the " + opener + " here is never closed";
  }
  return Fail(std::move(message), start, start_line);
}

bool Lexer::LexBlockComment() {
  const char* s = sql_.data();
  const std::size_t n = sql_.size();
  const std::size_t start = pos_;
  const int start_line = line_;
  int depth = 1;
  bool nested = false;
  std::size_t i = pos_ + 2;
  while (i < n) {
    const char c = s[i];
    if (c == '*' && i + 1 < n && s[i + 1] == '/') {
      i += 2;
      if (--depth == 0) {
        pos_ = i;
        return true;
      }
    } else if (c == '/' && options_.nested_comments && i + 1 < n && s[i + 1] == '*') {
      i += 2;
      ++depth;
      nested = true;
    } else {
      if (c == '\n') ++line_;
      ++i;
    }
  }
  std::string message = "unterminated comment: the /* here is never closed";
  if (nested) {
    message += " (comments nest in PostgreSQL: each /* inside it needs its own */)";
  }
  return Fail(std::move(message), start, start_line);
}

bool Lexer::LexDollar(TokenSpan* span) {
  const char* s = sql_.data();
  const std::size_t n = sql_.size();
  const std::size_t start = pos_;
  const char next = pos_ + 1 < n ? s[pos_ + 1] : '\0';
  if (Is(next, kDigit)) {
    ++pos_;
    while (pos_ < n && Is(s[pos_], kDigit)) ++pos_;
    Emit(Token::Kind::kParameter, start, span);
    return true;
  }
  if (options_.dollar_quotes) {
    std::size_t tag_end = pos_ + 1;  // index of the tag's closing '$'
    if (Is(next, kIdStart)) {
      while (tag_end < n && Is(s[tag_end], kTagChar)) ++tag_end;
    }
    if (tag_end < n && s[tag_end] == '$') {
      const std::string_view tag = sql_.substr(start, tag_end + 1 - start);
      const std::size_t close = sql_.find(tag, tag_end + 1);
      if (close == std::string_view::npos) {
        const std::string t(tag);
        return Fail(
            "unterminated dollar-quoted string: no closing " + t + " for the " + t + " here", start,
            line_);
      }
      pos_ = close + tag.size();
      line_ += static_cast<int>(std::count(s + start, s + pos_, '\n'));
      Emit(Token::Kind::kString, start, span);
      return true;
    }
  }
  ++pos_;
  if (options_.square_brackets) {
    while (pos_ < n && Is(s[pos_], kIdChar)) ++pos_;
    if (pos_ > start + 1) {
      Emit(Token::Kind::kParameter, start, span);
      return true;
    }
  }
  Emit(Token::Kind::kPunct, start, span);
  return true;
}

void Lexer::LexOperator(TokenSpan* span) {
  const char* s = sql_.data();
  const std::size_t n = sql_.size();
  const std::size_t start = pos_;
  if (options_.square_brackets) {
    // SQLite's operators are a fixed set; every other character stands alone.
    const std::string_view rest = sql_.substr(pos_, 3);
    if (rest == "->>") {
      pos_ += 3;
    } else {
      static constexpr std::string_view kTwo[] = {
          "||", "<=", ">=", "==", "!=", "<>", "<<", ">>", "->"};
      const std::string_view two = rest.substr(0, 2);
      pos_ += std::find(std::begin(kTwo), std::end(kTwo), two) != std::end(kTwo) ? 2 : 1;
    }
    Emit(Token::Kind::kPunct, start, span);
    return;
  }
  // PostgreSQL: the longest run of operator characters that does not run into
  // a comment; a multi-character operator ends in + or - only if it also
  // holds one of ~ ! @ # % ^ & | ` ? (so `a=-1` is `=` then `-`).
  std::size_t end = pos_ + 1;
  while (end < n && Is(s[end], kPgOp)) {
    if ((s[end] == '-' && end + 1 < n && s[end + 1] == '-') ||
        (s[end] == '/' && end + 1 < n && s[end + 1] == '*')) {
      break;
    }
    ++end;
  }
  if (end - start > 1) {
    const std::string_view op = sql_.substr(start, end - start);
    if (op.find_first_of("~!@#%^&|`?") == std::string_view::npos) {
      while (end - start > 1 && (s[end - 1] == '+' || s[end - 1] == '-')) --end;
    }
  }
  pos_ = end;
  Emit(Token::Kind::kPunct, start, span);
}

std::string Lexer::Text(const TokenSpan& span) const {
  const std::string_view raw = Raw(span);
  switch (span.kind) {
    case Token::Kind::kString:
      if (raw.front() == '\'') return Undouble(raw.substr(1, raw.size() - 2), '\'');
      if (raw.front() == '$') {
        const std::size_t tag = raw.find('$', 1) + 1;  // length of "$tag$"
        return std::string(raw.substr(tag, raw.size() - 2 * tag));
      }
      return Unescape(raw.substr(2, raw.size() - 3));  // E'...'
    case Token::Kind::kQuotedIdentifier:
      if (raw.front() == '[') return std::string(raw.substr(1, raw.size() - 2));
      return Undouble(raw.substr(1, raw.size() - 2), raw.front());
    default:
      return std::string(raw);
  }
}

base::Result<std::vector<Token>> Tokenize(std::string_view sql, const SplitterOptions& options,
                                          int first_line, const std::string& path) {
  Lexer lexer(sql, options, first_line, path);
  std::vector<Token> tokens;
  TokenSpan span;
  while (lexer.Next(&span)) {
    tokens.push_back(Token{span.kind, lexer.Text(span), span.line, span.offset});
  }
  if (!lexer.status().ok()) return lexer.status();
  return tokens;
}

std::set<std::string> NamesIn(const std::vector<Statement>& statements, const SplitterOptions& options) {
  std::set<std::string> names;
  for (const Statement& statement : statements) {
    auto tokens = Tokenize(statement.text, options, statement.line);
    if (!tokens) continue;
    for (const Token& t : *tokens) {
      if (t.kind == Token::Kind::kWord) names.insert(base::AsciiLower(t.text));
      if (t.kind == Token::Kind::kQuotedIdentifier) names.insert(t.text);
    }
  }
  return names;
}

}  // namespace migrate::script
