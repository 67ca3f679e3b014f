#!/usr/bin/env bash
# Usage: infra/restart.sh kafka|redis|postgres
# Stops one server that up.sh started and starts it again on the same port
# with the same data (fault-injection tests restart the broker mid-stream).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=servers/postgres.sh
source "$INFRA_DIR/servers/postgres.sh"
# shellcheck source=servers/redis.sh
source "$INFRA_DIR/servers/redis.sh"
# shellcheck source=servers/kafka.sh
source "$INFRA_DIR/servers/kafka.sh"
# shellcheck source=servers/s3proxy.sh
source "$INFRA_DIR/servers/s3proxy.sh"

mkdir -p "$STATE_DIR"
exec 9>"$STATE_DIR/.lock"
flock -w 900 9 || die "timed out waiting for another infra script"

case "${1:-}" in
  kafka)
    kafka_is_ours_running || die "kafka on $LOCAL_KAFKA_BROKERS was not started by infra/up.sh from $STATE_DIR"
    kafka_stop
    kafka_start
    ;;
  redis)
    pid_alive "$REDIS_HOME/redis.pid" redis-server || die "redis on $LOCAL_REDIS_URL was not started by infra/up.sh from $STATE_DIR"
    redis_stop save
    redis_start
    ;;
  postgres)
    postgres_is_ours_running || die "postgres on 127.0.0.1:$PG_PORT was not started by infra/up.sh from $STATE_DIR"
    postgres_stop
    postgres_start
    ;;
  s3proxy)
    s3proxy_is_ours_running || die "s3proxy on $LOCAL_S3_ENDPOINT was not started by infra/up.sh from $STATE_DIR"
    s3proxy_stop
    s3proxy_start
    ;;
  *) die "usage: infra/restart.sh kafka|redis|postgres|s3proxy" ;;
esac
log "$1: restarted"
