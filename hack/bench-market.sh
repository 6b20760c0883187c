#!/usr/bin/env bash
# Market benchmark: a fresh API server, the Clore simulator with N offers and the operator (runnable jar) twice in
# one run: plain sync (no queries), then with Q GpuOfferQueries. Prints progress, then one JSON line: idle query
# writes, price change -> query status latency, query-evaluation CPU of a changing poll, both peak RSS and their ratio.
# See src/test/java/io/computemirror/bench/MarketBenchmark.java.
#
#   hack/bench-market.sh [N [Q]]      N offers (default 10000), Q queries (default 100)
#   BENCH_HEAP=160m BENCH_IDLE_POLLS=10 hack/bench-market.sh
#   BENCH_JVM="-XX:+UseSerialGC ..."   the operator's other JVM options (default: the Helm chart's, heap included)
set -euo pipefail
cd "$(dirname "$0")/.."
OFFERS="${1:-10000}"
QUERIES="${2:-100}"

hack/test-binaries.sh >/dev/null
echo "[bench-market] building the operator and the benchmark" >&2
./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null

# glibc keeps one malloc arena per core and thread burst; two are enough for the operator (as in the chart).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dbench.offers="$OFFERS" \
  -Dbench.queries="$QUERIES" \
  -Dbench.operator-heap="${BENCH_HEAP:-}" \
  -Dbench.operator-jvm="${BENCH_JVM:-}" \
  -Dbench.idle-polls="${BENCH_IDLE_POLLS:-10}" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.computemirror.bench.MarketBenchmark
