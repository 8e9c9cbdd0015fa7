// Required extensions: which PostgreSQL extensions (or SQLite features) a
// migration needs before it can run, so preflight can check them all before
// anything changes (contract, guarantee 1). A migration needs what its header
// declares (`extensions:`), what it creates (CREATE EXTENSION), and what its
// statements use of a name that certainly belongs to one extension — an
// operator class, a function it calls, a type it names, as the database's
// parser reports them (script/intent.h NameUse). Never a column's name: a
// column called `vector` or `geometry` needs nothing.
//
// The names that count (PostgreSQL; unqualified uses only, since a
// qualified name says where it lives):
//   gin_trgm_ops gist_trgm_ops (operator class); similarity word_similarity
//     strict_word_similarity show_trgm (function)      -> pg_trgm
//   uuid_generate_v1 v1mc v3 v4 v5 (function)          -> uuid-ossp
//   crypt gen_salt gen_random_bytes digest hmac pgp_sym_encrypt
//     pgp_sym_decrypt pgp_pub_encrypt pgp_pub_decrypt armor dearmor -> pgcrypto
//   citext -> citext; hstore -> hstore; ltree lquery -> ltree; vector halfvec
//     sparsevec -> vector (pgvector); geometry geography -> postgis; cube -> cube (types)
//   earth_distance ll_to_earth earth_box (function)    -> earthdistance, and cube
//   gist_int4_ops ... (btree_gist's operator classes)  -> btree_gist
//   unaccent -> unaccent; levenshtein soundex metaphone dmetaphone -> fuzzystrmatch
// A function or type of one of these names that the project defines itself
// is not the extension's: `defined` (folded names of the functions and types
// the chain creates up to this migration) filters them here, and preflight
// asks the database about those already created (RequiredExtension::use).
//
// SQLite reports what a statement uses only while compiling it against the
// live schema, too late for preflight; there a migration needs what it
// declares, and a missing feature fails its statement, rolled back, with
// SQLite's own message.
//
// Thread safety: a pure function.

#ifndef MIGRATOR_VERIFY_REQUIRED_EXTENSIONS_H_
#define MIGRATOR_VERIFY_REQUIRED_EXTENSIONS_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/script/intent.h"
#include "migrator/verify/implied_effects.h"

namespace migrate::verify {

struct RequiredExtension {
  std::string name;      // as the dialect checks it: "pg_trgm", "uuid-ossp", "fts5", ...
  base::Location where;  // `path` (line 0) when declared; else the line of the first evidence
  std::string reason;    // "declared in the header", "uses gin_trgm_ops", "calls similarity()", ...
  bool created_here = false;  // the migration itself runs CREATE EXTENSION for it
  /// The name use that implied it (a function or type the project might
  /// define itself, so preflight may ask the catalog); nullopt when declared
  /// or created.
  std::optional<script::NameUse> use;

  friend bool operator==(const RequiredExtension&, const RequiredExtension&) = default;
};

/// The extensions a migration needs: `declared` (its header's `extensions:`)
/// and those evident from `statements` (its upgrade, described), each once,
/// in order of first evidence. Uses of a function or type named in `defined`
/// (FoldName of what the chain creates) do not count.
std::vector<RequiredExtension> RequiredExtensions(const std::vector<DescribedStatement>& statements,
                                                  const std::vector<std::string>& declared,
                                                  const std::set<std::string>& defined,
                                                  const std::string& path);

/// Adds to `defined` the folded names of the functions and types `statements` create.
void AddDefinedNames(const std::vector<DescribedStatement>& statements, std::set<std::string>& defined);

}  // namespace migrate::verify

#endif  // MIGRATOR_VERIFY_REQUIRED_EXTENSIONS_H_
