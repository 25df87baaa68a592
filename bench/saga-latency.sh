#!/usr/bin/env bash
# End to end through the saga at a fixed rate: POST -> CONFIRMED (two hops through Redis) and relay lag
# (outbox insert -> XADD), with Orderflow as a jar against the local PostgreSQL and Redis.
#
#   bench/saga-latency.sh                 # 200 orders/s for 30 s
#   RATE=1000 SECONDS_=20 bench/saga-latency.sh
#
# Uses (and recreates) the database orderflow_bench and Redis database 1 (flushed).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

RATE=${RATE:-200}
DURATION=${SECONDS_:-30}

bench_build
bench_fresh_servers
bench_start_app "orders,relay,inventory"
trap bench_stop_app EXIT

echo "Open loop at $RATE orders/s for $DURATION s ..."
bench_java io.orderflow.bench.OrderLoad open "$APP_URL" "$RATE" "$DURATION" "$BENCH_JDBC_URL" "$BENCH_REDIS_URL" | tee "$RESULTS_DIR/saga-latency.txt"
