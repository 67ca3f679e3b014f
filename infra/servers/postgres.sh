# shellcheck shell=bash disable=SC2034  # the *_ensure functions' results are read by up.sh
# PostgreSQL: our own cluster in $PG_DATA, run by the `postgres` OS user
# (initdb and postgres refuse to run as root). Sourced after lib.sh.

postgres_require_client() {
  if ! command -v psql >/dev/null || ! command -v pg_isready >/dev/null; then
    apt_install postgresql-client
  fi
}

postgres_require_server() {
  if [[ -z "$(pg_bindir)" ]] || ! id postgres >/dev/null 2>&1; then
    apt_install postgresql
  fi
  postgres_require_client
}

# The cluster must be run by the binaries of the version that created it.
postgres_bindir_for_data() {
  local version dir
  version="$(cat "$PG_DATA/PG_VERSION")"
  dir="/usr/lib/postgresql/$version/bin"
  [[ -x "$dir/pg_ctl" ]] || die "$PG_DATA was created by PostgreSQL $version, whose binaries are gone; run infra/down.sh --purge"
  echo "$dir"
}

# Without the binaries that created the cluster it cannot be running, and
# down.sh --purge must still be able to remove it.
postgres_is_ours_running() {
  [[ -f "$PG_DATA/PG_VERSION" && -x "/usr/lib/postgresql/$(cat "$PG_DATA/PG_VERSION")/bin/pg_ctl" ]] &&
    runuser -u postgres -- "$(postgres_bindir_for_data)/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

postgres_pg_ctl() {
  runuser -u postgres -- "$(postgres_bindir_for_data)/pg_ctl" "$@"
}

# initdb with llmchain as the bootstrap superuser: no `postgres` role to
# password-protect, and no Unix socket needed to create our role afterwards.
postgres_init() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  mkdir -p "$STATE_DIR"
  if ! runuser -u postgres -- test -x "$STATE_DIR"; then
    PG_HOME="/var/lib/llmchain/postgres-$(printf '%s' "$STATE_DIR" | sha1sum | cut -c1-12)"
    PG_DATA="$PG_HOME/data"
    log "postgres: the postgres OS user cannot reach $STATE_DIR; keeping the cluster in $PG_HOME"
    mkdir -p "$PG_HOME"
    ln -sfn "$PG_HOME" "$STATE_DIR/postgres"
  fi
  log "postgres: initialising a cluster in $PG_DATA"
  mkdir -p "$PG_HOME"
  chown postgres:postgres "$PG_HOME"
  chmod 700 "$PG_HOME"
  printf 'llmchain\n' >"$PG_HOME/pwfile"
  chown postgres:postgres "$PG_HOME/pwfile"
  runuser -u postgres -- "$(pg_bindir)/initdb" -D "$PG_DATA" -U llmchain --pwfile="$PG_HOME/pwfile" \
    --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --locale=C.UTF-8 >"$PG_HOME/initdb.log" 2>&1 ||
    { show_log_tail "$PG_HOME/initdb.log"; die "postgres: initdb failed"; }
  rm -f "$PG_HOME/pwfile"
  # TCP on loopback only; no Unix socket (its path length limit bites deep state dirs).
  # fsync/synchronous_commit off: a dev/test cluster trades crash safety of the
  # host for much faster test runs; a process crash still loses nothing.
  # Tests open many pools in parallel, hence more connections than the default 100.
  cat >>"$PG_DATA/postgresql.conf" <<'EOF'

# --- llmchain infra/up.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

postgres_start() {
  log "postgres: starting on 127.0.0.1:$PG_PORT"
  # 9>&- : do not let the server inherit up.sh's lock file descriptor.
  postgres_pg_ctl start -D "$PG_DATA" -l "$PG_HOME/postgres.log" -w -t 60 \
    -o "-c port=$PG_PORT" >/dev/null 9>&- ||
    { show_log_tail "$PG_HOME/postgres.log"; die "postgres: did not start (is port $PG_PORT taken?)"; }
  wait_for 30 "postgres on 127.0.0.1:$PG_PORT" pg_isready -q -h 127.0.0.1 -p "$PG_PORT" ||
    { show_log_tail "$PG_HOME/postgres.log"; die "postgres: not answering on 127.0.0.1:$PG_PORT"; }
}

postgres_stop() {
  if postgres_is_ours_running; then
    log "postgres: stopping"
    postgres_pg_ctl stop -D "$PG_DATA" -m fast -w -t 60 >/dev/null
  fi
}

# A server we did not start (an earlier run with another state dir, Debian's
# cluster) may lack our role: create it through the default socket as `postgres`.
postgres_ensure_role() {
  psql -X -q "$LOCAL_PG_ADMIN_URL" -c 'SELECT 1' >/dev/null 2>&1 && return 0
  log "postgres: creating role llmchain on the server at 127.0.0.1:$PG_PORT"
  runuser -u postgres -- psql -X -q -h /var/run/postgresql -p "$PG_PORT" -d postgres -c \
    "DO \$\$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'llmchain') THEN
         CREATE ROLE llmchain LOGIN SUPERUSER PASSWORD 'llmchain';
       ELSE
         ALTER ROLE llmchain LOGIN SUPERUSER PASSWORD 'llmchain';
       END IF;
     END \$\$;" >/dev/null 2>&1 ||
    die "postgres: a server already answers on 127.0.0.1:$PG_PORT but rejects llmchain/llmchain and we cannot add the role; set DATABASE_URL or LLMCHAIN_PG_PORT"
}

# Sets PG_ADMIN_URL to the admin URL of the server to use.
postgres_ensure() {
  if configured_url "${DATABASE_URL:-}" "$LOCAL_PG_ADMIN_URL"; then
    postgres_require_client
    wait_for 30 "postgres at DATABASE_URL" psql -X -q "$DATABASE_URL" -c 'SELECT 1' ||
      die "postgres: DATABASE_URL is set but the server does not accept connections"
    PG_ADMIN_URL="$DATABASE_URL"
    return
  fi
  postgres_require_server
  if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
    postgres_ensure_role
  else
    postgres_init
    postgres_start
  fi
  PG_ADMIN_URL="$LOCAL_PG_ADMIN_URL"
}
