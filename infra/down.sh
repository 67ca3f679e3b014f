#!/usr/bin/env bash
# Usage: infra/down.sh [--purge]
# Stops the servers up.sh started from this state dir; servers it found
# running (or that DATABASE_URL etc. point at) are left alone.
# --purge also deletes the state dir (all data); the Maven/Kafka jar cache stays.
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

purge=""
case "${1:-}" in
  "") ;;
  --purge) purge=1 ;;
  *) die "usage: infra/down.sh [--purge]" ;;
esac

[[ -d "$STATE_DIR" ]] || exit 0
exec 9>"$STATE_DIR/.lock"
flock -w 900 9 || die "timed out waiting for another infra script"

s3proxy_stop
kafka_stop
redis_stop nosave
postgres_stop
rm -f "$ENV_FILE"

if [[ -n "$purge" ]]; then
  log "removing $STATE_DIR"
  [[ -L "$STATE_DIR/postgres" ]] && rm -rf "$PG_HOME"
  rm -rf "$STATE_DIR"
fi
