#include "migrator/verify/required_extensions.h"

#include <algorithm>
#include <string_view>

namespace migrate::verify {

namespace {

using Use = script::NameUse::Kind;

struct Rule {
  std::string_view word;  // lower case
  Use use;
  std::string_view extension;
  std::string_view also;  // an extension this one depends on, or ""
};

constexpr Rule kRules[] = {
    {"gin_trgm_ops", Use::kOperatorClass, "pg_trgm", ""},
    {"gist_trgm_ops", Use::kOperatorClass, "pg_trgm", ""},
    {"similarity", Use::kFunction, "pg_trgm", ""},
    {"word_similarity", Use::kFunction, "pg_trgm", ""},
    {"strict_word_similarity", Use::kFunction, "pg_trgm", ""},
    {"show_trgm", Use::kFunction, "pg_trgm", ""},
    {"uuid_generate_v1", Use::kFunction, "uuid-ossp", ""},
    {"uuid_generate_v1mc", Use::kFunction, "uuid-ossp", ""},
    {"uuid_generate_v3", Use::kFunction, "uuid-ossp", ""},
    {"uuid_generate_v4", Use::kFunction, "uuid-ossp", ""},
    {"uuid_generate_v5", Use::kFunction, "uuid-ossp", ""},
    {"crypt", Use::kFunction, "pgcrypto", ""},
    {"gen_salt", Use::kFunction, "pgcrypto", ""},
    {"gen_random_bytes", Use::kFunction, "pgcrypto", ""},
    {"digest", Use::kFunction, "pgcrypto", ""},
    {"hmac", Use::kFunction, "pgcrypto", ""},
    {"pgp_sym_encrypt", Use::kFunction, "pgcrypto", ""},
    {"pgp_sym_decrypt", Use::kFunction, "pgcrypto", ""},
    {"pgp_pub_encrypt", Use::kFunction, "pgcrypto", ""},
    {"pgp_pub_decrypt", Use::kFunction, "pgcrypto", ""},
    {"armor", Use::kFunction, "pgcrypto", ""},
    {"dearmor", Use::kFunction, "pgcrypto", ""},
    {"citext", Use::kType, "citext", ""},
    {"hstore", Use::kType, "hstore", ""},
    {"ltree", Use::kType, "ltree", ""},
    {"lquery", Use::kType, "ltree", ""},
    {"vector", Use::kType, "vector", ""},
    {"halfvec", Use::kType, "vector", ""},
    {"sparsevec", Use::kType, "vector", ""},
    {"geometry", Use::kType, "postgis", ""},
    {"geography", Use::kType, "postgis", ""},
    {"cube", Use::kType, "cube", ""},
    {"earth_distance", Use::kFunction, "earthdistance", "cube"},
    {"ll_to_earth", Use::kFunction, "earthdistance", "cube"},
    {"earth_box", Use::kFunction, "earthdistance", "cube"},
    {"gist_int2_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_int4_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_int8_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_float4_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_float8_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_numeric_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_text_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_bpchar_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_bytea_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_date_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_time_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_timetz_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_timestamp_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_timestamptz_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_interval_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_oid_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_macaddr_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_inet_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_cidr_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_uuid_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_bool_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_enum_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_bit_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_vbit_ops", Use::kOperatorClass, "btree_gist", ""},
    {"gist_cash_ops", Use::kOperatorClass, "btree_gist", ""},
    {"unaccent", Use::kFunction, "unaccent", ""},
    {"levenshtein", Use::kFunction, "fuzzystrmatch", ""},
    {"soundex", Use::kFunction, "fuzzystrmatch", ""},
    {"metaphone", Use::kFunction, "fuzzystrmatch", ""},
    {"dmetaphone", Use::kFunction, "fuzzystrmatch", ""},
};

std::string Reason(const script::NameUse& use) {
  const std::string& name = use.name.name.text;
  switch (use.kind) {
    case Use::kOperatorClass: return "uses " + name;
    case Use::kFunction: return "calls " + name + "()";
    case Use::kType: return "uses type " + name;
  }
  return "uses " + name;
}

class Collector {
 public:
  explicit Collector(std::vector<RequiredExtension>* out) : out_(out) {}

  /// Records evidence that `name` is needed; the first evidence is kept,
  /// and `creates` sticks once any statement creates the extension.
  void Add(std::string_view name, base::Location where, std::string reason, bool creates,
           std::optional<script::NameUse> use) {
    auto it = std::find_if(out_->begin(), out_->end(),
                           [&](const RequiredExtension& e) { return e.name == name; });
    if (it != out_->end()) {
      it->created_here = it->created_here || creates;
      return;
    }
    out_->push_back(RequiredExtension{std::string(name), std::move(where), std::move(reason), creates,
                                      std::move(use)});
  }

 private:
  std::vector<RequiredExtension>* out_;
};

}  // namespace

void AddDefinedNames(const std::vector<DescribedStatement>& statements, std::set<std::string>& defined) {
  for (const DescribedStatement& s : statements) {
    for (const script::Intent& intent : s.intent.intents) {
      if (intent.action == script::Intent::Action::kCreate &&
          (intent.kind == script::ObjectKind::kFunction || intent.kind == script::ObjectKind::kType)) {
        defined.insert(FoldName(intent.object.name));
      }
    }
  }
}

std::vector<RequiredExtension> RequiredExtensions(const std::vector<DescribedStatement>& statements,
                                                  const std::vector<std::string>& declared,
                                                  const std::set<std::string>& defined,
                                                  const std::string& path) {
  std::vector<RequiredExtension> out;
  Collector collect(&out);
  for (const std::string& name : declared) {
    collect.Add(name, base::Location{path, 0}, "declared in the header", false, std::nullopt);
  }
  for (const DescribedStatement& s : statements) {
    const base::Location where{s.path, s.statement->line};
    for (const script::Intent& intent : s.intent.intents) {
      if (intent.action == script::Intent::Action::kCreate &&
          intent.kind == script::ObjectKind::kExtension) {
        collect.Add(intent.object.name.text, where, "CREATE EXTENSION", true, std::nullopt);
      }
    }
    for (const script::NameUse& use : s.intent.uses) {
      if (!use.name.schema.text.empty()) continue;  // qualified: it says where it lives
      if (use.kind != Use::kOperatorClass && defined.count(FoldName(use.name.name)) > 0) continue;
      const std::string word = FoldName(use.name.name);
      for (const Rule& rule : kRules) {
        if (rule.use != use.kind || rule.word != word) continue;
        collect.Add(rule.extension, where, Reason(use), false, use);
        if (!rule.also.empty()) {
          collect.Add(rule.also, where, "needed by " + std::string(rule.extension), false, use);
        }
      }
    }
  }
  return out;
}

}  // namespace migrate::verify
