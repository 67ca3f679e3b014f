# shellcheck shell=bash disable=SC2034  # the *_ensure functions' results are read by up.sh
# S3Proxy: an S3-compatible server over a directory (its filesystem backend), run from jars that Maven resolves once
# into $S3PROXY_HOME/libs, shared by every clone on the host, on the JDK that runs Kafka. Loopback only.
# Sourced after lib.sh.

S3PROXY_PID_FILE="$S3PROXY_STATE/s3proxy.pid"
S3PROXY_LOG="$S3PROXY_STATE/s3proxy.log"

s3proxy_write_pom() {
  cat >"$1" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>llmchain.infra</groupId>
  <artifactId>s3proxy-libs</artifactId>
  <version>$S3PROXY_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.gaul</groupId><artifactId>s3proxy</artifactId><version>$S3PROXY_VERSION</version></dependency>
  </dependencies>
</project>
POM
}

# Regenerated on every start so a changed port takes effect; the objects stay in $S3PROXY_STATE/data.
s3proxy_write_config() {
  mkdir -p "$S3PROXY_STATE/data"
  cat >"$S3PROXY_STATE/s3proxy.conf" <<CONF
s3proxy.endpoint=$LOCAL_S3_ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$LOCAL_S3_ACCESS_KEY_ID
s3proxy.credential=$LOCAL_S3_SECRET_ACCESS_KEY
jclouds.provider=filesystem-nio2
# The backend's own login, which a directory does not check; filesystem-nio2 insists on having one.
jclouds.identity=local
jclouds.credential=local
jclouds.filesystem.basedir=$S3PROXY_STATE/data
CONF
}

s3proxy_is_ours_running() { pid_alive "$S3PROXY_PID_FILE" org.gaul.s3proxy.Main; }

# Ready means it answers HTTP (an unsigned request gets an S3 error document), not just that the port is open.
# Over bash's /dev/tcp: a bare host has no curl.
s3proxy_answers() {
  local reply
  reply="$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$S3_PORT &&
    printf 'GET / HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3 && head -c 9 <&3" 2>/dev/null)" || return 1
  [[ "$reply" == HTTP/1.* ]]
}

s3proxy_start() {
  maven_require_libs s3proxy "$S3PROXY_HOME" s3proxy_write_pom
  s3proxy_write_config
  log "s3proxy: starting $S3PROXY_VERSION on $LOCAL_S3_ENDPOINT"
  printf '\n===== %s infra: starting S3Proxy %s =====\n' "$(date -u +%FT%TZ)" "$S3PROXY_VERSION" >>"$S3PROXY_LOG"
  (
    cd "$S3PROXY_STATE" || exit 1
    exec setsid "$(java_bin)" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true \
      -Dlogback.configurationFile="$INFRA_DIR/s3proxy/logback.xml" \
      -cp "$S3PROXY_HOME/libs/*" org.gaul.s3proxy.Main --properties "$S3PROXY_STATE/s3proxy.conf"
  ) >>"$S3PROXY_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$S3PROXY_PID_FILE"
  local deadline=$((SECONDS + 60))
  until s3proxy_answers; do
    pid_running "$(<"$S3PROXY_PID_FILE")" || { show_log_tail "$S3PROXY_LOG"; die "s3proxy: exited during startup"; }
    ((SECONDS < deadline)) || { show_log_tail "$S3PROXY_LOG"; die "s3proxy: not answering on $LOCAL_S3_ENDPOINT after 60s"; }
    sleep 0.25
  done
}

s3proxy_stop() {
  local pid
  s3proxy_is_ours_running || { rm -f "$S3PROXY_PID_FILE"; return 0; }
  pid="$(<"$S3PROXY_PID_FILE")"
  log "s3proxy: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  wait_for 30 "s3proxy to exit" pid_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$S3PROXY_PID_FILE"
}

# Starts S3Proxy unless S3_ENDPOINT names another server or ours already runs. up.sh runs it in the background, beside
# Postgres, Redis and Kafka; it writes the S3_* lines of the env file to $1.
s3proxy_ensure() {
  local env_lines="$1"
  if configured_url "${S3_ENDPOINT:-}" "$LOCAL_S3_ENDPOINT"; then
    printf 'export S3_ENDPOINT=%q\n' "$S3_ENDPOINT" >"$env_lines"
    return
  fi
  if s3proxy_is_ours_running; then
    wait_for 60 "s3proxy on $LOCAL_S3_ENDPOINT" s3proxy_answers || die "s3proxy: running but not answering"
  elif port_open 127.0.0.1 "$S3_PORT"; then
    log "s3proxy: something already listens on $LOCAL_S3_ENDPOINT (not started from $STATE_DIR); reusing it"
  else
    s3proxy_start
  fi
  mkdir -p "$S3PROXY_STATE/data/$LOCAL_S3_BUCKET"
  printf 'export S3_ENDPOINT=%q\nexport S3_REGION=us-east-1\nexport S3_FORCE_PATH_STYLE=true\nexport S3_BUCKET=%q\nexport S3_ACCESS_KEY_ID=%q\nexport S3_SECRET_ACCESS_KEY=%q\n' \
    "$LOCAL_S3_ENDPOINT" "$LOCAL_S3_BUCKET" "$LOCAL_S3_ACCESS_KEY_ID" "$LOCAL_S3_SECRET_ACCESS_KEY" >"$env_lines"
}
