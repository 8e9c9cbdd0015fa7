-- insert default policies
--
-- Data migration: the rules and answers every new salon starts with. The
-- downgrade deletes exactly these rows by key, edited or not.
--
-- revision: 39cb1635bced
-- down_revision: be0d23aa7ffa
-- branch_labels:
-- depends_on:
-- create_date: 2026-02-02 09:52:13
-- expect: rows policies >= 5

-- migrate:upgrade
INSERT INTO policies (key, category, content) VALUES
    ('cancellation', 'policy',
     '{"min_notice_hours": 24, "late_cancellation_fee_percent": 50}'),
    ('late_arrival', 'policy',
     '{"grace_minutes": 15, "after_grace": "shorten_or_reschedule"}'),
    ('deposit', 'policy',
     '{"required_from_price": 50.00, "percent": 20, "refundable_until_hours": 24}'),
    ('faq_parking', 'faq',
     '{"question": "Is there parking nearby?", "answer": "Yes; the public car park on Calle Mayor is two minutes away."}'),
    ('faq_payment_methods', 'faq',
     '{"question": "How can I pay?", "answer": "Cash or card; we don''t take cheques."}');

-- migrate:verify postgresql
SELECT count(*) = 0 FROM policies WHERE jsonb_typeof(content) <> 'object';

-- migrate:verify sqlite
SELECT count(*) = 0 FROM policies WHERE json_type(content) <> 'object';

-- migrate:downgrade
DELETE FROM policies
 WHERE key IN ('cancellation', 'late_arrival', 'deposit',
               'faq_parking', 'faq_payment_methods');
