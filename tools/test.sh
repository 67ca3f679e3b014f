#!/usr/bin/env bash
# `npm test`: everything the test suite needs on a fresh machine, then the suite.
#   installs dependencies if missing, starts (or reuses) Postgres, Redis and Kafka, generates the Prisma clients,
#   migrates one template database per service (tests copy it), type-checks, and runs every Jest project.
# Extra arguments go to Jest: npm test -- libs/tokenizer
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
started=$SECONDS

ensure_dependencies
ensure_infrastructure
generate_prisma_clients

for service in $(service_names); do
  template="$(service_field "$service" database)_template"
  quietly psql -X -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS \"$template\" WITH (FORCE)"
  quietly bash "$ROOT/infra/create-db.sh" "$template"
  migrate_service "$service" "$template"
done
echo "[llmchain] infrastructure and template databases ready after $((SECONDS - started)) s" >&2

(cd "$ROOT" && npx tsc -p tsconfig.json)
echo "[llmchain] type-check passed after $((SECONDS - started)) s" >&2

# One Jest process, tests in band: the integration tests start real services and restart the shared broker.
(cd "$ROOT" && npx jest --runInBand "$@")
echo "[llmchain] test command finished after $((SECONDS - started)) s" >&2
