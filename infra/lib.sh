# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this
# Shared helpers for the infra/ scripts. Sourced, never executed.
# Every setting below can be overridden from the environment so that several
# clones (or CI jobs) on one host can run side by side on different ports.

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/.." && pwd)"
STATE_DIR="${LLMCHAIN_STATE_DIR:-$REPO_ROOT/.cache/infra}"
CACHE_DIR="${LLMCHAIN_CACHE_DIR:-${HOME:-/root}/.cache/llmchain}"

PG_PORT="${LLMCHAIN_PG_PORT:-5432}"
REDIS_PORT="${LLMCHAIN_REDIS_PORT:-6379}"
KAFKA_PORT="${LLMCHAIN_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${LLMCHAIN_KAFKA_CONTROLLER_PORT:-9093}"
S3_PORT="${LLMCHAIN_S3_PORT:-9310}"

# Kafka 4.4.0 is the newest 4.x release Maven Central serves (checked 2026-11-28:
# kafka_2.13 4.4.0 resolves; 4.4.1, 4.5.0 and 5.0.0 do not). 4.x is KRaft-only,
# which is what we want: no ZooKeeper to run.
KAFKA_VERSION="${LLMCHAIN_KAFKA_VERSION:-4.4.0}"
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"

# S3Proxy 2.6.0 from Maven Central (org.gaul:s3proxy): the S3-compatible server the S3 blob store is tested against.
S3PROXY_VERSION="${LLMCHAIN_S3PROXY_VERSION:-2.6.0}"
S3PROXY_HOME="$CACHE_DIR/s3proxy-$S3PROXY_VERSION"

# Our own Postgres cluster; the Debian-managed one (if any) is never touched.
# It lives in the state dir unless the postgres OS user cannot reach that (a
# clone under /root); then the state dir holds a symlink to /var/lib/llmchain,
# and the servers are given the resolved path, which they can reach.
PG_HOME="$STATE_DIR/postgres"
[[ -L "$PG_HOME" ]] && PG_HOME="$(readlink -f "$PG_HOME")"
PG_DATA="$PG_HOME/data"
REDIS_HOME="$STATE_DIR/redis"
KAFKA_STATE="$STATE_DIR/kafka"
S3PROXY_STATE="$STATE_DIR/s3proxy"
ENV_FILE="$STATE_DIR/env"

LOCAL_PG_ADMIN_URL="postgresql://llmchain:llmchain@127.0.0.1:$PG_PORT/postgres"
LOCAL_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
LOCAL_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
# Loopback-only development credentials, like Postgres's llmchain/llmchain.
LOCAL_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
LOCAL_S3_BUCKET=llmchain
LOCAL_S3_ACCESS_KEY_ID=llmchain
LOCAL_S3_SECRET_ACCESS_KEY=llmchain-local-secret

export DEBIAN_FRONTEND=noninteractive

# configured_url VAR_VALUE LOCAL_DEFAULT : true when the caller points at a
# server of their own. A value equal to the local default counts as unset: a
# shell that sourced <state dir>/env must still be able to run up.sh after
# down.sh, and get its servers started rather than waited for.
configured_url() { [[ -n "$1" && "$1" != "$2" ]]; }

log() { printf '[infra %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# wait_for SECONDS WHAT COMMAND... : retry COMMAND every 0.25 s until it succeeds.
wait_for() {
  local timeout="$1" what="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.25
  done
}

# TCP probe without nc (not in the base system): bash's /dev/tcp.
port_open() { timeout 1 bash -c ">/dev/tcp/$1/$2" 2>/dev/null; }

# pid_alive PIDFILE PATTERN : the pid in PIDFILE runs and its command line matches
# PATTERN, so a recycled pid is never mistaken for our server.
pid_alive() {
  local pid
  [[ -s "$1" ]] || return 1
  pid="$(<"$1")"
  [[ "$pid" =~ ^[0-9]+$ ]] && [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2"
}

# A server that exits becomes a zombie until PID 1 reaps it, which can take
# seconds in containers, and kill -0 still succeeds on a zombie: read its state.
pid_running() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}
pid_gone() { ! pid_running "$1"; }

show_log_tail() {
  [[ -f "$1" ]] || return 0
  printf -- '----- last lines of %s -----\n' "$1" >&2
  tail -n "${2:-40}" "$1" >&2
  printf -- '-----\n' >&2
}

# apt_install PACKAGE... : only called when something is missing, so the
# `apt-get update` cost is paid once per fresh machine. A policy-rc.d stops the
# packages' maintainer scripts from starting Debian's own postgres/redis
# services, which would take the ports our servers want.
apt_install() {
  local policy=/usr/sbin/policy-rc.d added_policy=""
  log "installing $* from Debian packages"
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added_policy=1
  fi
  { [[ -n "${APT_UPDATED:-}" ]] || apt-get update -qq; } && APT_UPDATED=1 && apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  local rc=$?
  [[ -n "$added_policy" ]] && rm -f "$policy"
  ((rc == 0)) || die "apt-get install $* failed"
}

# Newest installed PostgreSQL server bin dir (Debian keeps them versioned).
pg_bindir() {
  local dir
  dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]] && echo "$dir"
}

java_bin() { echo "${JAVA_HOME:+$JAVA_HOME/bin/}java"; }

# Kafka and S3Proxy run on the machine's JDK from jars Maven resolves.
require_java_and_maven() {
  if ! command -v "$(java_bin)" >/dev/null; then
    apt_install openjdk-17-jre-headless
  fi
  if ! command -v mvn >/dev/null; then
    apt_install maven
  fi
}

# maven_require_libs NAME HOME WRITE_POM : the runtime jars of the pom WRITE_POM writes, resolved by Maven into
# HOME/libs once. The .complete marker is written last, so an interrupted download is redone; the flock on HOME keeps
# two clones from resolving into the same folder at once, and the one on the cache keeps two resolutions (Kafka's and
# S3Proxy's, started side by side) from writing the same files of the local Maven repository at once.
maven_require_libs() {
  local name="$1" home="$2" write_pom="$3"
  [[ -f "$home/.complete" ]] && return 0
  mkdir -p "$home"
  (
    flock -w 900 8 || die "$name: timed out waiting for another process resolving $home"
    [[ -f "$home/.complete" ]] && exit 0
    flock -w 900 7 || die "$name: timed out waiting for another Maven resolution"
    log "$name: resolving jars with Maven into $home/libs"
    rm -rf "$home/libs.partial"
    "$write_pom" "$home/pom.xml"
    mvn -B -q -ntp -f "$home/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$home/libs.partial" >"$home/mvn.log" 2>&1 ||
      { show_log_tail "$home/mvn.log"; die "$name: Maven could not resolve $home/pom.xml"; }
    rm -rf "$home/libs"
    mv "$home/libs.partial" "$home/libs"
    touch "$home/.complete"
  ) 8>"$home/.lock" 7>"$CACHE_DIR/.maven.lock"
}

# The class-data-sharing archive of Kafka's classes (see servers/kafka.sh).
# An archive only fits the JVM build that wrote it, so its name carries the
# java binary's path (a JVM upgraded in place rejects it with a warning and
# starts without it: delete the file).
kafka_cds_archive() {
  local java
  java="$(readlink -f "$(command -v "$(java_bin)")")"
  echo "$KAFKA_HOME/classes-$(printf '%s' "$java" | sha1sum | cut -c1-10).jsa"
}

# kafka_tool MAIN_CLASS ARGS... : run one of Kafka's command-line tools from the
# cached jars, quietly (the tools log at INFO otherwise). The broker's class
# archive holds the client classes too and cuts a tool's start by ~40%.
kafka_tool() {
  local main="$1" archive cds=()
  shift
  archive="$(kafka_cds_archive)"
  [[ -f "$archive" ]] && cds=("-XX:SharedArchiveFile=$archive")
  "$(java_bin)" "${cds[@]}" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2-tools.properties" \
    -cp "$KAFKA_LIBS/*" "$main" "$@"
}

# The env file other scripts source; fall back to the local defaults.
admin_database_url() {
  if [[ -n "${DATABASE_URL:-}" ]]; then echo "$DATABASE_URL"; return; fi
  # shellcheck source=/dev/null
  if [[ -f "$ENV_FILE" ]]; then (source "$ENV_FILE" && echo "${DATABASE_URL:-}"); return; fi
  echo "$LOCAL_PG_ADMIN_URL"
}
