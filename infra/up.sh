#!/usr/bin/env bash
# Usage: infra/up.sh [DATABASE...]
# Starts, on loopback, whatever of Postgres, Redis, Kafka and S3Proxy is not configured
# (DATABASE_URL / REDIS_URL / KAFKA_BROKERS / S3_ENDPOINT) or already running, creates the
# databases (default: the four services'), and writes <state dir>/env for
# other scripts to `source`. Re-running it with everything up changes nothing.
#
# Timings on the 2-core dev machine (Debian 12, JDK 17) while other work kept
# its load average at 5-13, so a quiet machine does better:
#   nothing running, empty Maven repo and jar cache ........ 49-60 s
#     (Maven resolving Kafka 37-40 s; apt-get redis-server 8 s;
#      PostgreSQL was preinstalled: a bare host adds its apt install)
#   nothing running, state dir removed, caches kept ........ 5-14 s
#     (Kafka's storage format + start dominate)
#   everything already running ............................. 0.4-0.9 s
#   restart.sh kafka 4-5 s (first broker start in a fresh jar cache 10-16 s: it
#     writes the class-data-sharing archive later starts use); redis / postgres < 1 s
#   A bare Debian 12 chroot with only JDK 17 + Maven (apt-get postgresql 18 s,
#     redis-server 5 s, Maven 42 s) ............................... about 85 s
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=servers/postgres.sh
source "$INFRA_DIR/servers/postgres.sh"
# shellcheck source=servers/redis.sh
source "$INFRA_DIR/servers/redis.sh"
# shellcheck source=servers/kafka.sh
source "$INFRA_DIR/servers/kafka.sh"
# shellcheck source=servers/s3proxy.sh
source "$INFRA_DIR/servers/s3proxy.sh"

[[ "$(id -u)" == 0 ]] || die "run as root: it installs packages and runs Postgres as the postgres user"
databases=("$@")
((${#databases[@]} > 0)) || databases=(llmchain_data llmchain_training llmchain_serving llmchain_billing)

mkdir -p "$STATE_DIR"
# One up.sh at a time per state dir: parallel test runners may all call it.
exec 9>"$STATE_DIR/.lock"
flock -w 900 9 || die "timed out waiting for another infra/up.sh"

# S3Proxy starts in the background beside the others (its JVM start overlaps theirs), after the one apt-get that
# Kafka would otherwise run at the same time; its env lines come back through a file.
require_java_and_maven
s3_env_lines="$STATE_DIR/env.s3.partial"
s3proxy_ensure "$s3_env_lines" 9>&- &
s3proxy_job=$!

postgres_ensure
DATABASE_URL="$PG_ADMIN_URL" "$INFRA_DIR/create-db.sh" "${databases[@]}" 9>&-
redis_ensure
kafka_ensure
wait "$s3proxy_job" || die "s3proxy: could not be started (log: $S3PROXY_STATE/s3proxy.log)"

# %q: a URL's password may hold characters the shell would interpret.
printf 'export DATABASE_URL=%q\nexport REDIS_URL=%q\nexport KAFKA_BROKERS=%q\n' \
  "$PG_ADMIN_URL" "$REDIS_URL_IN_USE" "$KAFKA_BROKERS_IN_USE" >"$ENV_FILE.partial"
cat "$s3_env_lines" >>"$ENV_FILE.partial" && rm -f "$s3_env_lines"
mv "$ENV_FILE.partial" "$ENV_FILE"

echo "postgres  $PG_ADMIN_URL (databases: ${databases[*]})"
echo "redis     $REDIS_URL_IN_USE"
echo "kafka     $KAFKA_BROKERS_IN_USE"
echo "s3        $(sed -n 's/^export S3_ENDPOINT=//p' "$ENV_FILE")"
echo "env       source $ENV_FILE"
