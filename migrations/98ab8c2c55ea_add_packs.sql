-- add packs
--
-- A pack is a bundle of services sold at one price (e.g. "Bridal: hair +
-- make-up"). Developed on its own branch, labelled `packs`, while the
-- stylist specialties were written in parallel; bea19103e23f merges the two.
--
-- revision: 98ab8c2c55ea
-- down_revision: a412ec748e43
-- branch_labels: packs
-- depends_on:
-- extensions: uuid-ossp
-- create_date: 2026-01-20 11:47:05
-- expect: table packs(id, name, description, price, is_active, created_at)
-- expect: table pack_services(pack_id, service_id, sort_order)
-- expect: index idx_pack_services_service_id

-- migrate:upgrade postgresql
CREATE TABLE packs (
    id          uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    name        text NOT NULL UNIQUE,
    description text,
    price       numeric(8, 2) NOT NULL CHECK (price >= 0),
    is_active   boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pack_services (
    pack_id    uuid NOT NULL REFERENCES packs (id) ON DELETE CASCADE,
    service_id uuid NOT NULL REFERENCES services (id) ON DELETE RESTRICT,
    sort_order integer NOT NULL DEFAULT 1,
    PRIMARY KEY (pack_id, service_id)
);

CREATE INDEX idx_pack_services_service_id ON pack_services (service_id);

-- migrate:upgrade sqlite
CREATE TABLE packs (
    id          TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(16)))),
    name        TEXT NOT NULL UNIQUE,
    description TEXT,
    price       NUMERIC NOT NULL CHECK (price >= 0),
    is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE pack_services (
    pack_id    TEXT NOT NULL REFERENCES packs (id) ON DELETE CASCADE,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE RESTRICT,
    sort_order INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (pack_id, service_id)
);

CREATE INDEX idx_pack_services_service_id ON pack_services (service_id);

-- migrate:downgrade
DROP TABLE pack_services;
DROP TABLE packs;
