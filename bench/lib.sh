#!/usr/bin/env bash
# Shared helpers for the bench scripts: build, fresh local servers, start/stop the jar, run a bench class.
# Local servers: PostgreSQL at $PGHOST:$PGPORT (user postgres), Redis at $REDIS_HOST:$REDIS_PORT.

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
REDIS_DB=${REDIS_DB:-1}
BENCH_DB=${BENCH_DB:-orderflow_bench}
APP_PORT=${APP_PORT:-18090}
APP_URL="http://127.0.0.1:$APP_PORT"
BENCH_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB?user=$PGUSER"
BENCH_REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT/$REDIS_DB"
RESULTS_DIR=${RESULTS_DIR:-bench/results}
mkdir -p "$RESULTS_DIR"

bench_build() {
  echo "Building the jar and the bench classes ..."
  mvn -q -B -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
  BENCH_CLASSPATH="target/classes:target/test-classes:$(cat target/bench.classpath)"
}

# A PostgreSQL with autovacuum off (this machine's local one is set up so) lets every published outbox row leave a
# dead entry in the relay's partial index, and the relay slows down as the run goes on: no production server runs
# like that. Switch it on for the run and back to the server's own setting at the end.
bench_autovacuum_on() {
  if [ "$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atc 'SHOW autovacuum')" = off ]; then
    echo "PostgreSQL has autovacuum off: switching it on for this run (ALTER SYSTEM, reset at exit)"
    psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "ALTER SYSTEM SET autovacuum = on" -c "SELECT pg_reload_conf()" >/dev/null
    trap 'psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "ALTER SYSTEM RESET autovacuum" -c "SELECT pg_reload_conf()" >/dev/null' EXIT
  fi
}

bench_fresh_servers() {
  psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" \
       -c "CREATE DATABASE $BENCH_DB" >/dev/null
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" FLUSHDB >/dev/null
}

# $1 = ORDERFLOW_SERVICES; extra environment can be passed in APP_ENV (e.g. "ORDERFLOW_RELAY_BATCH_SIZE=1000")
bench_start_app() {
  APP_LOG="$RESULTS_DIR/app-${1//,/-}.log"
  env ORDERFLOW_SERVICES="$1" ORDERFLOW_HTTP_PORT="$APP_PORT" ORDERFLOW_LOG_FORMAT=plain ORDERFLOW_LOG_LEVEL=WARN \
      ORDERFLOW_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB" ORDERFLOW_DB_USER="$PGUSER" \
      ORDERFLOW_REDIS_URL="$BENCH_REDIS_URL" ${APP_ENV:-} \
      java ${APP_JAVA_OPTS:--Xmx512m} -jar target/orderflow.jar >"$APP_LOG" 2>&1 &
  APP_PID=$!
  APP_STARTED=$(date +%s%N)
  for _ in $(seq 1 6000); do
    if [[ "$1" == *orders* ]]; then
      # an order service is up when it accepts an order: the time to the first 201
      status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$APP_URL/orders" -H 'Content-Type: application/json' \
          -d '{"customer_id": "startup-probe", "total_amount": 0}' 2>/dev/null || true)
      ready=$([ "$status" = 201 ] && echo yes || echo no)
    else
      ready=$(curl -sf "$APP_URL/observe/health" >/dev/null 2>&1 && echo yes || echo no)
    fi
    if [ "$ready" = yes ]; then
      APP_FIRST_201_MS=$(( ($(date +%s%N) - APP_STARTED) / 1000000 ))
      echo "Orderflow ($1) up after $APP_FIRST_201_MS ms, pid $APP_PID"
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "Orderflow died, see $APP_LOG"; tail -20 "$APP_LOG"; return 1; }
    sleep 0.01
  done
  echo "Orderflow did not come up, see $APP_LOG"; return 1
}

bench_stop_app() {
  if [ -n "${APP_PID:-}" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=
}

bench_java() {
  java -Xmx1g -Dorderflow.log.format=plain -Dorderflow.log.level=WARN -cp "$BENCH_CLASSPATH" "$@" | grep '^RESULT|'
}
