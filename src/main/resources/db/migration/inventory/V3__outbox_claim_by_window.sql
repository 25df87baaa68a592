-- The relay now claims from a window of the earliest unpublished ids (outbox_unpublished_by_id) and no longer
-- looks up earlier events per aggregate. The (aggregate_id, id) index had no other reader; kept, it cost a write on
-- every insert and every publish, and with a stale estimate (statistics taken when everything was published) the
-- planner saw it as empty and scanned all of it, filtering, instead of looking rows up by id.
DROP INDEX outbox_unpublished;
