#!/usr/bin/env bash
# Sync benchmark: a fresh API server, the Clore simulator with N offers, the operator (runnable jar).
# Prints progress, then one JSON line: offers, sync_seconds, baseline_seconds, ratio, sync_cpu_seconds,
# cpu_seconds_per_idle_poll, idle_writes, writes_after_1pct_change, rss_mib, where the writes' time went (from the
# audit log: requests_per_offer, in_flight, idle_share, each also for the baseline), restart_seconds, restart_writes.
# See src/test/java/io/computemirror/bench/SyncBenchmark.java.
#
#   hack/bench-sync.sh [N]          N offers, default 10000
#   BENCH_CONCURRENCY=16 BENCH_HEAP=160m BENCH_IDLE_POLLS=10 hack/bench-sync.sh
#   BENCH_JVM="-XX:+UseSerialGC ..."   the operator's other JVM options (default: the Helm chart's, heap included)
#   BENCH_MEMORY_REPORT=true        also print the operator's Native Memory Tracking summary and class histogram
set -euo pipefail
cd "$(dirname "$0")/.."
OFFERS="${1:-10000}"

hack/test-binaries.sh >/dev/null
echo "[bench-sync] building the operator and the benchmark" >&2
./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null

# glibc keeps one malloc arena per core and thread burst; two are enough for the operator (as in the chart).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dbench.offers="$OFFERS" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-16}" \
  -Dbench.operator-heap="${BENCH_HEAP:-}" \
  -Dbench.operator-jvm="${BENCH_JVM:-}" \
  -Dbench.idle-polls="${BENCH_IDLE_POLLS:-10}" \
  -Dbench.memory-report="${BENCH_MEMORY_REPORT:-false}" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.computemirror.bench.SyncBenchmark
