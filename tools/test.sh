#!/usr/bin/env bash
# `npm test`: everything the test suite needs on a fresh machine (tools/prepare-test-infra.sh), a type-check and a lint
# (eslint.config.mjs) of the whole workspace, then the Jest projects in two phases (see jest.config.js):
#   1. unit: the CPU-only projects (apps/*, libs/*) in parallel workers, one per core, one onnxruntime thread each;
#   2. e2e:  the projects that drive real services (tests/*) in band, the suites that restart a shared server last
#            (tools/jest/shared-server-restarts-last.sequencer.js).
# The e2e phase runs even when the unit phase fails; either failing fails the command. Extra arguments go to Jest in
# both phases (npm test -- libs/tokenizer); a phase with no matching test is skipped, and nothing matching fails.
# LLMCHAIN_UNIT_WORKERS overrides the unit phase's worker count.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
started=$SECONDS

bash "$ROOT/tools/prepare-test-infra.sh"
source "${LLMCHAIN_STATE_DIR:-$ROOT/.cache/infra}/env"
echo "[llmchain] infrastructure and template databases ready after $((SECONDS - started)) s" >&2

(cd "$ROOT" && npx tsc -p tsconfig.json && npx tsc -p apps/dashboard/tsconfig.json)
echo "[llmchain] type-check passed after $((SECONDS - started)) s" >&2

# Cached: a rerun lints only the files that changed.
(cd "$ROOT" && npx eslint --cache --cache-location .cache/eslint/ .)
echo "[llmchain] lint passed after $((SECONDS - started)) s" >&2

# Whether the phase has a test file the arguments select (always, without arguments).
phase_selects_tests() {
  local phase=$1
  shift
  [[ $# -eq 0 ]] || [[ -n "$(cd "$ROOT" && LLMCHAIN_TEST_PHASE=$phase npx jest --listTests "$@")" ]]
}

failed=()
ran=0
run_phase() {
  local phase=$1 options=$2
  shift 2
  if ! phase_selects_tests "$phase" "$@"; then
    echo "[llmchain] $phase phase: no test matches the arguments, skipped" >&2
    return
  fi
  ran=$((ran + 1))
  local phase_started=$SECONDS
  # shellcheck disable=SC2086 # options are several words on purpose
  (cd "$ROOT" && LLMCHAIN_TEST_PHASE=$phase npx jest $options "$@") || failed+=("$phase")
  echo "[llmchain] $phase phase took $((SECONDS - phase_started)) s" >&2
}

# One onnxruntime thread per worker: sessions that set no thread count (training and reference graphs) otherwise
# take a spinning pool as wide as the machine in every worker. Measured on the 2-core machine under load, the unit
# phase took 219 s with two workers and default pools, 126 s with one thread each, 158 s in band.
ORT_INTRA_OP_NUM_THREADS=${ORT_INTRA_OP_NUM_THREADS:-1} run_phase unit "--maxWorkers=${LLMCHAIN_UNIT_WORKERS:-$(nproc)}" "$@"
# In band: the suites start real services on fixed shared servers, and some restart those servers.
run_phase e2e "--runInBand --testSequencer=$ROOT/tools/jest/shared-server-restarts-last.sequencer.js" "$@"

echo "[llmchain] test command finished after $((SECONDS - started)) s" >&2
if [[ $ran -eq 0 ]]; then
  echo "[llmchain] no test matches the arguments: $*" >&2
  exit 1
fi
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "[llmchain] failed phase(s): ${failed[*]}" >&2
  exit 1
fi
