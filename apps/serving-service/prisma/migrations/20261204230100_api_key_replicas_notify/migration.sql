-- Empties every process's cache of verified API keys (LISTEN api_key_replicas_changed) when a transaction that changed
-- a key or a tenant's suspension commits: Postgres delivers a notification only on commit.
-- The migration runner (the pg driver adapter's executeScript) cuts a script at every semicolon, quoted or not, so
-- the function body is a U& string whose semicolons are written \003B.
CREATE FUNCTION notify_api_key_replicas_changed() RETURNS trigger LANGUAGE plpgsql
AS U&'BEGIN PERFORM pg_notify(''api_key_replicas_changed'', '''')\003B RETURN NULL\003B END'
;

CREATE TRIGGER api_key_replicas_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_key_replicas
FOR EACH STATEMENT EXECUTE FUNCTION notify_api_key_replicas_changed()
;

CREATE TRIGGER tenant_status_replicas_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenant_status_replicas
FOR EACH STATEMENT EXECUTE FUNCTION notify_api_key_replicas_changed()
;
