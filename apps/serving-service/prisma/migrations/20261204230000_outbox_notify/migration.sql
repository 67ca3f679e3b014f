-- Wakes the outbox relays (LISTEN outbox_events_inserted) when a transaction that inserted events commits, whichever
-- statement inserted them: Postgres delivers a notification only on commit, and folds a transaction's identical
-- notifications into one.
-- The migration runner (the pg driver adapter's executeScript) cuts a script at every semicolon, quoted or not, so
-- the function body is a U& string whose semicolons are written \003B.
CREATE FUNCTION notify_outbox_events_inserted() RETURNS trigger LANGUAGE plpgsql
AS U&'BEGIN PERFORM pg_notify(''outbox_events_inserted'', '''')\003B RETURN NULL\003B END'
;

CREATE TRIGGER outbox_events_inserted AFTER INSERT ON outbox_events FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_events_inserted()
;
