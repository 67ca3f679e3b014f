# shellcheck shell=bash disable=SC2034  # the *_ensure functions' results are read by up.sh
# Kafka: a single KRaft node (broker + controller) run from jars that Maven
# resolves once into $KAFKA_LIBS, shared by every clone on the host.
# Sourced after lib.sh.

KAFKA_PID_FILE="$KAFKA_STATE/kafka.pid"
KAFKA_LOG="$KAFKA_STATE/kafka.log"
KAFKA_NEW_CDS_ARCHIVE="$KAFKA_STATE/classes.jsa.new"

# Startup speed matters: fault tests restart the broker mid-stream. Measured
# on a loaded 2-core host: 10-16 s plain, 5-6 s with a class-data-sharing
# archive of Kafka's classes, 2-3 s adding C1-only JIT (C2's compile threads
# fight the tests for the 2 cores; a test broker never gets hot enough to
# repay them). LLMCHAIN_KAFKA_JVM_OPTS replaces these flags.
read -r -a KAFKA_JVM_OPTS <<<"${LLMCHAIN_KAFKA_JVM_OPTS:--Xmx512m -Xms256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:TieredStopAtLevel=1}"

# The first broker started without an archive writes one when it exits;
# once that JVM is gone the file is complete and is moved into the shared cache.
kafka_promote_cds_archive() {
  local archive
  [[ -s "$KAFKA_NEW_CDS_ARCHIVE" ]] || return 0
  archive="$(kafka_cds_archive)"
  if [[ ! -f "$archive" ]]; then
    cp "$KAFKA_NEW_CDS_ARCHIVE" "$archive.partial.$$" && mv "$archive.partial.$$" "$archive"
  fi
  rm -f "$KAFKA_NEW_CDS_ARCHIVE"
}

# Resolve the broker, its command-line tools and a log4j2 binding for SLF4J
# (without it the broker logs nothing). kafka-tools' connect-runtime dependency
# (Jetty, Jersey: ~10 MB) is only needed by the Connect plugin tool: excluded.
kafka_write_pom() {
  cat >"$1" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>llmchain.infra</groupId>
  <artifactId>kafka-libs</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version>
      <exclusions>
        <exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.25.5</version>
      <exclusions>
        <exclusion><groupId>org.apache.logging.log4j</groupId><artifactId>*</artifactId></exclusion>
      </exclusions>
    </dependency>
  </dependencies>
</project>
EOF
}

kafka_require_libs() {
  [[ -f "$KAFKA_HOME/.complete" ]] && return 0
  require_java_and_maven
  maven_require_libs kafka "$KAFKA_HOME" kafka_write_pom
}

# Regenerated on every start so a changed port takes effect; the data stays.
kafka_write_config() {
  mkdir -p "$KAFKA_STATE/data"
  cat >"$KAFKA_STATE/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_STATE/data
num.partitions=1
# One node: every internal topic can only have one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
# Topics are created explicitly from libs/contracts, so a typo fails instead of
# silently creating a new topic.
auto.create.topics.enable=false
# Consumers in tests join one at a time; do not wait 3 s for more members.
group.initial.rebalance.delay.ms=0
EOF
}

# --standalone makes this node the whole (dynamic) controller quorum. Done once:
# meta.properties marks formatted storage, and formatting again would refuse.
kafka_format() {
  [[ -f "$KAFKA_STATE/data/meta.properties" ]] && return 0
  local cluster_id
  log "kafka: formatting storage in $KAFKA_STATE/data"
  # A cluster id is 16 random bytes in URL-safe base64 without padding (what
  # `StorageTool random-uuid` prints, minus a JVM start); Kafka avoids ids
  # starting with '-', which command lines would take for an option.
  cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  done
  kafka_tool kafka.tools.StorageTool format --standalone -t "$cluster_id" \
    -c "$KAFKA_STATE/server.properties" >"$KAFKA_STATE/format.log" 2>&1 ||
    { show_log_tail "$KAFKA_STATE/format.log"; die "kafka: formatting storage failed"; }
}

kafka_is_ours_running() { pid_alive "$KAFKA_PID_FILE" kafka.Kafka; }

# Ready means the broker answers a request, not just that the port is open:
# an ApiVersions v0 request (key 18, correlation id 1, client id "probe") over
# bash's /dev/tcp, which takes milliseconds where a JVM-based tool takes seconds.
# The reply must carry correlation id 1 and error code 0.
kafka_answers() {
  local reply
  reply="$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$KAFKA_PORT &&
    printf '\x00\x00\x00\x0f\x00\x12\x00\x00\x00\x00\x00\x01\x00\x05probe' >&3 &&
    head -c 10 <&3 | od -An -tx1" 2>/dev/null | tr -d ' \n')" || return 1
  [[ "${reply:8}" == 000000010000 ]]
}

kafka_wait_ready() {
  local deadline=$((SECONDS + ${1:-120}))
  until kafka_answers; do
    # pid_running, not kafka_is_ours_running: right after the launch the pid may
    # still be the subshell about to exec java.
    pid_running "$(<"$KAFKA_PID_FILE")" || { show_log_tail "$KAFKA_LOG"; die "kafka: the broker exited during startup"; }
    ((SECONDS < deadline)) || { show_log_tail "$KAFKA_LOG"; die "kafka: not answering on $LOCAL_KAFKA_BROKERS after ${1:-120}s"; }
    sleep 0.25
  done
}

kafka_start() {
  kafka_require_libs
  command -v "$(java_bin)" >/dev/null || die "kafka: no java found (JAVA_HOME=${JAVA_HOME:-unset})"
  kafka_write_config
  kafka_format
  log "kafka: starting $KAFKA_VERSION on $LOCAL_KAFKA_BROKERS"
  # Appended, so the log of a run that crashed survives the restart.
  printf '\n===== %s infra: starting Kafka %s =====\n' "$(date -u +%FT%TZ)" "$KAFKA_VERSION" >>"$KAFKA_LOG"
  kafka_promote_cds_archive
  local archive cds
  archive="$(kafka_cds_archive)"
  if [[ -f "$archive" ]]; then cds="-XX:SharedArchiveFile=$archive"; else cds="-XX:ArchiveClassesAtExit=$KAFKA_NEW_CDS_ARCHIVE"; fi
  # setsid: the broker outlives the shell (and process group) that started it.
  # 9>&- : do not let it inherit up.sh's lock file descriptor.
  (
    cd "$KAFKA_STATE" || exit 1
    exec setsid "$(java_bin)" "${KAFKA_JVM_OPTS[@]}" "$cds" \
      -Djava.awt.headless=true -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_STATE/server.properties"
  ) >>"$KAFKA_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$KAFKA_PID_FILE"
  kafka_wait_ready 120
}

# SIGTERM runs the broker's controlled shutdown, which flushes the logs; only
# a broker stuck past the timeout is killed.
kafka_stop() {
  local pid
  kafka_is_ours_running || { rm -f "$KAFKA_PID_FILE"; return 0; }
  pid="$(<"$KAFKA_PID_FILE")"
  log "kafka: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for 60 "kafka to exit" pid_gone "$pid"; then
    log "kafka: still running after 60s, killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 10 "kafka to die" pid_gone "$pid" || true
  fi
  rm -f "$KAFKA_PID_FILE"
  kafka_promote_cds_archive
}

# Sets KAFKA_BROKERS_IN_USE to the bootstrap list to use.
kafka_ensure() {
  if configured_url "${KAFKA_BROKERS:-}" "$LOCAL_KAFKA_BROKERS"; then
    local first="${KAFKA_BROKERS%%,*}"
    first="${first#*://}"
    wait_for 30 "kafka at KAFKA_BROKERS" port_open "${first%:*}" "${first##*:}" ||
      die "kafka: KAFKA_BROKERS is set but $first does not accept connections"
    KAFKA_BROKERS_IN_USE="$KAFKA_BROKERS"
    return
  fi
  kafka_require_libs
  if kafka_is_ours_running; then
    kafka_wait_ready 120
  elif port_open 127.0.0.1 "$KAFKA_PORT"; then
    log "kafka: something already listens on $LOCAL_KAFKA_BROKERS (not started from $STATE_DIR); reusing it"
  else
    kafka_start
  fi
  KAFKA_BROKERS_IN_USE="$LOCAL_KAFKA_BROKERS"
}
