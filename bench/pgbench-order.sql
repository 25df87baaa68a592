-- One order's transaction as Orderflow writes it, for pgbench: the order with its two items and its
-- OrderCreated outbox row (a ~300-byte JSON payload), committed together (synchronous_commit on). Order ids
-- are time-ordered like the app's (UUIDv7), so both write the same index pattern.
\set a random(0, 4095)
\set c random(0, 4095)
\set b random(0, 281474976710655)
BEGIN;
WITH o AS (
    INSERT INTO orders.orders (id, customer_id, total_amount, status, created_at, updated_at)
    SELECT (substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || lpad(to_hex(:a), 3, '0') || '-8'
            || lpad(to_hex(:c), 3, '0') || '-' || lpad(to_hex(:b), 12, '0'))::uuid,
           'pgbench-' || :b, 99.90, 'PENDING', now(), now()
    FROM (SELECT lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') AS t) AS ts
    RETURNING id)
INSERT INTO orders.order_items (order_id, line_no, sku, quantity)
SELECT o.id, x.line_no, x.sku, x.quantity FROM o, (VALUES (0, 'SKU-1', 1), (1, 'SKU-38', 2)) AS x(line_no, sku, quantity);
INSERT INTO orders.outbox (event_id, aggregate_type, aggregate_id, event_type, payload, traceparent, occurred_at)
    VALUES (gen_random_uuid(), 'Order', 'pgbench-' || :b, 'OrderCreated',
            '{"event_id":"01a20ba4-11b9-7cb7-b57f-de2bfeabf751","event_type":"OrderCreated","aggregate_id":"01a20ba4-1182-7b06-8aab-bed28220c09b","occurred_at":"2026-11-24T03:40:31.490Z","schema_version":1,"customer_id":"c-42","total_amount":99.90,"items":[{"sku":"SKU-1","quantity":2}]}',
            '00-1690243a9003ca2219dd9fdcbdec3bfc-76035488f8656659-01', now());
END;
