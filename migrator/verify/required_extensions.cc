#include "migrator/verify/required_extensions.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "migrator/base/strings.h"
#include "migrator/script/sql_lexer.h"

namespace migrate::verify {

namespace {

using script::Token;

// Where a word must stand to count as evidence (see the header).
enum class Position { kOpclass, kCall, kType, kModule };

struct Rule {
  std::string_view word;  // lower case
  Position position;
  std::string_view extension;
  std::string_view also;  // an extension this one depends on, or ""
};

constexpr Rule kPostgresqlRules[] = {
    {"gin_trgm_ops", Position::kOpclass, "pg_trgm", ""},
    {"gist_trgm_ops", Position::kOpclass, "pg_trgm", ""},
    {"similarity", Position::kCall, "pg_trgm", ""},
    {"word_similarity", Position::kCall, "pg_trgm", ""},
    {"strict_word_similarity", Position::kCall, "pg_trgm", ""},
    {"show_trgm", Position::kCall, "pg_trgm", ""},
    {"uuid_generate_v1", Position::kCall, "uuid-ossp", ""},
    {"uuid_generate_v1mc", Position::kCall, "uuid-ossp", ""},
    {"uuid_generate_v3", Position::kCall, "uuid-ossp", ""},
    {"uuid_generate_v4", Position::kCall, "uuid-ossp", ""},
    {"uuid_generate_v5", Position::kCall, "uuid-ossp", ""},
    {"crypt", Position::kCall, "pgcrypto", ""},
    {"gen_salt", Position::kCall, "pgcrypto", ""},
    {"gen_random_bytes", Position::kCall, "pgcrypto", ""},
    {"digest", Position::kCall, "pgcrypto", ""},
    {"hmac", Position::kCall, "pgcrypto", ""},
    {"pgp_sym_encrypt", Position::kCall, "pgcrypto", ""},
    {"pgp_sym_decrypt", Position::kCall, "pgcrypto", ""},
    {"pgp_pub_encrypt", Position::kCall, "pgcrypto", ""},
    {"pgp_pub_decrypt", Position::kCall, "pgcrypto", ""},
    {"armor", Position::kCall, "pgcrypto", ""},
    {"dearmor", Position::kCall, "pgcrypto", ""},
    {"citext", Position::kType, "citext", ""},
    {"hstore", Position::kType, "hstore", ""},
    {"ltree", Position::kType, "ltree", ""},
    {"lquery", Position::kType, "ltree", ""},
    {"vector", Position::kType, "vector", ""},
    {"halfvec", Position::kType, "vector", ""},
    {"sparsevec", Position::kType, "vector", ""},
    {"geometry", Position::kType, "postgis", ""},
    {"geography", Position::kType, "postgis", ""},
    {"cube", Position::kType, "cube", ""},
    {"earth_distance", Position::kCall, "earthdistance", "cube"},
    {"ll_to_earth", Position::kCall, "earthdistance", "cube"},
    {"earth_box", Position::kCall, "earthdistance", "cube"},
    {"gist_int2_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_int4_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_int8_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_float4_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_float8_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_numeric_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_text_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_bpchar_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_bytea_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_date_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_time_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_timetz_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_timestamp_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_timestamptz_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_interval_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_oid_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_macaddr_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_inet_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_cidr_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_uuid_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_bool_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_enum_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_bit_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_vbit_ops", Position::kOpclass, "btree_gist", ""},
    {"gist_cash_ops", Position::kOpclass, "btree_gist", ""},
    {"unaccent", Position::kCall, "unaccent", ""},
    {"levenshtein", Position::kCall, "fuzzystrmatch", ""},
    {"soundex", Position::kCall, "fuzzystrmatch", ""},
    {"metaphone", Position::kCall, "fuzzystrmatch", ""},
    {"dmetaphone", Position::kCall, "fuzzystrmatch", ""},
};

constexpr Rule kSqliteRules[] = {
    {"fts5", Position::kModule, "fts5", ""},
    {"rtree", Position::kModule, "rtree", ""},
    {"rtree_i32", Position::kModule, "rtree", ""},
    {"json", Position::kCall, "json1", ""},
    {"json_extract", Position::kCall, "json1", ""},
    {"json_each", Position::kCall, "json1", ""},
    {"json_tree", Position::kCall, "json1", ""},
    {"json_array", Position::kCall, "json1", ""},
    {"json_object", Position::kCall, "json1", ""},
    {"json_set", Position::kCall, "json1", ""},
    {"json_insert", Position::kCall, "json1", ""},
    {"json_replace", Position::kCall, "json1", ""},
    {"json_remove", Position::kCall, "json1", ""},
    {"json_patch", Position::kCall, "json1", ""},
    {"json_type", Position::kCall, "json1", ""},
    {"json_valid", Position::kCall, "json1", ""},
    {"json_quote", Position::kCall, "json1", ""},
    {"json_array_length", Position::kCall, "json1", ""},
    {"json_group_array", Position::kCall, "json1", ""},
    {"json_group_object", Position::kCall, "json1", ""},
    {"acos", Position::kCall, "math", ""},
    {"acosh", Position::kCall, "math", ""},
    {"asin", Position::kCall, "math", ""},
    {"asinh", Position::kCall, "math", ""},
    {"atan", Position::kCall, "math", ""},
    {"atan2", Position::kCall, "math", ""},
    {"atanh", Position::kCall, "math", ""},
    {"ceil", Position::kCall, "math", ""},
    {"ceiling", Position::kCall, "math", ""},
    {"cos", Position::kCall, "math", ""},
    {"cosh", Position::kCall, "math", ""},
    {"degrees", Position::kCall, "math", ""},
    {"exp", Position::kCall, "math", ""},
    {"floor", Position::kCall, "math", ""},
    {"ln", Position::kCall, "math", ""},
    {"log", Position::kCall, "math", ""},
    {"log10", Position::kCall, "math", ""},
    {"log2", Position::kCall, "math", ""},
    {"mod", Position::kCall, "math", ""},
    {"pi", Position::kCall, "math", ""},
    {"pow", Position::kCall, "math", ""},
    {"power", Position::kCall, "math", ""},
    {"radians", Position::kCall, "math", ""},
    {"sin", Position::kCall, "math", ""},
    {"sinh", Position::kCall, "math", ""},
    {"sqrt", Position::kCall, "math", ""},
    {"tan", Position::kCall, "math", ""},
    {"tanh", Position::kCall, "math", ""},
    {"trunc", Position::kCall, "math", ""},
};

bool IsWord(const Token& t, std::string_view lower) {
  return t.kind == Token::Kind::kWord && base::AsciiLower(t.text) == lower;
}

bool IsName(const Token& t) {
  return t.kind == Token::Kind::kWord || t.kind == Token::Kind::kQuotedIdentifier;
}

bool IsPunct(const Token& t, std::string_view punct) {
  return t.kind == Token::Kind::kPunct && t.text == punct;
}

// Reads the evidence in one statement's tokens.
class Evidence {
 public:
  explicit Evidence(const std::vector<Token>& tokens) : t_(tokens) {}

  /// Whether token `i` stands where `position` requires.
  bool At(std::size_t i, Position position) const {
    switch (position) {
      case Position::kOpclass:
        return true;
      case Position::kCall:
        return i + 1 < t_.size() && IsPunct(t_[i + 1], "(") && !IsNamedHere(NameStart(i));
      case Position::kType:
        return IsTypePosition(NameStart(i));
      case Position::kModule:
        return i > 0 && IsWord(t_[i - 1], "using");
    }
    return false;
  }

 private:
  // Where the possibly schema-qualified name ending at token `i` starts.
  std::size_t NameStart(std::size_t i) const {
    while (i >= 2 && IsPunct(t_[i - 1], ".") && IsName(t_[i - 2])) i -= 2;
    return i;
  }

  // A name followed by `(` that is being defined or referred to as a table,
  // index, function or CTE rather than called.
  bool IsNamedHere(std::size_t start) const {
    if (start == 0) return false;
    for (std::string_view keyword :
         {"table", "into", "references", "on", "only", "function", "procedure", "aggregate",
          "routine", "exists", "index", "view", "type", "trigger", "domain", "with", "recursive"}) {
      if (IsWord(t_[start - 1], keyword)) return true;
    }
    return false;
  }

  bool IsTypePosition(std::size_t start) const {
    if (start == 0) return false;
    const Token& prev = t_[start - 1];
    if (IsPunct(prev, "::") || IsWord(prev, "type") || IsWord(prev, "returns")) return true;
    // `(name type`, `, name type`, `ADD [COLUMN] name type`.
    if (start < 2 || !IsName(prev)) return false;
    const Token& before = t_[start - 2];
    return IsPunct(before, "(") || IsPunct(before, ",") || IsWord(before, "add") ||
           IsWord(before, "column");
  }

  const std::vector<Token>& t_;
};

class Collector {
 public:
  explicit Collector(std::vector<RequiredExtension>* out) : out_(out) {}

  /// Records evidence that `name` is needed; the first evidence is kept,
  /// and `creates` sticks once any statement creates the extension.
  void Add(std::string_view name, base::Location where, std::string reason, bool creates = false) {
    auto it = std::find_if(out_->begin(), out_->end(),
                           [&](const RequiredExtension& e) { return e.name == name; });
    if (it != out_->end()) {
      it->created_here = it->created_here || creates;
      return;
    }
    out_->push_back(
        RequiredExtension{std::string(name), std::move(where), std::move(reason), creates});
  }

 private:
  std::vector<RequiredExtension>* out_;
};

std::string Reason(const Rule& rule, const std::string& word) {
  switch (rule.position) {
    case Position::kOpclass:
      return "uses " + word;
    case Position::kCall:
      return "calls " + word + "()";
    case Position::kType:
      return "uses type " + word;
    case Position::kModule:
      return "creates a " + word + " virtual table";
  }
  return "uses " + word;
}

// CREATE EXTENSION [IF NOT EXISTS] name, at the start of a statement.
void CreateExtension(const std::vector<Token>& t, const std::string& path, Collector& out) {
  if (t.size() < 3 || !IsWord(t[0], "create") || !IsWord(t[1], "extension")) return;
  std::size_t i = 2;
  if (t.size() > 5 && IsWord(t[2], "if") && IsWord(t[3], "not") && IsWord(t[4], "exists")) i = 5;
  if (i >= t.size() || !IsName(t[i])) return;
  // PostgreSQL folds an unquoted name to lower case.
  const std::string name = t[i].kind == Token::Kind::kWord ? base::AsciiLower(t[i].text) : t[i].text;
  out.Add(name, base::Location{path, t[0].line}, "runs CREATE EXTENSION " + name,
          /*creates=*/true);
}

}  // namespace

std::vector<RequiredExtension> RequiredExtensions(const std::vector<script::Statement>& statements,
                                                  const std::vector<std::string>& declared,
                                                  const script::SplitterOptions& options,
                                                  const std::string& path) {
  std::vector<RequiredExtension> required;
  Collector out(&required);
  for (const std::string& name : declared) {
    out.Add(name, base::Location{path, 0}, "declared in the header");
  }
  const bool sqlite = options.square_brackets;
  const Rule* rules_begin = sqlite ? std::begin(kSqliteRules) : std::begin(kPostgresqlRules);
  const Rule* rules_end = sqlite ? std::end(kSqliteRules) : std::end(kPostgresqlRules);

  for (const script::Statement& statement : statements) {
    base::Result<std::vector<Token>> tokens =
        script::Tokenize(statement.text, options, statement.line, path);
    if (!tokens) continue;
    const std::vector<Token>& t = *tokens;
    if (!sqlite) CreateExtension(t, path, out);
    const Evidence evidence(t);
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (sqlite && t[i].kind == Token::Kind::kPunct && (t[i].text == "->" || t[i].text == "->>")) {
        out.Add("json1", base::Location{path, t[i].line}, "uses the " + t[i].text + " operator");
        continue;
      }
      if (t[i].kind != Token::Kind::kWord) continue;
      const std::string word = base::AsciiLower(t[i].text);
      const Rule* rule =
          std::find_if(rules_begin, rules_end, [&](const Rule& r) { return r.word == word; });
      if (rule == rules_end || !evidence.At(i, rule->position)) continue;
      const base::Location where{path, t[i].line};
      out.Add(rule->extension, where, Reason(*rule, word));
      if (!rule->also.empty()) {
        out.Add(rule->also, where, "needed by " + std::string(rule->extension));
      }
    }
  }
  return required;
}

}  // namespace migrate::verify
