# shellcheck shell=bash disable=SC2034  # the *_ensure functions' results are read by up.sh
# Redis: Debian's redis-server started with our own config in $REDIS_HOME.
# Sourced after lib.sh.

redis_ping() { redis-cli "$@" ping 2>/dev/null | grep -q PONG; }
redis_ping_local() { redis_ping -h 127.0.0.1 -p "$REDIS_PORT"; }

# A server we did not configure may evict keys, which breaks BullMQ quietly.
redis_warn_eviction() {
  local policy
  policy="$(redis-cli "$@" config get maxmemory-policy 2>/dev/null | tail -n 1)"
  [[ "$policy" == noeviction ]] ||
    log "redis: WARNING: maxmemory-policy is '$policy', BullMQ needs noeviction"
}

redis_write_config() {
  mkdir -p "$REDIS_HOME"
  # noeviction: BullMQ refuses to run on a Redis that may evict its keys.
  # No periodic snapshots (tests churn keys); restart.sh saves explicitly at shutdown.
  cat >"$REDIS_HOME/redis.conf" <<EOF
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $REDIS_HOME/redis.pid
logfile $REDIS_HOME/redis.log
dir $REDIS_HOME
dbfilename dump.rdb
save ""
appendonly no
maxmemory-policy noeviction
EOF
}

redis_start() {
  redis_write_config
  log "redis: starting on 127.0.0.1:$REDIS_PORT"
  redis-server "$REDIS_HOME/redis.conf" 9>&- ||
    { show_log_tail "$REDIS_HOME/redis.log"; die "redis: redis-server failed to start"; }
  wait_for 30 "redis on 127.0.0.1:$REDIS_PORT" redis_ping_local ||
    { show_log_tail "$REDIS_HOME/redis.log"; die "redis: not answering on 127.0.0.1:$REDIS_PORT"; }
}

# MODE is nosave (down.sh: the data is disposable) or save (restart.sh keeps it).
redis_stop() {
  local mode="${1:-nosave}" pid
  pid_alive "$REDIS_HOME/redis.pid" redis-server || return 0
  pid="$(<"$REDIS_HOME/redis.pid")"
  log "redis: stopping ($mode)"
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown "$mode" >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  wait_for 30 "redis to exit" pid_gone "$pid" || die "redis: pid $pid did not exit"
}

# Sets REDIS_URL_IN_USE to the URL of the server to use.
redis_ensure() {
  if configured_url "${REDIS_URL:-}" "$LOCAL_REDIS_URL"; then
    if ! command -v redis-cli >/dev/null; then
      apt_install redis-tools
    fi
    wait_for 30 "redis at REDIS_URL" redis_ping -u "$REDIS_URL" ||
      die "redis: REDIS_URL is set but the server does not answer PING"
    REDIS_URL_IN_USE="$REDIS_URL"
    redis_warn_eviction -u "$REDIS_URL"
    return
  fi
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    apt_install redis-server
  fi
  if redis_ping_local; then
    redis_warn_eviction -h 127.0.0.1 -p "$REDIS_PORT"
  else
    redis_start
  fi
  REDIS_URL_IN_USE="$LOCAL_REDIS_URL"
}
