-- Events the order saga has processed, per consumer group, written in the same transaction as the order's
-- status change, so a redelivered reply changes nothing.
CREATE TABLE inbox (
    consumer_group varchar(128) NOT NULL,
    event_id       varchar(128) NOT NULL,
    event_type     varchar(64)  NOT NULL,
    processed_at   timestamptz  NOT NULL,
    PRIMARY KEY (consumer_group, event_id)
);
