-- merge packs and stylist specialties
--
-- revision: bea19103e23f
-- down_revision: 98ab8c2c55ea, e41767822e06
-- branch_labels:
-- depends_on:
-- create_date: 2026-01-22 10:05:18

-- migrate:upgrade
-- Nothing to run: this revision only joins the two branches into one head,
-- so that later revisions can use packs and stylist_specialties together.

-- migrate:downgrade
-- Nothing to undo: downgrading past this revision splits the head in two.
