#!/usr/bin/env bash
# Debian's Chromium for the dashboard's browser tests (playwright-core drives it; Playwright's own browser download
# cannot run here). Installed once when missing; CHROMIUM_PATH points the tests at another build.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x "$chromium" ]] && exit 0
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
  echo "[llmchain] $chromium is missing: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
echo "[llmchain] installing Debian's chromium for the dashboard's browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
