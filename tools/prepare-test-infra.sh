#!/usr/bin/env bash
# What the tests need before Jest runs: dependencies, Postgres/Redis/Kafka, Prisma clients, and one freshly migrated
# template database per service (tests copy it). Run it alone to iterate on one spec:
#   bash tools/prepare-test-infra.sh && npx jest tests/platform/dead-letter
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
ensure_dependencies
ensure_infrastructure
generate_prisma_clients
for service in $(service_names); do
  template="$(service_field "$service" database)_template"
  quietly psql -X -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS \"$template\" WITH (FORCE)"
  quietly bash "$ROOT/infra/create-db.sh" "$template"
  migrate_service "$service" "$template"
done
