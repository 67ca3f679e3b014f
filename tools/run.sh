#!/usr/bin/env bash
# `npm start`: the main job on a fresh machine. Installs dependencies if missing, starts (or reuses) Postgres,
# Redis and Kafka, migrates each service's database, then runs tools/main-job/main.ts.
#   npm start               leaves the services running (stop them with `npm run stop`)
#   npm start -- --stop     stops them at the end
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
provision
for service in $(service_names); do
  migrate_service "$service" "$(service_field "$service" database)"
done
cd "$ROOT"
exec node -r @swc-node/register tools/main-job/main.ts "$@"
