-- The inventory service's schema: stock per SKU, reservations per order, the inbox of processed events and
-- the outbox of replies. It never reads the order service's tables.

CREATE TABLE stock (
    sku        varchar(64) PRIMARY KEY,
    available  bigint      NOT NULL CHECK (available >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The SKUs every installation knows (CONTRACT.md), each with orderflow.inventory.initial-stock units
-- (default 1,000,000), set once when this migration first runs.
INSERT INTO stock (sku, available) SELECT 'SKU-' || n, ${initial_stock} FROM generate_series(1, 100) AS n;

-- What was reserved for which order; released when the order is rejected after all (saga timeout).
CREATE TABLE reservations (
    order_id    varchar(64) NOT NULL,
    sku         varchar(64) NOT NULL REFERENCES stock (sku),
    quantity    bigint      NOT NULL CHECK (quantity > 0),
    status      varchar(16) NOT NULL CHECK (status IN ('RESERVED', 'RELEASED')),
    reserved_at timestamptz NOT NULL,
    released_at timestamptz,
    PRIMARY KEY (order_id, sku)
);

-- Events this service has processed, per consumer group: written in the same transaction as their effect,
-- so a redelivered event is recognised and changes nothing.
CREATE TABLE inbox (
    consumer_group varchar(128) NOT NULL,
    event_id       varchar(128) NOT NULL,
    event_type     varchar(64)  NOT NULL,
    processed_at   timestamptz  NOT NULL,
    PRIMARY KEY (consumer_group, event_id)
);

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
CREATE INDEX outbox_unpublished ON outbox (aggregate_id, id) WHERE published_at IS NULL;
CREATE INDEX outbox_unpublished_by_id ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('orderflow_outbox', TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
