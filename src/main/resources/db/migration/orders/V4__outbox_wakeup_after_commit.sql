-- The order service wakes the relays itself, after its transactions commit (io.orderflow.outbox.OutboxCommitNotifier),
-- instead of this trigger's NOTIFY inside each transaction: PostgreSQL serializes the commits of all notifying
-- transactions behind one database-wide lock held through their WAL flush, so every order placement waited for the
-- previous one's commit (group commit never happened). Relays still LISTEN on orderflow_outbox, with the same
-- payload (the schema), and still poll as a safety net.
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
