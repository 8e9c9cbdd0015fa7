-- create services with trigram search
--
-- The booking assistant looks services up by fragments of their name
-- ("balay" finds "Balayage + toner"), so PostgreSQL gets a trigram index.
-- SQLite gets a plain index of the same name, which serves prefix and
-- equality lookups only.
--
-- revision: a412ec748e43
-- down_revision: abde199b0d25
-- branch_labels:
-- depends_on:
-- extensions: pg_trgm, uuid-ossp
-- create_date: 2026-01-14 16:02:31
-- expect: table services(id, name, category, duration_minutes, price, is_active, created_at)
-- expect: index idx_services_name_trgm

-- migrate:upgrade postgresql
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE services (
    id               uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    name             text NOT NULL UNIQUE,
    category         text NOT NULL CHECK (category IN ('hairdressing', 'aesthetics')),
    duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
    price            numeric(8, 2) NOT NULL,
    is_active        boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_services_name_trgm ON services USING gin (name gin_trgm_ops);

-- migrate:upgrade sqlite
CREATE TABLE services (
    id               TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(16)))),
    name             TEXT NOT NULL UNIQUE,
    category         TEXT NOT NULL CHECK (category IN ('hairdressing', 'aesthetics')),
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    price            NUMERIC NOT NULL,
    is_active        INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_services_name_trgm ON services (name);

-- migrate:verify
-- Prices are entered by hand in the back office and have no CHECK, so this
-- is re-checked by `migrate verify` and `migrate check` as well.
SELECT count(*) = 0 FROM services WHERE price < 0;

-- migrate:downgrade
-- Dropping the table drops its index; pg_trgm stays installed.
DROP TABLE services;
