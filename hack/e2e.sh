#!/usr/bin/env bash
# End-to-end test of the install path the README describes ("Install in a cluster"), on a real single-node cluster
# (hack/cluster.sh): import the image (hack/image.sh), `helm install` the chart with only the image values (plus
# allowInsecureEndpoints, because the sandbox providers serve plain http), then check what a platform team expects:
#   1. both replicas Ready, running as the chart says (user 185, read-only root filesystem, no capabilities,
#      RuntimeDefault seccomp, the three probes);
#   2. only the leader (the Lease holder) polls and mirrors the three sandbox providers (which run on this machine);
#   3. a suspend through `kubectl patch` reaches phase Suspended;
#   4. deleting the leader pod hands over within leaseDuration + 10 s;
#   5. deleting a ComputeProvider removes its mirrors through the garbage collector (ownerReferences, no finalizer);
#   6. deleting a namespace with mirrors completes;
#   7. `helm uninstall` leaves no operator object but the CRDs.
# Prints its figures (pod start to Ready, first mirrors, takeover) and "e2e: N passed, 0 failed" at the end.
# When this machine cannot run a kubelet it says why, reports itself skipped and runs hack/e2e-fallback.sh instead
# (the image under containerd + runc with the Deployment's settings, against the test API server).
#
# Usage: hack/e2e.sh [--keep]   (--keep leaves the cluster up for a look; hack/cluster.sh down removes it)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
keep=false; [[ ${1:-} == --keep ]] && keep=true

say() { printf '[e2e] %s\n' "$*"; }
passed=0
pass() { passed=$((passed + 1)); say "PASS: $*"; }
fail() { say "FAILED: $*"; say "e2e: $passed passed, 1 failed"; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
iso_secs() { date -d "$1" +%s; }

release=compute-mirror
rns=compute-mirror
ns=e2e-mirrors
node_ip=10.244.0.1
lease_duration=15       # the chart's default leaderElection.leaseDuration
deadline_ready=240      # seconds from helm install to two Ready pods
deadline_mirrors=120    # seconds from the ComputeProviders to the first mirrors of all three

if ! reason=$(bash hack/cluster.sh check); then
  say "SKIPPED: this machine cannot run a kubelet: $reason"
  say "e2e: 0 passed, 0 failed, 1 skipped; the image still runs as the chart says, without a kubelet:"
  exec bash hack/e2e-fallback.sh
fi

# --- the image, the cluster, the sandbox ---------------------------------------------------------------------------
archive=$(bash hack/image.sh --print-archive)
image=$(bash hack/image.sh --print-image)
[[ -s $archive ]] || { say "no image archive yet: building it (hack/image.sh)"; bash hack/image.sh >/dev/null; }

bin=$(bash hack/test-binaries.sh --print-dir)
helm=$(bash hack/tools.sh --print-helm)
kubeconfig=$(bash hack/cluster.sh kubeconfig)
k() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }
h() { "$helm" --kubeconfig "$kubeconfig" "$@"; }

state=$root/target/e2e
rm -rf "$state"; mkdir -p "$state"
sandbox_pid=""; forward_pids=()
cleanup() {
  local rc=$?
  set +e
  [[ -n $sandbox_pid ]] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  local p; for p in "${forward_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ $rc != 0 && -f $kubeconfig ]]; then
    say "diagnostics in $state"
    k get pods -A -o wide > "$state/pods.txt" 2>&1 || true
    k get events -A --sort-by=.lastTimestamp > "$state/events.txt" 2>&1 || true
    k -n "$rns" logs -l app.kubernetes.io/instance=$release --tail=200 --prefix > "$state/operator.log" 2>&1 || true
    # A restarted container's own last words (the current logs start after the restart).
    local pod; for pod in $(k -n "$rns" get pods -l app.kubernetes.io/instance=$release -o name 2>/dev/null); do
      if k -n "$rns" logs "$pod" --previous --tail=200 > "$state/previous-${pod#pod/}.log" 2>/dev/null; then
        say "the previous container of $pod ended with:"; tail -n 40 "$state/previous-${pod#pod/}.log"
      else
        rm -f "$state/previous-${pod#pod/}.log"
      fi
    done
    tail -n 25 "$state/events.txt" || true
  fi
  if $keep; then say "cluster left up (--keep): hack/cluster.sh down removes it"; else bash hack/cluster.sh down || true; fi
  exit $rc
}
trap cleanup EXIT

t=$(now)
bash hack/cluster.sh up >/dev/null
say "cluster up in $(secs "$t" "$(now)")s"

t=$(now)
bash hack/cluster.sh ctr images import "$archive" >/dev/null
grep -x "$image" <<<"$(bash hack/cluster.sh ctr images ls -q)" >/dev/null || fail "$image is not in containerd after the import"
say "image $image imported in $(secs "$t" "$(now)")s (ctr -n k8s.io images import)"

# The sandbox providers on this machine (free ports on 127.0.0.1), reachable from the pods through the node address.
java -Xmx256m -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
  io.computemirror.sandbox.SandboxMain --quiva-port=0 --clore-port=0 --akua-port=0 --tick-seconds=0 \
  > "$state/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 60); do grep -q '^Akua' "$state/sandbox.log" 2>/dev/null && break; sleep 1; done
grep -q '^Akua' "$state/sandbox.log" || { cat "$state/sandbox.log"; fail "the sandbox did not start"; }
field() { awk -v p="$1" -v f="$2" '$1 == p { for (i = 1; i <= NF; i++) if ($i == f) print $(i + 1) }' "$state/sandbox.log"; }
url() { awk -v p="$1" '$1 == p { print $2 }' "$state/sandbox.log"; }
declare -A endpoint token
for p in Quiva Clore Akua; do
  u=$(url "$p"); port=$(sed -E 's#^http://127\.0\.0\.1:([0-9]+).*#\1#' <<<"$u")
  socat "TCP-LISTEN:$port,bind=$node_ip,fork,reuseaddr" "TCP:127.0.0.1:$port" 2>>"$state/socat.log" &
  forward_pids+=($!)
  endpoint[$p]=${u/127.0.0.1/$node_ip}
  token[$p]=$(field "$p" token)
done
workspace=$(field Akua workspace)
say "sandbox: Quiva ${endpoint[Quiva]}, Clore ${endpoint[Clore]}, Akua ${endpoint[Akua]}"

# --- 1. helm install: two Ready replicas with the chart's security settings and probes -----------------------------
t_install=$(now)
h install "$release" helm/compute-mirror -n "$rns" --create-namespace \
  --set image.repository="${image%:*}" --set image.tag="${image##*:}" \
  --set allowInsecureEndpoints=true > "$state/helm-install.txt"
say "helm install $release helm/compute-mirror -n $rns --set image.repository=${image%:*} --set image.tag=${image##*:} --set allowInsecureEndpoints=true"
k -n "$rns" rollout status "deployment/$release" --timeout="${deadline_ready}s" \
  || fail "deployment/$release not rolled out within ${deadline_ready}s"
mapfile -t pods < <(k -n "$rns" get pods -l app.kubernetes.io/instance=$release -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
(( ${#pods[@]} == 2 )) || fail "expected 2 operator pods, found ${#pods[@]}: ${pods[*]}"
startup=""
for pod in "${pods[@]}"; do
  jp() { k -n "$rns" get pod "$pod" -o jsonpath="$1"; }
  [[ $(jp '{.status.conditions[?(@.type=="Ready")].status}') == True ]] || fail "$pod is not Ready"
  [[ $(jp '{.spec.securityContext.runAsUser}/{.spec.securityContext.runAsNonRoot}') == 185/true ]] \
    || fail "$pod: pod securityContext is not runAsUser 185, runAsNonRoot"
  [[ $(jp '{.spec.containers[0].securityContext.readOnlyRootFilesystem}/{.spec.containers[0].securityContext.allowPrivilegeEscalation}/{.spec.containers[0].securityContext.capabilities.drop[0]}/{.spec.containers[0].securityContext.seccompProfile.type}') \
     == true/false/ALL/RuntimeDefault ]] || fail "$pod: container securityContext differs from the chart's"
  [[ $(jp '{.spec.containers[0].startupProbe.httpGet.path} {.spec.containers[0].livenessProbe.httpGet.path} {.spec.containers[0].readinessProbe.httpGet.path}') \
     == "/q/health/live /q/health/live /q/health/ready" ]] || fail "$pod: probes differ from the chart's"
  [[ $(jp '{.status.containerStatuses[0].restartCount}') == 0 ]] || fail "$pod restarted: $(jp '{.status.containerStatuses[0].lastState}')"
  # What the kernel enforces, seen from inside: user 185, and nothing writable outside /tmp.
  [[ $(k -n "$rns" exec "$pod" -- id -u) == 185 ]] || fail "$pod does not run as uid 185"
  k -n "$rns" exec "$pod" -- sh -c 'touch /home/jboss/probe' 2>/dev/null && fail "$pod: the root filesystem is writable"
  k -n "$rns" exec "$pod" -- sh -c 'touch /tmp/probe && rm /tmp/probe' || fail "$pod: /tmp is not writable"
  # The native TLS crypto loads under these settings (its library is unpacked into /tmp): NativeTlsCrypto.
  crypto=$(k -n "$rns" logs "$pod" | grep -m1 'TLS crypto:' || true)
  [[ $crypto == *'TLS crypto: AmazonCorrettoCryptoProvider'* ]] || fail "$pod: TLS crypto is not native: ${crypto:-no 'TLS crypto' log line}"
  started=$(jp '{.status.startTime}'); ready=$(jp '{.status.conditions[?(@.type=="Ready")].lastTransitionTime}')
  startup+=" $pod $(( $(iso_secs "$ready") - $(iso_secs "$started") ))s;"
done
say "figure: pod start to Ready:$startup (helm install to both Ready: $(secs "$t_install" "$(now)")s)"
pass "2 replicas Ready as uid 185 with a read-only root filesystem, no capabilities, RuntimeDefault seccomp and the chart's probes; native TLS crypto loaded"

# --- 2. only the leader mirrors -----------------------------------------------------------------------------------
k create namespace "$ns" >/dev/null
t_providers=$(now)
k -n "$ns" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Secret
metadata: {name: quiva-credentials}
stringData: {token: "${token[Quiva]}"}
---
apiVersion: v1
kind: Secret
metadata: {name: clore-credentials}
stringData: {token: "${token[Clore]}"}
---
apiVersion: v1
kind: Secret
metadata: {name: akua-credentials}
stringData: {token: "${token[Akua]}"}
---
apiVersion: computemirror.io/v1alpha1
kind: ComputeProvider
metadata: {name: e2e-quiva}
spec: {type: Quiva, endpoint: "${endpoint[Quiva]}", credentialsSecretRef: {name: quiva-credentials, key: token}, pollInterval: 10s}
---
apiVersion: computemirror.io/v1alpha1
kind: ComputeProvider
metadata: {name: e2e-clore}
spec: {type: Clore, endpoint: "${endpoint[Clore]}", credentialsSecretRef: {name: clore-credentials, key: token}, pollInterval: 10s, goneGracePeriod: 0s}
---
apiVersion: computemirror.io/v1alpha1
kind: ComputeProvider
metadata: {name: e2e-akua}
spec: {type: Akua, endpoint: "${endpoint[Akua]}", credentialsSecretRef: {name: akua-credentials, key: token}, pollInterval: 10s, akua: {workspace: "$workspace"}}
YAML
count() { k -n "$ns" get "$1" -l "computemirror.io/provider=$2" -o name 2>/dev/null | wc -l; }
until (( $(count machines e2e-quiva) > 0 && $(count gpuoffers e2e-clore) > 0 && $(count machines e2e-akua) > 0 )); do
  if (( $(date +%s) - ${t_providers%.*} > deadline_mirrors )); then
    k -n "$ns" get computeproviders -o wide || true
    fail "no mirrors of all three providers within ${deadline_mirrors}s"
  fi
  sleep 1
done
say "figure: first mirrors of all three providers $(secs "$t_providers" "$(now)")s after the ComputeProviders were applied"
leader=$(k -n "$rns" get lease compute-mirror-leader -o jsonpath='{.spec.holderIdentity}')
[[ " ${pods[*]} " == *" $leader "* ]] || fail "the Lease holder '$leader' is not one of the pods ${pods[*]}"
for pod in "${pods[@]}"; do
  ip=$(k -n "$rns" get pod "$pod" -o jsonpath='{.status.podIP}')
  polls=$(curl -fsS "http://$ip:8080/q/metrics" | grep -c '^computemirror_polls_total{.*computeprovider="e2e-' || true)
  if [[ $pod == "$leader" ]]; then
    (( polls > 0 )) || fail "the leader $pod reports no polls of the sandbox providers"
  else
    (( polls == 0 )) || fail "the standby $pod polled ($polls poll series): only the leader may"
  fi
done
pass "only the leader ($leader) polls; $(count machines e2e-quiva) Quiva machines, $(count gpuoffers e2e-clore) Clore offers, $(count machines e2e-akua) Akua machines mirrored"

# --- 3. a suspend through kubectl patch ---------------------------------------------------------------------------
running=$(k -n "$ns" get machines -l computemirror.io/provider=e2e-akua \
  -o jsonpath='{range .items[?(@.status.phase=="Running")]}{.metadata.name}{" "}{end}')
machine=${running%% *}
[[ -n $machine ]] || fail "no Akua machine in phase Running"
t=$(now)
k -n "$ns" patch "machine.computemirror.io/$machine" --type merge -p '{"spec":{"suspended":true}}' >/dev/null
k -n "$ns" wait "machine.computemirror.io/$machine" --for=jsonpath='{.status.phase}'=Suspended --timeout=90s >/dev/null \
  || fail "$machine did not reach phase Suspended within 90s"
pass "kubectl patch suspended=true: $machine Suspended after $(secs "$t" "$(now)")s"

# --- 4. deleting the leader pod hands over within leaseDuration + 10 s --------------------------------------------
# The successor is whichever pod takes the Lease once the deleted leader's expires: the standby replica, or the
# Deployment's replacement pod if it starts first. Either is a correct handover.
t=$(now)
k -n "$rns" delete pod "$leader" --wait=false >/dev/null
successor=""
until [[ -n $successor && $successor != "$leader" ]]; do
  (( $(date +%s) - ${t%.*} <= lease_duration + 10 )) || fail "no other pod took the Lease from $leader within $((lease_duration + 10))s"
  sleep 0.5
  successor=$(k -n "$rns" get lease compute-mirror-leader -o jsonpath='{.spec.holderIdentity}')
done
takeover=$(secs "$t" "$(now)")
say "figure: takeover by $successor ${takeover}s after the leader pod was deleted (limit: $((lease_duration + 10))s)"
successor_ip=$(k -n "$rns" get pod "$successor" -o jsonpath='{.status.podIP}')
t=$(now)
until grep -q '^computemirror_polls_total{.*computeprovider="e2e-clore"' <<<"$(curl -fsS "http://$successor_ip:8080/q/metrics" || true)"; do
  (( $(date +%s) - ${t%.*} <= 30 )) || fail "the new leader $successor did not poll within 30s of taking the Lease"
  sleep 1
done
pass "the new leader $successor holds the Lease ${takeover}s after the delete and polls"

# --- 5. deleting a ComputeProvider: its mirrors go through the garbage collector ------------------------------------
uid=$(k -n "$ns" get computeprovider e2e-clore -o jsonpath='{.metadata.uid}')
finalizers=$(k -n "$ns" get computeprovider e2e-clore -o jsonpath='{.metadata.finalizers}')
[[ -z $finalizers ]] || fail "e2e-clore has finalizers ($finalizers): its mirrors would not be left to the garbage collector"
offers=$(count gpuoffers e2e-clore)
owned=$(k -n "$ns" get gpuoffers -l computemirror.io/provider=e2e-clore \
  -o jsonpath="{range .items[*]}{.metadata.ownerReferences[?(@.uid==\"$uid\")].uid}{\"\n\"}{end}" | grep -c "$uid" || true)
(( owned == offers )) || fail "only $owned of $offers Clore offers name e2e-clore as their owner"
t=$(now)
k -n "$ns" delete computeprovider e2e-clore --wait=true >/dev/null
until (( $(count gpuoffers e2e-clore) == 0 )); do
  (( $(date +%s) - ${t%.*} <= 120 )) || fail "$(count gpuoffers e2e-clore) Clore offers left 120s after their ComputeProvider was deleted"
  sleep 1
done
pass "deleting e2e-clore removed its $offers GpuOffers through the garbage collector in $(secs "$t" "$(now)")s"

# --- 6. deleting a namespace with mirrors completes ---------------------------------------------------------------
left=$(( $(count machines e2e-quiva) + $(count machines e2e-akua) ))
t=$(now)
k delete namespace "$ns" --timeout=180s >/dev/null || fail "namespace $ns (with $left mirrors) not deleted within 180s"
pass "namespace $ns with $left mirrors deleted in $(secs "$t" "$(now)")s"

# --- 7. helm uninstall leaves no operator object but the CRDs -----------------------------------------------------
h uninstall "$release" -n "$rns" --wait --timeout 120s >/dev/null
k -n "$rns" wait pods -l app.kubernetes.io/instance=$release --for=delete --timeout=60s >/dev/null 2>&1 || true
leftover=$( {
  k -n "$rns" get all,serviceaccounts,roles,rolebindings,configmaps,secrets,poddisruptionbudgets,leases -o name \
    | grep -v -e '^configmap/kube-root-ca.crt$' -e '^serviceaccount/default$' || true
  k get clusterroles,clusterrolebindings -o name | grep compute-mirror || true
} )
[[ -z $leftover ]] || fail "helm uninstall left: $(tr '\n' ' ' <<<"$leftover")"
crds=$(k get crd -o name | grep -c 'computemirror.io' || true)
chart_crds=$(ls helm/compute-mirror/crds/*.yml | wc -l)
(( crds == chart_crds )) || fail "expected the chart's $chart_crds compute-mirror CRDs to stay, found $crds"
pass "helm uninstall left no operator object in $rns nor cluster-wide; the $crds CRDs stay"

say "e2e: $passed passed, 0 failed"
