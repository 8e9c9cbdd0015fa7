-- add stylist specialties
--
-- Which services each stylist performs, so a booking only offers stylists
-- who can do the job.
--
-- revision: e41767822e06
-- down_revision: a412ec748e43
-- branch_labels:
-- depends_on:
-- create_date: 2026-01-21 08:30:44
-- expect: table stylist_specialties(stylist_id, service_id)
-- expect: index idx_stylist_specialties_service_id

-- migrate:upgrade postgresql
CREATE TABLE stylist_specialties (
    stylist_id uuid NOT NULL REFERENCES stylists (id) ON DELETE CASCADE,
    service_id uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    PRIMARY KEY (stylist_id, service_id)
);

CREATE INDEX idx_stylist_specialties_service_id ON stylist_specialties (service_id);

-- migrate:upgrade sqlite
CREATE TABLE stylist_specialties (
    stylist_id TEXT NOT NULL REFERENCES stylists (id) ON DELETE CASCADE,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    PRIMARY KEY (stylist_id, service_id)
);

CREATE INDEX idx_stylist_specialties_service_id ON stylist_specialties (service_id);

-- migrate:downgrade
DROP TABLE stylist_specialties;
