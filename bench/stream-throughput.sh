#!/usr/bin/env bash
# Throughput of the redis-streams component next to raw XADD (redis-benchmark) on the same Redis, in one run.
#
#   bench/stream-throughput.sh                      # local Redis at 127.0.0.1:6379, 100,000 entries of ~300 bytes
#   REDIS_HOST=h REDIS_PORT=p ENTRIES=200000 bench/stream-throughput.sh
#
# Writes to and deletes the keys bench:stream-throughput* and benchstream on that Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
REDIS_URL=${REDIS_URL:-redis://$REDIS_HOST:$REDIS_PORT}
ENTRIES=${ENTRIES:-100000}
PAYLOAD=$(printf 'x%.0s' $(seq 1 301))

echo "Building (mvn test-compile) ..."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CLASSPATH="target/classes:target/test-classes:$(cat target/bench.classpath)"

raw_xadd() { # $1 = pipeline depth; prints requests per second
  redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n "$ENTRIES" -c 1 -P "$1" \
      XADD benchstream '*' payload "$PAYLOAD" 2>/dev/null | tr '\r' '\n' | grep 'requests per second' | tail -1 \
      | sed -E 's/.*: ([0-9.]+) requests per second.*/\1/'
}

echo "Raw XADD with redis-benchmark ..."
RAW_P1=$(raw_xadd 1)
redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" DEL benchstream >/dev/null
RAW_P16=$(raw_xadd 16)
redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" DEL benchstream >/dev/null

echo "The component (Java) ..."
RESULTS=$(java -Xmx1g -Dorderflow.log.format=plain -Dorderflow.log.level=WARN -Dredis.url="$REDIS_URL" \
    -Dentries="$ENTRIES" -cp "$CLASSPATH" io.orderflow.bench.StreamThroughput | grep '^RESULT|')

echo
echo "Redis $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" INFO server | grep redis_version | tr -d '\r' | cut -d: -f2)" \
     "at $REDIS_HOST:$REDIS_PORT, $ENTRIES entries, ~300-byte payload, $(nproc) cores"
printf '%-52s %10s %12s %14s\n' "measurement" "entries" "seconds" "entries/s"
printf '%-52s %10s %12s %14.0f\n' "raw XADD, redis-benchmark -c 1 -P 1" "$ENTRIES" "-" "$RAW_P1"
printf '%-52s %10s %12s %14.0f\n' "raw XADD, redis-benchmark -c 1 -P 16" "$ENTRIES" "-" "$RAW_P16"
while IFS='|' read -r _ name entries seconds rate; do
  printf '%-52s %10s %12s %14s\n' "$name" "$entries" "$seconds" "$rate"
done <<< "$RESULTS"
CONSUME=$(grep 'exchange per entry' <<< "$RESULTS" | cut -d'|' -f5)
echo
awk -v c="$CONSUME" -v r="$RAW_P1" 'BEGIN { printf "consume+ack (exchange per entry) = %.0f%% of raw XADD at pipeline 1 (target >= 50%%)\n", 100 * c / r }'
