// The other side of the guarantees: ordinary, valid DDL must never fail
// them. A corpus of what real projects write — dollar-quoted functions,
// BEGIN ATOMIC bodies, triggers, enums, views, materialized views, partial
// and expression indexes, sequences, ALTER TABLE add/rename/drop column,
// grants and comments, data migrations, SQLite's table rebuild — goes up,
// down to base and up again on each backend with no false failure, and the
// schema it leaves is the same each time.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/engine_test.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using script::ObjectKind;

constexpr const char* kCustomers = R"(-- customers, with the objects around them
--
-- revision: r001
-- down_revision:
-- extensions: uuid-ossp

-- migrate:upgrade postgresql
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE SEQUENCE order_numbers START 1000;
CREATE TABLE customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id   uuid NOT NULL DEFAULT uuid_generate_v4(),
    email       text NOT NULL,
    mood        mood NOT NULL DEFAULT 'happy',
    legacy_code text,
    deleted_at  timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX idx_customers_email_lower ON customers (lower(email));
CREATE INDEX idx_customers_live ON customers (id) WHERE deleted_at IS NULL;
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    NEW.updated_at := now();  -- a ';' inside the body; and $$ is not its end
    RETURN NEW;
END
$body$;
CREATE TRIGGER trg_customers_touch BEFORE UPDATE ON customers
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE FUNCTION customer_count() RETURNS bigint LANGUAGE sql
BEGIN ATOMIC
    SELECT count(*) FROM customers;
END;
CREATE VIEW live_customers AS SELECT id, email FROM customers WHERE deleted_at IS NULL;
CREATE MATERIALIZED VIEW customer_moods AS
    SELECT mood, count(*) AS n FROM customers GROUP BY mood;
COMMENT ON TABLE customers IS 'people who book; it''s a comment with a ;';

-- migrate:upgrade sqlite
CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    email       TEXT NOT NULL,
    mood        TEXT NOT NULL DEFAULT 'happy' CHECK (mood IN ('happy', 'sad')),
    legacy_code TEXT,
    deleted_at  TEXT,
    updated_at  TEXT
);
CREATE UNIQUE INDEX idx_customers_email_lower ON customers (lower(email));
CREATE INDEX idx_customers_live ON customers (id) WHERE deleted_at IS NULL;
CREATE TRIGGER trg_customers_touch AFTER UPDATE OF email ON customers
BEGIN
    UPDATE customers SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
CREATE VIEW live_customers AS SELECT id, email FROM customers WHERE deleted_at IS NULL;

-- migrate:downgrade postgresql
DROP MATERIALIZED VIEW customer_moods;
DROP VIEW live_customers;
DROP FUNCTION customer_count();
DROP TABLE customers;
DROP FUNCTION touch_updated_at();
DROP SEQUENCE order_numbers;
DROP TYPE mood;
DROP EXTENSION "uuid-ossp";

-- migrate:downgrade sqlite
DROP VIEW live_customers;
DROP TABLE customers;
)";

constexpr const char* kAlterColumns = R"(-- add, rename and drop columns
--
-- revision: r002
-- down_revision: r001

-- migrate:upgrade
ALTER TABLE customers ADD COLUMN phone TEXT;
ALTER TABLE customers RENAME COLUMN email TO email_address;
ALTER TABLE customers DROP COLUMN legacy_code;

-- migrate:downgrade
ALTER TABLE customers ADD COLUMN legacy_code TEXT;
ALTER TABLE customers RENAME COLUMN email_address TO email;
ALTER TABLE customers DROP COLUMN phone;
)";

// SQLite cannot add a CHECK to a table, so it rebuilds it; PostgreSQL alters.
constexpr const char* kConstrainEmail = R"(-- emails must look like emails
--
-- revision: r003
-- down_revision: r002

-- migrate:upgrade postgresql
ALTER TYPE mood ADD VALUE 'calm';
ALTER TABLE customers ADD CONSTRAINT customers_email_check CHECK (email_address LIKE '%@%');
ALTER TABLE customers ALTER COLUMN phone TYPE varchar(32);

-- migrate:upgrade sqlite
CREATE TABLE new_customers (
    id            INTEGER PRIMARY KEY,
    email_address TEXT NOT NULL CHECK (email_address LIKE '%@%'),
    mood          TEXT NOT NULL DEFAULT 'happy' CHECK (mood IN ('happy', 'sad', 'calm')),
    deleted_at    TEXT,
    updated_at    TEXT,
    phone         TEXT
);
INSERT INTO new_customers (id, email_address, mood, deleted_at, updated_at, phone)
    SELECT id, email_address, mood, deleted_at, updated_at, phone FROM customers;
DROP VIEW live_customers;
DROP TABLE customers;
ALTER TABLE new_customers RENAME TO customers;
CREATE UNIQUE INDEX idx_customers_email_lower ON customers (lower(email_address));
CREATE INDEX idx_customers_live ON customers (id) WHERE deleted_at IS NULL;
CREATE TRIGGER trg_customers_touch AFTER UPDATE OF email_address ON customers
BEGIN
    UPDATE customers SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
CREATE VIEW live_customers AS SELECT id, email_address FROM customers WHERE deleted_at IS NULL;

-- migrate:downgrade postgresql
ALTER TABLE customers ALTER COLUMN phone TYPE text;
ALTER TABLE customers DROP CONSTRAINT customers_email_check;

-- migrate:downgrade sqlite
CREATE TABLE old_customers (
    id            INTEGER PRIMARY KEY,
    email_address TEXT NOT NULL,
    mood          TEXT NOT NULL DEFAULT 'happy' CHECK (mood IN ('happy', 'sad')),
    deleted_at    TEXT,
    updated_at    TEXT,
    phone         TEXT
);
INSERT INTO old_customers SELECT * FROM customers;
DROP VIEW live_customers;
DROP TABLE customers;
ALTER TABLE old_customers RENAME TO customers;
CREATE UNIQUE INDEX idx_customers_email_lower ON customers (lower(email_address));
CREATE INDEX idx_customers_live ON customers (id) WHERE deleted_at IS NULL;
CREATE TRIGGER trg_customers_touch AFTER UPDATE OF email_address ON customers
BEGIN
    UPDATE customers SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
CREATE VIEW live_customers AS SELECT id, email_address FROM customers WHERE deleted_at IS NULL;
)";

constexpr const char* kFirstCustomer = R"(-- the first customer
--
-- revision: r004
-- down_revision: r003
-- expect: rows customers = 1

-- migrate:upgrade
INSERT INTO customers (email_address) VALUES ('ada@example.com');
UPDATE customers SET phone = '555-0100' WHERE email_address = 'ada@example.com';

-- migrate:verify
SELECT count(*) = 1 FROM live_customers;

-- migrate:downgrade
DELETE FROM customers;
)";

// Statements that change only privileges and comments still change the
// catalog: not a no-op. SQLite has neither, so its section is empty.
constexpr const char* kGrants = R"(-- let everyone read the view
--
-- revision: r005
-- down_revision: r004

-- migrate:upgrade
-- migrate:upgrade postgresql
GRANT SELECT ON live_customers TO PUBLIC;
COMMENT ON VIEW live_customers IS 'customers not deleted';

-- migrate:downgrade
-- migrate:downgrade postgresql
REVOKE SELECT ON live_customers FROM PUBLIC;
COMMENT ON VIEW live_customers IS NULL;
)";

class ValidDdlTest : public EngineTest {
 protected:
  void PutCorpus() {
    Put("r001_customers.sql", kCustomers);
    Put("r002_alter_columns.sql", kAlterColumns);
    Put("r003_constrain_email.sql", kConstrainEmail);
    Put("r004_first_customer.sql", kFirstCustomer);
    Put("r005_grants.sql", kGrants);
  }
};

TEST_P(ValidDdlTest, OrdinaryDdlGoesUpDownAndUpAgainWithoutFalseFailures) {
  PutCorpus();
  const std::vector<std::string> empty = Schema();
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.problems(), IsEmpty());
  EXPECT_THAT(VersionRows(), ElementsAre("r005"));
  EXPECT_EQ(One("SELECT count(*) FROM live_customers"), "1");
  EXPECT_TRUE(Exists(ObjectKind::kIndex, "idx_customers_email_lower"));
  EXPECT_TRUE(Exists(ObjectKind::kIndex, "idx_customers_live"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "new_customers"));
  const std::vector<std::string> head = Schema();
  if (postgresql()) {
    EXPECT_THAT(Columns("customers"),
                ::testing::Optional(ElementsAre("id", "public_id", "email_address", "mood",
                                                "deleted_at", "updated_at", "phone")));
    EXPECT_TRUE(Exists(ObjectKind::kMaterializedView, "customer_moods"));
    EXPECT_TRUE(Exists(ObjectKind::kSequence, "order_numbers"));
    EXPECT_TRUE(Exists(ObjectKind::kType, "mood"));
    EXPECT_TRUE(Exists(ObjectKind::kFunction, "customer_count"));
    EXPECT_EQ(One("SELECT customer_count()"), "1");
    EXPECT_EQ(One("SELECT has_table_privilege('public', 'live_customers', 'SELECT')::text"),
              "true");
  } else {
    EXPECT_THAT(Columns("customers"),
                ::testing::Optional(ElementsAre("id", "email_address", "mood", "deleted_at",
                                                "updated_at", "phone")));
    EXPECT_THAT(One("SELECT sql FROM sqlite_master WHERE name = 'customers'"),
                ::testing::HasSubstr("CHECK (email_address LIKE '%@%')"));
  }
  EXPECT_TRUE(Exists(ObjectKind::kTrigger, "trg_customers_touch"));
  EXPECT_TRUE(Exists(ObjectKind::kView, "live_customers"));

  s = Downgrade("base");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Schema(), empty);
  EXPECT_THAT(VersionRows(), IsEmpty());

  s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Schema(), head);
  EXPECT_THAT(History().size(), 15u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ValidDdlTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing
