# Sourced by the tools/ scripts: the repo root, dependency installation, and the infrastructure's addresses.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=false

# Installs dependencies when node_modules is missing or older than the lockfile (a fresh clone, or a pull).
ensure_dependencies() {
  if [[ ! -f "$ROOT/node_modules/.package-lock.json" || "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]]; then
    echo "[llmchain] installing dependencies (npm ci)" >&2
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

# Starts (or reuses) Postgres, Redis and Kafka and exports DATABASE_URL (server admin URL), REDIS_URL, KAFKA_BROKERS.
ensure_infrastructure() {
  bash "$ROOT/infra/up.sh" "$@" >&2
  # shellcheck disable=SC1091
  source "${LLMCHAIN_STATE_DIR:-$ROOT/.cache/infra}/env"
}

# Everything a command needs before it touches a service: dependencies, servers, Prisma clients.
provision() {
  ensure_dependencies
  ensure_infrastructure
  generate_prisma_clients
}

# service_field NAME FIELD: a field of tools/services.json (port, database).
service_field() {
  node -e 'const s=require(process.argv[1]).find((s)=>s.name===process.argv[2]); if(!s){console.error(`unknown service ${process.argv[2]}`);process.exit(2)} console.log(s[process.argv[3]])' \
    "$ROOT/tools/services.json" "$1" "$2"
}

service_names() {
  node -e 'for (const s of require(process.argv[1])) console.log(s.name)' "$ROOT/tools/services.json"
}

# database_url DB: the server URL with its database path replaced by DB.
database_url() {
  node -e 'const u=new URL(process.argv[1]); u.pathname="/"+process.argv[2]; console.log(u.toString())' "$DATABASE_URL" "$1"
}

# quietly CMD...: runs CMD, showing its output only if it fails (the Prisma CLI is chatty on success).
quietly() {
  local output
  if ! output="$("$@" 2>&1)"; then
    printf '%s\n' "$output" >&2
    echo "[llmchain] failed: $*" >&2
    return 1
  fi
}

# Prisma client generation for every service (no database needed), skipped for a service whose schema and Prisma
# version are unchanged since its client was generated.
generate_prisma_clients() {
  local service stamp digest
  for service in $(service_names); do
    stamp="$ROOT/apps/$service/src/generated/prisma/.schema-digest"
    digest="$(cat "$ROOT"/apps/"$service"/prisma/schema/*.prisma "$ROOT/node_modules/prisma/package.json" | sha256sum | cut -c1-16)"
    [[ -f "$stamp" && "$(cat "$stamp")" == "$digest" ]] && continue
    quietly bash "$ROOT/tools/prisma.sh" "$service" generate
    echo "$digest" >"$stamp"
  done
}

# migrate_service SERVICE DATABASE: applies the service's committed migrations to DATABASE on the server.
migrate_service() {
  DATABASE_URL="$(database_url "$2")" quietly bash "$ROOT/tools/prisma.sh" "$1" migrate deploy
}
