#!/usr/bin/env bash
# The three sandbox providers alone, on 127.0.0.1:18081 (Quiva), :18082 (Clore) and :18083 (Akua, /v1), until Ctrl-C;
# prints their base URLs and demo tokens. The simulators live in test scope (src/test/java/io/computemirror/sandbox),
# never in the operator's jar, so this compiles the tests and runs SandboxMain from target/test-classes.
#
#   hack/sandbox.sh                                 default ports, seed 1, a change step every 30 s
#   hack/sandbox.sh --quiva-port=0 --clore-port=0 --akua-port=0 --seed=7 --tick-seconds=10
#   --no-build   run what is built (target/test-classes and target/test.classpath)
# Faults and provider changes at run time: POST http://127.0.0.1:PORT/_sandbox/faults and /_sandbox/state (README).
set -euo pipefail
cd "$(dirname "$0")/.."

build=true; args=()
for arg in "$@"; do
  case $arg in
    --no-build) build=false ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done
if $build; then
  echo "[sandbox] compiling: ./mvnw -B -q test-compile" >&2
  ./mvnw -B -q test-compile   # also writes target/test.classpath (maven-dependency-plugin, see pom.xml)
fi
[[ -e target/test.classpath && -d target/test-classes/io/computemirror/sandbox ]] \
  || { echo "[sandbox] FAILED: nothing built; run without --no-build" >&2; exit 1; }
exec java -Xmx256m -XX:+UseSerialGC \
  -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
  io.computemirror.sandbox.SandboxMain "${args[@]}"
