#!/usr/bin/env bash
# Runs one service in the foreground against the local infrastructure: tools/service.sh billing-service
# Applies its migrations first. Any variable already set in the environment wins (PORT, LOG_LEVEL, ...).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
service="${1:?usage: tools/service.sh <service>}"
provision
database="$(service_field "$service" database)"
migrate_service "$service" "$database"
export DATABASE_URL="$(database_url "$database")"
export PORT="${PORT:-$(service_field "$service" port)}"
exec node -r @swc-node/register "$ROOT/apps/$service/src/main.ts"
