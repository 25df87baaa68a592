#!/usr/bin/env bash
# The crash-consistency suite, full profile: Orderflow as four jar processes (order service, relay, two inventory
# consumers) on a PostgreSQL and a Redis of the suite's own (embedded binaries on free ports, durable PostgreSQL,
# Redis with AOF), 100 orders/s, six scenarios: kill -9 an inventory consumer holding entries, kill -9 the relay,
# Redis down 10 s, PostgreSQL fast restart, SIGTERM all, poison entries plus a handler failing for one SKU.
# After each one, once quiet, every invariant is checked over everything done so far. ~8 minutes.
#
#   bench/faults.sh            # full profile, table in bench/results/faults.txt
#   bench/faults.sh short      # the profile FaultSuiteIT runs in every build
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
PROFILE=${1:-full}
bench_build
java -Xmx512m -Dorderflow.log.format=plain -Dorderflow.log.level=WARN -Dorderflow.jar=target/orderflow.jar \
    -cp "$BENCH_CLASSPATH" io.orderflow.faults.FaultSuite "$PROFILE" "$RESULTS_DIR/faults.txt"
