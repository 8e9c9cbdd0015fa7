#include "bench/micro/bench_inputs.h"

#include <cstdint>

#include <fmt/format.h>

namespace migrate::bench {

namespace {

// SQL that any project might hold; `{0}` is a number that keeps names unique.
constexpr const char* kCommonSql[] = {
    R"sql(-- Customers: one row per account; emails are unique per tenant.
CREATE TABLE customers_{0} (
    id integer PRIMARY KEY,
    tenant_id integer NOT NULL,
    email varchar(320) NOT NULL,
    display_name text NOT NULL DEFAULT 'new customer; unnamed',
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    note text /* free text; may contain anything */
);
)sql",
    R"sql(CREATE UNIQUE INDEX ix_customers_{0}_email ON customers_{0} (tenant_id, lower(email));
)sql",
    R"sql(INSERT INTO customers_{0} (id, tenant_id, email, display_name, note) VALUES
    (1, 1, 'ada@example.com', 'Ada Lovelace', 'first; and ''best'''),
    (2, 1, 'alan@example.com', 'Alan Turing', NULL),
    (3, 2, 'grace@example.com', 'Grace Hopper', '-- not a comment'),
    (4, 2, 'edsger@example.com', 'Edsger Dijkstra', '/* not a comment either */');
)sql",
    R"sql(ALTER TABLE customers_{0} ADD COLUMN phone varchar(32);
)sql",
    R"sql(CREATE VIEW active_customers_{0} AS
    SELECT c.id, c.email, c.display_name
      FROM customers_{0} AS c
     WHERE c.note IS NULL OR c.note NOT LIKE '%;%';
)sql",
    R"sql(UPDATE customers_{0} SET display_name = trim(display_name) WHERE display_name <> trim(display_name);
)sql",
};

constexpr const char* kSqliteSql[] = {
    R"sql(CREATE TRIGGER customers_{0}_touch AFTER UPDATE ON customers_{0}
BEGIN
    UPDATE [customers_{0}] SET note = CASE WHEN new.note IS NULL THEN 'touched; once' ELSE new.note END
     WHERE id = new.id;
    INSERT INTO `audit_log` (what) VALUES ('customers_{0} updated');
END;
)sql",
};

constexpr const char* kPostgresqlSql[] = {
    R"sql(CREATE OR REPLACE FUNCTION customers_{0}_touch() RETURNS trigger
    LANGUAGE plpgsql AS $body$
BEGIN
    NEW.note := coalesce(NEW.note, 'touched; once');
    RAISE NOTICE 'customer % touched; $$ is not the end', NEW.id;
    RETURN NEW;
END;
$body$;
)sql",
    R"sql(COMMENT ON TABLE customers_{0} IS E'Customers\'s accounts;\nsee the wiki';
)sql",
    R"sql(DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting_{0}') THEN
        CREATE ROLE reporting_{0} NOLOGIN; /* nested /* comment */ still inside */
    END IF;
END
$$;
)sql",
};

template <std::size_t N>
void AppendAll(std::string& out, const char* const (&snippets)[N], int number) {
  for (const char* snippet : snippets) out += fmt::format(fmt::runtime(snippet), number);
}

// splitmix64: a cheap, well-mixed hash of the revision number.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

graph::RevisionNode Node(int i, std::vector<std::string> parents) {
  graph::RevisionNode node;
  node.id = RevisionId(i);
  node.parents = std::move(parents);
  node.source = fmt::format("migrations/{}_step_{}.sql", node.id, i);
  return node;
}

}  // namespace

std::string RealLookingSql(std::size_t min_bytes, SqlFlavor flavor) {
  std::string out;
  out.reserve(min_bytes + 4096);
  for (int number = 0; out.size() < min_bytes; ++number) {
    AppendAll(out, kCommonSql, number);
    if (flavor == SqlFlavor::kSqlite) {
      AppendAll(out, kSqliteSql, number);
    } else {
      AppendAll(out, kPostgresqlSql, number);
    }
    out += '\n';
  }
  return out;
}

std::string RevisionId(int i) {
  return fmt::format("{:012x}", Mix(static_cast<std::uint64_t>(i)) & 0xffffffffffffULL);
}

std::string MigrationFileText(int i) {
  return fmt::format(R"sql(-- create table t{0:05}
--
-- Adds the t{0:05} table with an index on its name and three seed rows.
--
-- revision: {1}
-- down_revision: {2}
-- branch_labels:
-- depends_on:
-- transaction: per-migration
-- create_date: 2026-11-22 10:31:07
-- expect: table t{0:05}(id, name, email, amount, created_at)
-- expect: rows t{0:05} >= 3

-- migrate:upgrade
CREATE TABLE t{0:05} (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text,
    amount numeric(12, 2) NOT NULL DEFAULT 0,
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_t{0:05}_name ON t{0:05} (name);
INSERT INTO t{0:05} (id, name, email, amount) VALUES
    (1, 'alice', 'alice@example.com', 10.50),
    (2, 'bob', 'bob@example.com', 0),
    (3, 'carol; the third', NULL, 7.25);

-- migrate:verify
SELECT count(*) = 3 FROM t{0:05};

-- migrate:downgrade
DROP TABLE t{0:05};
)sql",
                     i, RevisionId(i), i == 0 ? std::string() : RevisionId(i - 1));
}

std::vector<graph::RevisionNode> LinearGraph(int n) {
  std::vector<graph::RevisionNode> nodes;
  nodes.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    nodes.push_back(Node(i, i == 0 ? std::vector<std::string>{}
                                   : std::vector<std::string>{RevisionId(i - 1)}));
  }
  return nodes;
}

std::vector<graph::RevisionNode> BranchyGraph(int n) {
  // Block b holds revisions 10b .. 10b+9: 10b is the branch point (child of
  // the previous merge), 10b+1..4 branch A, 10b+5..8 branch B, 10b+9 the merge.
  std::vector<graph::RevisionNode> nodes;
  nodes.reserve(static_cast<std::size_t>(n));
  for (int start = 0; start < n; start += 10) {
    nodes.push_back(Node(start, start == 0 ? std::vector<std::string>{}
                                           : std::vector<std::string>{RevisionId(start - 1)}));
    for (int branch = 0; branch < 2; ++branch) {
      const int first = start + 1 + branch * 4;
      for (int i = first; i < first + 4; ++i) {
        nodes.push_back(Node(i, {RevisionId(i == first ? start : i - 1)}));
      }
    }
    nodes.push_back(Node(start + 9, {RevisionId(start + 4), RevisionId(start + 8)}));
  }
  return nodes;
}

}  // namespace migrate::bench
