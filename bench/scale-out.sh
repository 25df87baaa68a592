#!/usr/bin/env bash
# Scaling out on one machine: 1 process running orders, 2 running relay, 2 running inventory (all target/orderflow.jar)
# against one PostgreSQL and one Redis; 2,000 orders through the HTTP API. Shows the work shared by the two inventory
# consumers (XINFO CONSUMERS, XPENDING, per-process counts) and the two relays, and checks every order is final once
# with its events in order. Exits non-zero if a check fails.
#
#   bench/scale-out.sh                                  # local PostgreSQL (postgres@127.0.0.1:5432), Redis db 9
#   ORDERS=5000 CLIENTS=32 REDIS_URL=redis://host:6379/3 DB_SERVER=jdbc:postgresql://host:5432/ bench/scale-out.sh
#
# Drops and creates the database orderflow_scale_out and flushes the Redis database it is given. Logs of the five
# processes: target/scale-out/*.log.
set -euo pipefail
cd "$(dirname "$0")/.."

ORDERS=${ORDERS:-2000}
CLIENTS=${CLIENTS:-16}
DB_SERVER=${DB_SERVER:-jdbc:postgresql://127.0.0.1:5432/}
DB_USER=${DB_USER:-postgres}
DB_PASSWORD=${DB_PASSWORD:-}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/9}

echo "Building (mvn package, test classes) ..."
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CLASSPATH="target/test-classes:target/classes:$(cat target/bench.classpath)"
rm -rf target/scale-out

java -Dorderflow.log.format=plain -Dorderflow.log.level=WARN -Dorderflow.jar=target/orderflow.jar \
     -Dorders="$ORDERS" -Dclients="$CLIENTS" -Ddb.server="$DB_SERVER" -Ddb.user="$DB_USER" -Ddb.password="$DB_PASSWORD" \
     -Dredis.url="$REDIS_URL" -Dwork.dir=target/scale-out \
     -cp "$CLASSPATH" io.orderflow.bench.ScaleOut
