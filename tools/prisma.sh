#!/usr/bin/env bash
# Runs the Prisma CLI for one service, offline: tools/prisma.sh <service> <prisma args...>
#   tools/prisma.sh billing-service generate
#   tools/prisma.sh billing-service migrate deploy
# The CLI tries to download its Rust engines unless these variables name existing files; we never use those
# engines (the client runs on the pg driver adapter, migrations on the Wasm schema engine), so any file will do.
set -euo pipefail
service="${1:?usage: tools/prisma.sh <service> <prisma args...>}"
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ -f "$root/apps/$service/prisma.config.ts" ]] || { echo "tools/prisma.sh: unknown service '$service'" >&2; exit 2; }
placeholder="$root/node_modules/prisma/build/prisma_schema_build_bg.wasm"
export PRISMA_SCHEMA_ENGINE_BINARY="$placeholder" PRISMA_QUERY_ENGINE_LIBRARY="$placeholder"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
# The schema's required env("DATABASE_URL") needs a well-formed value even for `generate`, which connects nowhere.
export DATABASE_URL="${DATABASE_URL:-postgresql://unset@127.0.0.1:1/unset}"
cd "$root"
exec "$root/node_modules/.bin/prisma" "$@" --config "apps/$service/prisma.config.ts"
