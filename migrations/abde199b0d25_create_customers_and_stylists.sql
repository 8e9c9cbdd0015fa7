-- create customers and stylists
--
-- revision: abde199b0d25
-- down_revision:
-- branch_labels:
-- depends_on:
-- extensions: uuid-ossp
-- create_date: 2026-01-12 09:14:52
-- expect: table customers(id, phone, first_name, last_name, email, notes, created_at)
-- expect: table stylists(id, name, category, calendar_id, is_active, created_at)

-- migrate:upgrade postgresql
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE TABLE customers (
    id          uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    phone       text NOT NULL UNIQUE,
    first_name  text NOT NULL,
    last_name   text,
    email       text,
    notes       text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stylists (
    id          uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    name        text NOT NULL,
    category    text NOT NULL
                CHECK (category IN ('hairdressing', 'aesthetics', 'both')),
    calendar_id text UNIQUE,
    is_active   boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- migrate:upgrade sqlite
-- SQLite has no uuid type: ids are 32 lowercase hex characters, and
-- timestamps are ISO 8601 text in UTC. A TEXT primary key accepts NULL in
-- SQLite unless it says NOT NULL.
CREATE TABLE customers (
    id          TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(16)))),
    phone       TEXT NOT NULL UNIQUE,
    first_name  TEXT NOT NULL,
    last_name   TEXT,
    email       TEXT,
    notes       TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE stylists (
    id          TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(16)))),
    name        TEXT NOT NULL,
    category    TEXT NOT NULL
                CHECK (category IN ('hairdressing', 'aesthetics', 'both')),
    calendar_id TEXT UNIQUE,
    is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- migrate:downgrade
-- The uuid-ossp extension stays installed: other schemas may use it.
DROP TABLE stylists;
DROP TABLE customers;
