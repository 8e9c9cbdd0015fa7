-- create policies
--
-- Business rules and FAQ answers kept as rows, so the salon can change them
-- without a release. `content` is a JSON object whose shape depends on `key`.
--
-- revision: be0d23aa7ffa
-- down_revision: a578722d6b1a
-- branch_labels:
-- depends_on:
-- extensions: uuid-ossp
-- create_date: 2026-02-02 09:40:26
-- expect: table policies(id, key, category, content, updated_at)

-- migrate:upgrade postgresql
CREATE TABLE policies (
    id         uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    key        text NOT NULL UNIQUE,
    category   text NOT NULL CHECK (category IN ('policy', 'faq')),
    content    jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- migrate:upgrade sqlite
CREATE TABLE policies (
    id         TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(16)))),
    key        TEXT NOT NULL UNIQUE,
    category   TEXT NOT NULL CHECK (category IN ('policy', 'faq')),
    content    TEXT NOT NULL CHECK (json_valid(content)),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- migrate:downgrade
DROP TABLE policies;
