#!/usr/bin/env bash
# What the tests need before Jest runs: dependencies, Postgres/Redis/Kafka, Prisma clients, and one freshly migrated
# template database per service (tests copy it). Run it alone to iterate on one spec:
#   bash tools/prepare-test-infra.sh && npx jest tests/platform/dead-letter
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
provision
bash "$ROOT/tools/ensure-chromium.sh"
# A template is named after its service's migrations (their hash), so checkouts with different migrations sharing
# one Postgres (worktrees, branches) each copy their own, and repeated runs leave a template that tests are copying
# alone. The name in use is written to .cache/test-templates/<service> for libs/testing to read.
mkdir -p "$ROOT/.cache/test-templates"
for service in $(service_names); do
  digest="$(cd "$ROOT/apps/$service/prisma/migrations" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
  template="$(service_field "$service" database)_tpl_$digest"
  printf '%s\n' "$template" >"$ROOT/.cache/test-templates/$service"
  current="$(psql -X -tAq "$DATABASE_URL" -c "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$template'")"
  [[ "$current" == "migrations $digest" ]] && continue
  quietly psql -X -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS \"$template\" WITH (FORCE)"
  quietly bash "$ROOT/infra/create-db.sh" "$template"
  migrate_service "$service" "$template"
  quietly psql -X -q "$DATABASE_URL" -c "COMMENT ON DATABASE \"$template\" IS 'migrations $digest'"
done
