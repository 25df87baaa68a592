#!/usr/bin/env bash
# Writes an AppCDS archive (JDK 17 dynamic archive) of Orderflow: starts the jar once, places one order, stops it, and
# the JVM writes every class it loaded (parsed and verified) to the archive at exit. A start with
# -XX:SharedArchiveFile=<archive> then maps them instead of loading them from the jar: start to first 201 about halved
# (9.3 s -> 4.8 s on a busy 2-core machine; README, "Faster start").
#
#   deploy/cds-archive.sh <jar> <archive> [port]
#
# The archive belongs to exactly that jar at exactly that path, and to the JVM that wrote it: run it again after every
# build (a stale or foreign archive is refused by the JVM, which then simply starts without it). Servers: whatever the
# environment names (ORDERFLOW_DB_URL, ORDERFLOW_REDIS_URL), else the embedded ones, which load classes the real ones
# do not; either way the classes of the order path are the same.
set -euo pipefail
JAR=$1
ARCHIVE=$2
PORT=${3:-18099}

rm -f "$ARCHIVE"
# the run's output goes to CDS_TRAINING_LOG (default: nowhere)
ORDERFLOW_HTTP_PORT=$PORT ORDERFLOW_LOG_LEVEL=WARN ORDERFLOW_LOG_FLOW_LEVEL=WARN \
    java -XX:ArchiveClassesAtExit="$ARCHIVE" -Xlog:cds=off -Xlog:cds+dynamic=off ${CDS_JAVA_OPTS:-} -jar "$JAR" \
    >"${CDS_TRAINING_LOG:-/dev/null}" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT

# HTTP/1.0 over bash's /dev/tcp: images have no curl
post_order() {
  local body=${1:-'{"customer_id": "cds-training", "total_amount": 1.00, "items": [{"sku": "SKU-1", "quantity": 1}]}'}
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
  printf 'POST /orders HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n%s' "${#body}" "$body" >&3
  local status
  status=$(head -n 1 <&3)
  exec 3<&-
  [[ "$status" == *" 201 "* ]]
}

for _ in $(seq 1 1200); do
  kill -0 "$PID" 2>/dev/null || { echo "Orderflow exited during the training run" >&2; exit 1; }
  if post_order 2>/dev/null; then
    # a few more, and a refused one (the problem+json path), then the stop path
    for _ in 1 2 3; do post_order 2>/dev/null || true; done
    post_order '{}' 2>/dev/null || true
    kill -TERM "$PID"
    wait "$PID" || true
    trap - EXIT
    [ -s "$ARCHIVE" ] || { echo "No archive written" >&2; exit 1; }
    echo "AppCDS archive $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1)) for $JAR"
    exit 0
  fi
  sleep 0.1
done
echo "Orderflow did not answer 201 within 120 s" >&2
exit 1
