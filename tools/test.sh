#!/usr/bin/env bash
# `npm test`: everything the test suite needs on a fresh machine (tools/prepare-test-infra.sh), a type-check of the
# whole workspace, then every Jest project. Extra arguments go to Jest: npm test -- libs/tokenizer
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
started=$SECONDS

bash "$ROOT/tools/prepare-test-infra.sh"
source "${LLMCHAIN_STATE_DIR:-$ROOT/.cache/infra}/env"
echo "[llmchain] infrastructure and template databases ready after $((SECONDS - started)) s" >&2

(cd "$ROOT" && npx tsc -p tsconfig.json && npx tsc -p apps/dashboard/tsconfig.json)
echo "[llmchain] type-check passed after $((SECONDS - started)) s" >&2

# One Jest process, tests in band: the integration tests start real services and restart the shared broker.
(cd "$ROOT" && npx jest --runInBand "$@")
echo "[llmchain] test command finished after $((SECONDS - started)) s" >&2
