#!/usr/bin/env bash
# Usage: infra/check.sh
# End-to-end smoke test of the servers recorded in <state dir>/env: a query in
# Postgres, a write and read in Redis, and a topic create + produce + consume +
# delete in Kafka. Exits non-zero on the first failure.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=servers/kafka.sh
source "$INFRA_DIR/servers/kafka.sh"

[[ -f "$ENV_FILE" ]] || die "no $ENV_FILE: run infra/up.sh first"
# shellcheck source=/dev/null
source "$ENV_FILE"

[[ "$(psql -X -tAq "$DATABASE_URL" -c 'SELECT 40 + 2')" == 42 ]] || die "postgres: query failed"
log "postgres: ok"

key="llmchain:check:$$"
[[ "$(redis-cli -u "$REDIS_URL" set "$key" ok EX 60)" == OK ]] || die "redis: SET failed"
[[ "$(redis-cli -u "$REDIS_URL" get "$key")" == ok ]] || die "redis: GET failed"
[[ "$(redis-cli -u "$REDIS_URL" config get maxmemory-policy | tail -n 1)" == noeviction ]] ||
  log "redis: maxmemory-policy is not noeviction; BullMQ will complain"
redis-cli -u "$REDIS_URL" del "$key" >/dev/null
log "redis: ok"

kafka_require_libs
topic="llmchain.infra-check.$$"
message="hello from infra/check.sh $$"
kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BROKERS" \
  --create --topic "$topic" --partitions 1 --replication-factor 1 >/dev/null
trap 'kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BROKERS" --delete --topic "$topic" >/dev/null 2>&1 || true' EXIT
echo "$message" | kafka_tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$KAFKA_BROKERS" --topic "$topic"
received="$(kafka_tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$KAFKA_BROKERS" \
  --topic "$topic" --from-beginning --max-messages 1 --timeout-ms 30000 2>/dev/null)"
[[ "$received" == "$message" ]] || die "kafka: consumed '$received', expected '$message'"
log "kafka: ok (topic create, produce, consume)"
