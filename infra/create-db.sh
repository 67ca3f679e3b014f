#!/usr/bin/env bash
# Usage: infra/create-db.sh NAME...
# Creates each database on the admin server (DATABASE_URL, else the one
# up.sh recorded in <state dir>/env) unless it exists. Safe to run in parallel:
# losing a creation race to another process counts as success.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# > 0)) || die "usage: infra/create-db.sh NAME..."
admin_url="$(admin_database_url)"
[[ -n "$admin_url" ]] || die "no DATABASE_URL and no $ENV_FILE: run infra/up.sh first"

database_exists() {
  [[ "$(psql -X -tAq "$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" == 1 ]]
}

for name in "$@"; do
  # Names are interpolated into SQL: allow identifiers only.
  [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "invalid database name: $name"
  database_exists "$name" && continue
  if error="$(psql -X -q "$admin_url" -c "CREATE DATABASE \"$name\"" 2>&1 >/dev/null)"; then
    log "postgres: created database $name"
  elif ! database_exists "$name"; then
    die "could not create database $name: $error"
  fi
done
