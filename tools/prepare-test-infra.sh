#!/usr/bin/env bash
# What the tests need before Jest runs: dependencies, Postgres/Redis/Kafka, Prisma clients, and one freshly migrated
# template database per service (tests copy it). Run it alone to iterate on one spec:
#   bash tools/prepare-test-infra.sh && npx jest tests/platform/dead-letter
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
provision
bash "$ROOT/tools/ensure-chromium.sh"
# A template is rebuilt only when its service's migrations changed (their hash is kept as the database's comment),
# so concurrent or repeated runs leave a template that tests are copying alone.
for service in $(service_names); do
  template="$(service_field "$service" database)_template"
  digest="$(cd "$ROOT/apps/$service/prisma/migrations" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
  current="$(psql -X -tAq "$DATABASE_URL" -c "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$template'")"
  [[ "$current" == "migrations $digest" ]] && continue
  quietly psql -X -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS \"$template\" WITH (FORCE)"
  quietly bash "$ROOT/infra/create-db.sh" "$template"
  migrate_service "$service" "$template"
  quietly psql -X -q "$DATABASE_URL" -c "COMMENT ON DATABASE \"$template\" IS 'migrations $digest'"
done
