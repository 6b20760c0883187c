#!/usr/bin/env bash
# compute-mirror quickstart: a local Kubernetes API server (kube-apiserver + etcd from the test binaries), the CRDs,
# the three sandbox providers with one sample ComputeProvider each (namespace compute-mirror-demo), and the operator,
# in one command. Ctrl-C stops everything it started.
#
#   hack/quickstart.sh                        run until Ctrl-C and print the kubectl commands to try
#   hack/quickstart.sh --check                bring it up, check the mirrors and a suspend, run the README's quickstart
#                                             commands as written, tear down, check that no
#                                             process is left; exit 0 only when every check passed
#   hack/quickstart.sh --use-current-context  use the cluster of the current kubeconfig context instead of a local
#                                             API server (CRDs and the demo namespace are applied there; the sandbox
#                                             and the operator still run on this machine; the namespace is deleted
#                                             at the end if the quickstart created it)
#   --no-build        never build (fails when target/quarkus-app/quarkus-run.jar is missing)
#   --state-dir=DIR   kubeconfig, logs and pids (default target/quickstart)
#
# Needs Java 17; the local API server also needs the test binaries (hack/test-binaries.sh, called here:
# a download, or a Go build when the download fails). --use-current-context needs none of them, only a kubectl.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=hack/k8s-version.env
source hack/k8s-version.env

check=false; build=true; current_context=false; state=target/quickstart
for arg in "$@"; do
  case $arg in
    --check) check=true ;;
    --no-build) build=false ;;
    --use-current-context) current_context=true ;;
    --state-dir=*) state=${arg#*=} ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $arg (see hack/quickstart.sh --help)" >&2; exit 2 ;;
  esac
done
ns=compute-mirror-demo
jar=target/quarkus-app/quarkus-run.jar
mirror_deadline=60      # seconds from the start (after the build) to the first mirrors of all three providers
suspend_deadline=60     # seconds from the patch to phase Suspended and Ready=True

say() { printf '[quickstart] %s\n' "$*" 2>/dev/null || true; }  # the reader may be gone (| tee and Ctrl-C)
fail() { printf '[quickstart] FAILED: %s\n' "$*" >&2 || true; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
# Builtins only: a Ctrl-C must not kill the check itself and make a live process look dead.
alive() {
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  if [[ -d /proc/self ]]; then
    read -r stat <"/proc/$1/stat" 2>/dev/null || return 1
    stat=${stat##*) }
  else  # macOS: no /proc
    stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  fi
  [[ ${stat%% *} != Z* ]]
}
# setsid is util-linux's; where it is missing (macOS) perl's POSIX::setsid starts the new session. Either execs the
# command in the same process, so $! is the command's pid and its process group.
if command -v setsid >/dev/null; then new_session=(setsid)
else new_session=(perl -MPOSIX -e 'POSIX::setsid() or die "setsid: $!"; exec @ARGV or die "exec: $!"')
fi

# --- processes this script starts, and how they are stopped ----------------------------------------------------------
# The cluster JVM and the operator each run in their own session (setsid), so a Ctrl-C in the terminal reaches only
# this script, which then stops them in order: the operator first, then the cluster JVM (its shutdown hook stops the
# sandbox, kube-apiserver and etcd). Whatever is left of either process group is killed, then nothing may remain.
cluster_pid=""; operator_pid=""; child_pids=""; cleaned=false

stop_group() {  # name pid seconds
  local name=$1 pid=$2 limit=$3
  [[ -n $pid ]] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + limit))
    while alive "$pid" && (( SECONDS < deadline )); do sleep 0.2; done
    alive "$pid" && say "$name (pid $pid) did not stop within ${limit}s: killing it"
  fi
  if [[ -n $(ps -e -o pgid=,stat= | awk -v g="$pid" '$1 == g && $2 !~ /^Z/') ]]; then
    kill -KILL -- "-$pid" 2>/dev/null || true
    sleep 0.5
  fi
  wait "$pid" 2>/dev/null || true
}

leftovers() {  # every live process this script started, or in the process group of one it started
  local groups=" $cluster_pid $operator_pid " pids=" $cluster_pid $operator_pid $child_pids "
  ps -e -o pid=,pgid=,stat=,args= | awk -v g="$groups" -v p="$pids" \
    '$3 !~ /^Z/ && (index(g, " " $2 " ") || index(p, " " $1 " "))'
}

cleanup() {
  $cleaned && return 0
  cleaned=true
  trap '' INT TERM   # a second Ctrl-C must not cut the teardown short
  [[ -n $cluster_pid ]] || return 0
  if $current_context; then
    say "stopping the operator and the sandbox; deleting namespace $ns if the quickstart created it ..."
  else
    say "stopping the operator, the sandbox and the local cluster ..."
  fi
  stop_group operator "$operator_pid" 20
  stop_group "cluster JVM" "$cluster_pid" 60
  local left
  left=$(leftovers)
  if [[ -n $left ]]; then
    printf '[quickstart] FAILED: processes left behind:\n%s\n' "$left" >&2 || true
    return 1
  fi
  say "stopped; no process left behind (checked pids $(echo $cluster_pid $operator_pid $child_pids) and their process groups)"
}
trap 'printf "[quickstart] FAILED: line %s: %s exited with %s\n" "$LINENO" "$BASH_COMMAND" "$?" >&2 || true' ERR
trap 'cleanup || exit 1' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# Output piped to a reader that Ctrl-C ends (| tee): a write then fails instead of killing the script mid-teardown.
trap '' PIPE

# --- requirements and build ------------------------------------------------------------------------------------------
command -v java >/dev/null || fail "java not found: install a JDK 17 or newer (README: Requirements)"
java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
(( ${java_version%%.*} >= 17 )) || fail "Java $java_version found; compute-mirror needs 17 or newer"

bin_dir=$(hack/test-binaries.sh --print-dir)
if $current_context; then
  # The cluster is someone else's: no local control plane, so no test binaries; any recent kubectl will do.
  if [[ -x $bin_dir/kubectl ]]; then kubectl=$bin_dir/kubectl
  else kubectl=$(command -v kubectl) || fail "kubectl not found: install it (any recent version) and run this again"
  fi
else
  hack/test-binaries.sh >&2 || fail "no test binaries (kube-apiserver, etcd, kubectl, kube-controller-manager $K8S_VERSION): see the message above"
  kubectl=$bin_dir/kubectl
fi

stamp=target/.quickstart-built   # Quarkus leaves the jar alone when only tests changed: the last build we made
stale() {  # what is missing or older than the sources, if anything
  for f in "$jar" target/test.classpath target/test-classes; do [[ -e $f ]] || { echo "$f is missing"; return; }; done
  local built=$jar newer
  [[ $stamp -nt $jar ]] && built=$stamp
  newer=$(find pom.xml src crds -type f -newer "$built" -print -quit)
  [[ -z $newer ]] || echo "$newer is newer than the build"
}
why=$(stale)
if [[ -n $why ]]; then
  if $build; then
    say "building ($why): ./mvnw -B -q -DskipTests package"
    started=$(now)
    ./mvnw -B -q -DskipTests package
    touch "$stamp"
    say "built in $(since "$started")s"
  elif [[ ! -e $jar || ! -e target/test.classpath ]]; then
    fail "$why and --no-build was given: run ./mvnw -B -DskipTests package first"
  else
    say "warning: $why (--no-build: running what is built)"
  fi
fi

# --- start -------------------------------------------------------------------------------------------------------------
t0=$(now)
mkdir -p "$state"
rm -f "$state/cluster.env" "$state/operator.pid"
cluster_args=(--state-dir="$state" --parent-pid=$$)
$current_context && cluster_args+=(--use-current-context)
# --check never takes the fixed sandbox ports: a quickstart (or SandboxMain) someone runs meanwhile keeps them.
$check && cluster_args+=(--free-ports)
"${new_session[@]}" java -Xmx256m -XX:+UseSerialGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dkube-api-test.k8s-version="$K8S_VERSION" \
  -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
  io.computemirror.quickstart.QuickstartCluster "${cluster_args[@]}" >"$state/cluster.log" 2>&1 </dev/null &
cluster_pid=$!
if $current_context; then
  say "starting: CRDs and samples in the current context's cluster, the sandbox (log $state/cluster.log)"
else
  say "starting: kube-apiserver + etcd $K8S_VERSION, CRDs, sandbox, samples (log $state/cluster.log)"
fi
deadline=$((SECONDS + 150))
until [[ -f $state/cluster.env ]]; do
  alive "$cluster_pid" || { tail -n 30 "$state/cluster.log" >&2; fail "the cluster JVM exited; log: $state/cluster.log"; }
  (( SECONDS < deadline )) || { tail -n 30 "$state/cluster.log" >&2; fail "the cluster was not ready within 150s"; }
  sleep 0.2
done
# shellcheck source=/dev/null
source "$state/cluster.env"
child_pids=$QS_CHILD_PIDS
say "cluster ready after $(since "$t0")s: API server $QS_API_SERVER (kube-apiserver/etcd pids: ${child_pids:-none})"

operator_env=(COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS=true QUARKUS_HTTP_PORT="$QS_OPERATOR_HTTP_PORT"
              QUARKUS_OPERATOR_SDK_NAMESPACES="$ns")
[[ -n $QS_KUBECONFIG ]] && operator_env+=(KUBECONFIG="$QS_KUBECONFIG")
"${new_session[@]}" env "${operator_env[@]}" java -Xmx256m -XX:+UseSerialGC -jar "$jar" >"$state/operator.log" 2>&1 </dev/null &
operator_pid=$!
echo "$operator_pid" >"$state/operator.pid"
deadline=$((SECONDS + 90))
until grep -q ' started in ' "$state/operator.log" 2>/dev/null; do
  alive "$operator_pid" || { tail -n 30 "$state/operator.log" >&2; fail "the operator exited; log: $state/operator.log"; }
  (( SECONDS < deadline )) || { tail -n 30 "$state/operator.log" >&2; fail "the operator did not start within 90s"; }
  sleep 0.2
done
say "operator running after $(since "$t0")s (pid $operator_pid, log $state/operator.log)"

# --- the mirrors ---------------------------------------------------------------------------------------------------------
k() { "$kubectl" ${QS_KUBECONFIG:+--kubeconfig "$QS_KUBECONFIG"} "$@"; }
count() {  # mirrors of one provider that have a status (a phase) from the provider
  { k get "$1" -n "$ns" -l "computemirror.io/provider=$2" \
      -o jsonpath='{range .items[?(@.status.phase)]}{.metadata.name}{"\n"}{end}' 2>/dev/null || true; } | wc -l
}
quiva=0; akua=0; offers=0
until (( quiva > 0 && akua > 0 && offers > 0 )); do
  if (( $(awk -v a="$t0" -v b="$(now)" 'BEGIN { print (b - a > '"$mirror_deadline"') }') )); then
    k get computeproviders.computemirror.io -n "$ns" -o wide >&2 || true
    msg="no mirrors of every provider within ${mirror_deadline}s (Quiva machines $quiva, Akua machines $akua, GpuOffers $offers)"
    $check && fail "$msg; logs: $state/operator.log, $state/cluster.log"
    say "warning: $msg; see $state/operator.log"
    break
  fi
  sleep 0.5
  quiva=$(count machines.computemirror.io sandbox-quiva)
  akua=$(count machines.computemirror.io sandbox-akua)
  offers=$(count gpuoffers.computemirror.io sandbox-clore)
done
first_mirrors=$(since "$t0")
say "first mirrors after ${first_mirrors}s: $quiva Quiva machines, $akua Akua machines, $offers GpuOffers"
akua_machine=$(k get machines.computemirror.io -n "$ns" -l computemirror.io/provider=sandbox-akua \
  -o jsonpath='{range .items[?(@.status.phase=="Running")]}{.metadata.name}{"\n"}{end}' 2>/dev/null | head -n 1 || true)

if ! $check; then
  kube_env=""
  [[ -n $QS_KUBECONFIG ]] && kube_env="export KUBECONFIG=$QS_KUBECONFIG"$'\n    '
  cat <<EOF

compute-mirror quickstart is running. Ctrl-C here stops everything it started.
  API server   $QS_API_SERVER
  sandbox      Quiva $QS_QUIVA_URL   Clore $QS_CLORE_URL   Akua $QS_AKUA_URL
  operator     metrics http://127.0.0.1:$QS_OPERATOR_HTTP_PORT/q/metrics
  logs         $root/$state/operator.log, $root/$state/cluster.log

Try, in another terminal:

    ${kube_env}export PATH=$bin_dir:\$PATH    # kubectl $K8S_VERSION from the test binaries

    kubectl get computeproviders.computemirror.io -n $ns
    kubectl get machines.computemirror.io,gpuoffers.computemirror.io -A

    # suspend a sandbox Akua machine, watch it go Suspending -> Suspended, wait for Ready
    kubectl patch machine.computemirror.io ${akua_machine:-<name>} -n $ns --type merge -p '{"spec":{"suspended":true}}'
    kubectl get machines.computemirror.io -n $ns -w
    kubectl wait --for=condition=Ready machine.computemirror.io/${akua_machine:-<name>} -n $ns --timeout=2m

    # resume it
    kubectl patch machine.computemirror.io ${akua_machine:-<name>} -n $ns --type merge -p '{"spec":{"suspended":false}}'

    # the sample GpuOfferQuery: the cheapest available RTX 4090 offers, by normalised USD price per GPU-hour
    kubectl get gpuofferqueries.computemirror.io -n $ns
    kubectl get gpuofferquery.computemirror.io rtx-4090 -n $ns -o jsonpath='{.status.cheapest}{"\\n"}'
    kubectl get events -n $ns --field-selector reason=CheapestChanged -w     # as the sandbox reprices offers

EOF
  while alive "$cluster_pid" && alive "$operator_pid"; do sleep 1; done
  alive "$operator_pid" || fail "the operator exited; log: $state/operator.log"
  fail "the cluster JVM exited; log: $state/cluster.log"
fi

# --- --check: the suspend demo, then teardown ----------------------------------------------------------------------------
run() {  # shows the command as one would type it, then runs it
  local shown="" a
  for a in "$@"; do [[ $a =~ ^[A-Za-z0-9_./=:,@-]+$ ]] && shown+=" $a" || shown+=" '$a'"; done
  printf '$ kubectl%s\n' "$shown"
  k "$@"
}
run wait --for=condition=Ready computeproviders.computemirror.io --all -n "$ns" --timeout=30s \
  || fail "the sample ComputeProviders are not Ready"
run get computeproviders.computemirror.io -n "$ns"
run get machines.computemirror.io,gpuoffers.computemirror.io -A
run wait --for=condition=Ready gpuofferquery.computemirror.io/rtx-4090 -n "$ns" --timeout=30s \
  || fail "the sample GpuOfferQuery rtx-4090 is not Ready"
run get gpuofferqueries.computemirror.io -n "$ns"
[[ -n $akua_machine ]] || fail "no Akua machine in phase Running to suspend"
t1=$(now)
run patch machine.computemirror.io "$akua_machine" -n "$ns" --type merge -p '{"spec":{"suspended":true}}' \
  || fail "patching spec.suspended of $akua_machine failed"
run wait --for=condition=Ready "machine.computemirror.io/$akua_machine" -n "$ns" --timeout="${suspend_deadline}s" \
  || fail "$akua_machine did not become Ready=True within ${suspend_deadline}s after suspended: true"
to_suspended=$(since "$t1")
read -r phase generation ready ready_generation <<<"$(k get "machine.computemirror.io/$akua_machine" -n "$ns" -o \
  jsonpath='{.status.phase} {.metadata.generation} {.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].observedGeneration}')"
run get "machine.computemirror.io/$akua_machine" -n "$ns"
[[ $phase == Suspended ]] || fail "$akua_machine: phase $phase after kubectl wait, expected Suspended"
[[ $ready == True && $ready_generation == "$generation" ]] \
  || fail "$akua_machine: Ready=$ready for generation $ready_generation, expected True for generation $generation"
say "check: $akua_machine Suspended and Ready=True (generation $generation) ${to_suspended}s after the patch"

# The commands the README and docs/getting-started.md give (the block between their quickstart-check markers, the
# same in both), run as written: from a directory laid out like the repository root, where $PWD/target/quickstart
# is this run's state directory.
docs_block() {  # file: the shell commands between the markers, without the code fence
  awk '/<!-- quickstart-check:begin -->/ { on = 1; next } /<!-- quickstart-check:end -->/ { on = 0 }
       on && !/^```/' "$1"
}
if ! $current_context; then
  block=$(docs_block docs/getting-started.md)
  [[ -n $block ]] || fail "docs/getting-started.md has no quickstart-check block"
  [[ $block == "$(docs_block README.md)" ]] || fail "the quickstart-check blocks of README.md and docs/getting-started.md differ"
  # The README's picture ("$ kubectl ..." lines of its console blocks) shows commands too: run them after the block.
  block+=$'\n'$(sed -n 's/^\$ \(kubectl .*\)$/\1/p' README.md)
  as_root=$(mktemp -d)
  mkdir -p "$as_root/target/quickstart"
  ln -s "$root/hack" "$as_root/hack"
  ln -s "$(cd "$(dirname "$QS_KUBECONFIG")" && pwd)/$(basename "$QS_KUBECONFIG")" "$as_root/target/quickstart/kubeconfig"
  say "running the quickstart commands of README.md and docs/getting-started.md as written"
  (cd "$as_root" && env -u KUBECONFIG bash -euo pipefail -c "set -x; $block") \
    || { rm -rf "$as_root"; fail "a command of the README's quickstart block failed (see above)"; }
  rm -rf "$as_root"
fi

cleanup || fail "processes were left behind (see above)"
say "check PASSED: first mirrors after ${first_mirrors}s ($quiva Quiva machines, $akua Akua machines, $offers GpuOffers); Suspended after ${to_suspended}s; no process left behind"
