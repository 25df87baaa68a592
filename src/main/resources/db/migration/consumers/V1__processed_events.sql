-- Add-on consumers written in YAML only (see README) keep their processed events here, through the
-- processedEvents idempotent repository: one row per consumer group and event id.
CREATE TABLE processed_events (
    consumer_key varchar(300) PRIMARY KEY,
    processed_at timestamptz  NOT NULL DEFAULT now()
);
