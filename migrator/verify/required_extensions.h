// Required extensions: which PostgreSQL extensions (or SQLite compile-time
// / loadable features) a migration needs before it can run, so preflight can
// check them all before anything changes (contract, guarantee 1). A
// migration needs what its header declares (`extensions:`) and what its SQL
// evidently uses.
//
// Evidence is read from tokens (script/sql_lexer.h), never by substring
// search, so a name inside a string or a comment does not count. A word
// counts in one of these positions (words compare case-insensitively):
//   opclass  anywhere, as an unquoted word
//   call     followed by `(`, unless it is being named rather than called
//            (after TABLE, INTO, REFERENCES, ON, FUNCTION, INDEX, WITH, ...)
//   type     after `::`, TYPE or RETURNS, or as the type of a column or
//            parameter: `(name type`, `, name type`, `ADD [COLUMN] name type`
//   module   after USING (SQLite: CREATE VIRTUAL TABLE t USING fts5(...))
//
// PostgreSQL (any SplitterOptions without square_brackets):
//   CREATE EXTENSION [IF NOT EXISTS] x          -> x (the migration creates it, so
//                                                  it must be available and creatable)
//   gin_trgm_ops gist_trgm_ops (opclass); similarity word_similarity
//     strict_word_similarity show_trgm (call)   -> pg_trgm
//   uuid_generate_v1 v1mc v3 v4 v5 (call)       -> uuid-ossp
//   crypt gen_salt gen_random_bytes digest hmac
//     pgp_sym_encrypt pgp_sym_decrypt pgp_pub_encrypt pgp_pub_decrypt
//     armor dearmor (call)                      -> pgcrypto
//   citext (type)                               -> citext
//   hstore (type)                               -> hstore
//   ltree lquery (type)                         -> ltree
//   vector halfvec sparsevec (type)             -> vector (pgvector)
//   geometry geography (type)                   -> postgis
//   cube (type)                                 -> cube
//   earth_distance ll_to_earth earth_box (call) -> earthdistance, and cube (its dependency)
//   gist_int2_ops gist_int4_ops gist_int8_ops gist_text_ops gist_uuid_ops
//     ... (btree_gist's operator classes)       -> btree_gist
//   unaccent (call)                             -> unaccent
//   levenshtein soundex metaphone dmetaphone (call) -> fuzzystrmatch
//   (`%`, pg_trgm's similarity operator, is too vague to count.)
// SQLite (square_brackets, i.e. SplitterOptions::Sqlite()):
//   fts5 (module)                               -> fts5
//   rtree rtree_i32 (module)                    -> rtree
//   json json_extract json_each json_tree json_array json_object json_set
//     json_insert json_replace json_remove json_patch json_type json_valid
//     json_quote json_array_length json_group_array json_group_object (call),
//     the -> and ->> operators                  -> json1
//   sqrt pow power exp ln log log2 log10 ceil ceiling floor trunc mod pi
//     sin cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh
//     degrees radians (call)                    -> math
//
// Each extension is listed once per migration, with its first evidence:
// declared ones first (reason "declared in the header", at `path`), then the
// evident ones in statement order (at `path:line` of the token). Whether a
// migration that creates an extension and then uses it can run is for the
// engine to decide with the dialect (installed, or available and creatable).
//
// Thread safety: a pure function.

#ifndef MIGRATOR_VERIFY_REQUIRED_EXTENSIONS_H_
#define MIGRATOR_VERIFY_REQUIRED_EXTENSIONS_H_

#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/script/statement.h"

namespace migrate::verify {

struct RequiredExtension {
  std::string name;      // as the dialect checks it: "pg_trgm", "uuid-ossp", "fts5", ...
  base::Location where;  // `path` (line 0) when declared; else the line of the first evidence
  std::string reason;    // "declared in the header", "uses gin_trgm_ops", "calls similarity()", ...
  bool created_here = false;  // the migration itself runs CREATE EXTENSION for it

  friend bool operator==(const RequiredExtension&, const RequiredExtension&) = default;
};

/// The extensions a migration needs: `declared` (its header's `extensions:`)
/// and those evident from `statements` (its upgrade, lexed with `options`),
/// each once, in order of first evidence. Never fails: a statement that
/// does not lex gives no evidence.
std::vector<RequiredExtension> RequiredExtensions(const std::vector<script::Statement>& statements,
                                                  const std::vector<std::string>& declared,
                                                  const script::SplitterOptions& options,
                                                  const std::string& path);

}  // namespace migrate::verify

#endif  // MIGRATOR_VERIFY_REQUIRED_EXTENSIONS_H_
