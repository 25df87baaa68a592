-- The order service's schema: orders and their items, the Idempotency-Key log, and the outbox.

CREATE TABLE orders (
    id               uuid          PRIMARY KEY,
    customer_id      varchar(128)  NOT NULL,
    total_amount     numeric(12,2) NOT NULL CHECK (total_amount >= 0),
    status           varchar(16)   NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED')),
    rejection_reason varchar(500),
    created_at       timestamptz   NOT NULL,
    updated_at       timestamptz   NOT NULL
);
-- the saga's timeout sweep looks only at pending orders, oldest first
CREATE INDEX orders_pending_by_age ON orders (created_at) WHERE status = 'PENDING';

CREATE TABLE order_items (
    order_id uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no  integer     NOT NULL,
    sku      varchar(64) NOT NULL,
    quantity integer     NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE idempotency_keys (
    idempotency_key     varchar(255) PRIMARY KEY,
    request_fingerprint varchar(64)  NOT NULL,
    order_id            uuid         NOT NULL,
    created_at          timestamptz  NOT NULL
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

CREATE TABLE outbox (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       uuid        NOT NULL UNIQUE,
    aggregate_type varchar(64) NOT NULL,
    aggregate_id   varchar(64) NOT NULL,
    event_type     varchar(64) NOT NULL,
    payload        text        NOT NULL,
    traceparent    varchar(64),
    occurred_at    timestamptz NOT NULL,
    published_at   timestamptz
);
-- the relay claims unpublished rows in id order, the earliest of each aggregate first
CREATE INDEX outbox_unpublished ON outbox (aggregate_id, id) WHERE published_at IS NULL;
CREATE INDEX outbox_unpublished_by_id ON outbox (id) WHERE published_at IS NULL;
-- published rows are purged after the retention
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay as soon as a transaction that wrote events commits (one notification per transaction:
-- PostgreSQL folds identical notifications).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('orderflow_outbox', TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
