-- Orders the saga closed (OrderRejected) before their OrderCreated was processed here, e.g. because a consumer died
-- holding the OrderCreated until the saga's timeout rejected the order. The late OrderCreated must not reserve stock
-- that no OrderRejected will ever give back: it finds its order here and is answered InventoryRejected instead.
CREATE TABLE closed_orders (
    order_id  varchar(64) PRIMARY KEY,
    closed_at timestamptz NOT NULL
);
