-- create appointments
--
-- An appointment books one stylist for either a single service or a pack,
-- never both.
--
-- revision: a578722d6b1a
-- down_revision: bea19103e23f
-- branch_labels:
-- depends_on:
-- extensions: uuid-ossp
-- create_date: 2026-01-26 14:21:09
-- expect: table appointments(id, customer_id, stylist_id, service_id, pack_id, start_time, duration_minutes, total_price, status, created_at)
-- expect: index idx_appointments_stylist_start
-- expect: index idx_appointments_customer_id

-- migrate:upgrade postgresql
CREATE TABLE appointments (
    id                uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    customer_id       uuid NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
    stylist_id        uuid NOT NULL REFERENCES stylists (id) ON DELETE RESTRICT,
    service_id        uuid REFERENCES services (id) ON DELETE RESTRICT,
    pack_id           uuid REFERENCES packs (id) ON DELETE RESTRICT,
    start_time        timestamptz NOT NULL,
    duration_minutes  integer NOT NULL CHECK (duration_minutes > 0),
    total_price       numeric(8, 2) NOT NULL CHECK (total_price >= 0),
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'confirmed', 'completed', 'cancelled', 'no_show')),
    calendar_event_id text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT appointments_service_or_pack CHECK ((service_id IS NULL) <> (pack_id IS NULL))
);

CREATE INDEX idx_appointments_stylist_start ON appointments (stylist_id, start_time);
CREATE INDEX idx_appointments_customer_id ON appointments (customer_id);

-- migrate:upgrade sqlite
CREATE TABLE appointments (
    id                TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(16)))),
    customer_id       TEXT NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
    stylist_id        TEXT NOT NULL REFERENCES stylists (id) ON DELETE RESTRICT,
    service_id        TEXT REFERENCES services (id) ON DELETE RESTRICT,
    pack_id           TEXT REFERENCES packs (id) ON DELETE RESTRICT,
    start_time        TEXT NOT NULL,
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes > 0),
    total_price       NUMERIC NOT NULL CHECK (total_price >= 0),
    status            TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'confirmed', 'completed', 'cancelled', 'no_show')),
    calendar_event_id TEXT,
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CONSTRAINT appointments_service_or_pack CHECK ((service_id IS NULL) <> (pack_id IS NULL))
);

CREATE INDEX idx_appointments_stylist_start ON appointments (stylist_id, start_time);
CREATE INDEX idx_appointments_customer_id ON appointments (customer_id);

-- migrate:downgrade
DROP TABLE appointments;
