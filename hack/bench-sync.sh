#!/usr/bin/env bash
# Sync benchmark: a fresh API server, the Clore simulator with N offers, the operator (runnable jar).
# Prints progress, then one JSON line: offers, sync_seconds, baseline_seconds, ratio, idle_writes,
# writes_after_1pct_change, rss_mib. See src/test/java/io/computemirror/bench/SyncBenchmark.java.
#
#   hack/bench-sync.sh [N]          N offers, default 10000
#   BENCH_CONCURRENCY=16 BENCH_HEAP=384m BENCH_IDLE_POLLS=10 hack/bench-sync.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OFFERS="${1:-10000}"

hack/test-binaries.sh >/dev/null
echo "[bench-sync] building the operator and the benchmark" >&2
./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null

exec java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dbench.offers="$OFFERS" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-16}" \
  -Dbench.operator-heap="${BENCH_HEAP:-384m}" \
  -Dbench.idle-polls="${BENCH_IDLE_POLLS:-10}" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.computemirror.bench.SyncBenchmark
