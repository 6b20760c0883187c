#!/usr/bin/env bash
# The end-to-end test's fallback for machines that cannot run a kubelet (hack/e2e.sh runs it then; it also runs on
# its own): the operator image runs as the chart's Deployment would run it, under containerd + runc without a
# kubelet, against the test API server, and must become Ready and mirror the sandbox providers.
#   - the container is made from the rendered chart (`helm template`, only the image values changed, as the README
#     installs it): its env, its security settings (user and group 185, read-only root filesystem, no capabilities,
#     no privilege escalation, the runtime's default seccomp profile), its memory limit and its /tmp volume;
#   - it gets what the kubelet would give it: a ServiceAccount token of the chart's ServiceAccount (TokenRequest, as
#     projected volumes do) with ca.crt and namespace at /var/run/secrets/kubernetes.io/serviceaccount, the
#     in-cluster variables KUBERNETES_SERVICE_HOST/PORT (the host's network, so they name the API server itself) and
#     the downward-API values POD_NAMESPACE/POD_NAME;
#   - the chart's ServiceAccount, RBAC and Lease objects are applied to the test API server (hack/quickstart.sh's
#     cluster: kube-apiserver + etcd, the CRDs, the three sandbox providers and one ComputeProvider each).
# Checks: the process runs with those settings (read from /proc, as the kernel applies them), the root filesystem
# is read-only and /tmp writable, the readiness probe's endpoint answers 200, the replica takes the leader Lease,
# every sample ComputeProvider is Ready with mirrors, and the operator logged no exception (but an informer's retried
# list or watch). On failure the diagnostics directory keeps the operator's and the control plane's logs. Prints its
# figures and "e2e-fallback: N passed, 0 failed".
#
# Usage: hack/e2e-fallback.sh [--keep]   (--keep leaves everything up; hack/cluster.sh down removes the runtime)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
keep=false; [[ ${1:-} == --keep ]] && keep=true

say() { printf '[e2e-fallback] %s\n' "$*"; }
passed=0
pass() { passed=$((passed + 1)); say "PASS: $*"; }
fail() { say "FAILED: $*"; say "e2e-fallback: $passed passed, 1 failed"; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

release=compute-mirror
rns=compute-mirror
pod=compute-mirror-fallback       # POD_NAME: the Lease holder's identity
container=compute-mirror-fallback
demo=compute-mirror-demo          # QuickstartCluster's namespace with the three sample ComputeProviders
deadline_ready=120
deadline_mirrors=120

if [[ $(id -u) != 0 ]]; then
  say "SKIPPED: not root: containerd and runc need root to run the image here"
  say "e2e-fallback: 0 passed, 0 failed, 1 skipped"
  exit 0
fi

archive=$(bash hack/image.sh --print-archive)
image=$(bash hack/image.sh --print-image)
[[ -s $archive ]] || { say "no image archive yet: building it (hack/image.sh)"; bash hack/image.sh >/dev/null; }
[[ -f target/test.classpath && -d target/test-classes ]] \
  || { say "building the test classes (the test API server and the sandbox)"; ./mvnw -B -q -DskipTests package; }
bin=$(bash hack/test-binaries.sh --print-dir)
helm=$(bash hack/tools.sh --print-helm)

state=$root/target/e2e-fallback
rm -rf "$state"; mkdir -p "$state/serviceaccount" "$state/tmp"
cluster_pid=""
cleanup() {
  local rc=$?
  set +e
  if [[ $rc != 0 ]]; then
    say "diagnostics in $state"
    bash hack/cluster.sh ctr tasks ls 2>/dev/null
    tail -n 40 "$state/operator.log" 2>/dev/null
    # The control plane's logs (kube-apiserver, etcd, the controller manager) are deleted when it stops: keep a copy.
    local logs; logs=$(sed -n 's/.*; logs in \(.*\))$/\1/p' "$state/cluster.log" 2>/dev/null | head -n 1)
    [[ -n $logs && -d $logs ]] && mkdir -p "$state/control-plane" && cp "$logs"/*.log "$state/control-plane/" 2>/dev/null
  fi
  if $keep; then
    say "left up (--keep): hack/cluster.sh down removes the runtime; kill $cluster_pid stops the API server"
    exit $rc
  fi
  bash hack/cluster.sh ctr tasks kill -s SIGKILL "$container" >/dev/null 2>&1
  sleep 1
  bash hack/cluster.sh ctr tasks delete -f "$container" >/dev/null 2>&1
  bash hack/cluster.sh ctr containers delete "$container" >/dev/null 2>&1
  bash hack/cluster.sh down >/dev/null 2>&1 || true
  if [[ -n $cluster_pid ]]; then
    kill -TERM -- "-$cluster_pid" 2>/dev/null
    local i; for i in $(seq 1 100); do kill -0 "$cluster_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$cluster_pid" 2>/dev/null
  fi
  exit $rc
}
trap cleanup EXIT

# --- the runtime and the image -------------------------------------------------------------------------------------
t=$(now)
bash hack/cluster.sh runtime 2>"$state/runtime.log" || { cat "$state/runtime.log"; fail "containerd did not start"; }
bash hack/cluster.sh ctr images import "$archive" >/dev/null
say "containerd + runc up and $image imported in $(secs "$t" "$(now)")s"

# --- the test API server with the CRDs, the sandbox providers and the sample ComputeProviders ------------------------
t=$(now)
setsid java -Xmx256m -XX:+UseSerialGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
  io.computemirror.quickstart.QuickstartCluster --state-dir="$state/cluster" --parent-pid=$$ --free-ports \
  >"$state/cluster.log" 2>&1 </dev/null &
cluster_pid=$!
for _ in $(seq 1 150); do [[ -f $state/cluster/cluster.env ]] && break; sleep 1; done
[[ -f $state/cluster/cluster.env ]] || { tail -n 30 "$state/cluster.log"; fail "the test API server did not come up"; }
# shellcheck source=/dev/null
source "$state/cluster/cluster.env"
kubeconfig=$QS_KUBECONFIG
k() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }
api_host=$(sed -E 's#^https://([^:/]+):([0-9]+).*#\1#' <<<"$QS_API_SERVER")
api_port=$(sed -E 's#^https://([^:/]+):([0-9]+).*#\2#' <<<"$QS_API_SERVER")
say "test API server $QS_API_SERVER with the sandbox providers up in $(secs "$t" "$(now)")s"

# --- the chart, rendered as the README installs it; everything but the Deployment applied ---------------------------
"$helm" template "$release" helm/compute-mirror -n "$rns" --kube-version "$(k version -o json | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])')" \
  --set image.repository="${image%:*}" --set image.tag="${image##*:}" --set allowInsecureEndpoints=true \
  > "$state/rendered.yaml"
k create namespace "$rns" >/dev/null
k create --dry-run=client -o json -f "$state/rendered.yaml" > "$state/rendered.json"
python3 - "$state/rendered.json" "$state/objects.json" "$state/deployment.json" <<'PY'
import json, sys
# kubectl prints one JSON object after the other (a List only for some versions).
text, decoder, position, items = open(sys.argv[1]).read(), json.JSONDecoder(), 0, []
while position < len(text):
    if text[position].isspace():
        position += 1
        continue
    obj, position = decoder.raw_decode(text, position)
    items += obj["items"] if obj.get("kind") == "List" else [obj]
deployments = [i for i in items if i["kind"] == "Deployment"]
assert len(deployments) == 1, f"expected one Deployment in the chart, found {len(deployments)}"
others = [i for i in items if i["kind"] != "Deployment"]
json.dump({"apiVersion": "v1", "kind": "List", "items": others}, open(sys.argv[2], "w"))
json.dump(deployments[0], open(sys.argv[3], "w"))
PY
k apply -f "$state/objects.json" > "$state/applied.txt"
say "chart rendered; applied to the test API server: $(awk '{print $1}' "$state/applied.txt" | tr '\n' ' ')"

# The container from the Deployment: env (downward API values filled in), security settings, limits, probes, volume.
python3 - "$state/deployment.json" "$state/run.args" "$state/expect.env" "$rns" "$pod" "$api_host" "$api_port" \
  "$state/serviceaccount" "$state/tmp" <<'PY'
import json, os, sys
deployment, args_file, expect_file, namespace, pod, api_host, api_port, sa_dir, tmp_dir = sys.argv[1:]
spec = json.load(open(deployment))["spec"]["template"]["spec"]
container = spec["containers"][0]
pod_sc, sc = spec.get("securityContext", {}), container.get("securityContext", {})
def setting(name):
    return sc.get(name, pod_sc.get(name))
args = []
for env in container.get("env", []):
    if "value" in env:
        value = env["value"]
    else:
        path = env["valueFrom"]["fieldRef"]["fieldPath"]  # anything else would need a kubelet: fail loudly
        value = {"metadata.namespace": namespace, "metadata.name": pod}[path]
    args.append(f"--env={env['name']}={value}")
args += [f"--env=KUBERNETES_SERVICE_HOST={api_host}", f"--env=KUBERNETES_SERVICE_PORT={api_port}",
         f"--env=HOSTNAME={pod}"]
args.append(f"--mount=type=bind,src={sa_dir},dst=/var/run/secrets/kubernetes.io/serviceaccount,options=rbind:ro")
volumes = {v["name"]: v for v in spec.get("volumes", [])}
for mount in container.get("volumeMounts", []):
    volume = volumes[mount["name"]]
    assert "emptyDir" in volume, f"volume {mount['name']}: only emptyDir volumes are supported here"
    args.append(f"--mount=type=bind,src={tmp_dir},dst={mount['mountPath']},options=rbind:rw")
if sc.get("readOnlyRootFilesystem"):
    args.append("--read-only")
if sc.get("allowPrivilegeEscalation") is not False:
    args.append("--allow-new-privs")
if (setting("seccompProfile") or {}).get("type") == "RuntimeDefault":
    args.append("--seccomp")  # containerd's default profile: what RuntimeDefault means under containerd
dropped = sc.get("capabilities", {}).get("drop", [])
if "ALL" in dropped:
    # ctr has no "ALL": drop every capability runc's default set grants.
    for cap in ["CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP",
                "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE"]:
        args.append(f"--cap-drop=CAP_{cap}")
limit = container.get("resources", {}).get("limits", {}).get("memory")
if limit and (os.path.isdir("/sys/fs/cgroup/memory") or os.path.isfile("/sys/fs/cgroup/cgroup.controllers")):
    units = {"Ki": 1024, "Mi": 1024 ** 2, "Gi": 1024 ** 3}
    number = next((int(limit[:-2]) * factor for suffix, factor in units.items() if limit.endswith(suffix)), None)
    args.append(f"--memory-limit={number if number is not None else int(limit)}")
open(args_file, "w").write("\n".join(args) + "\n")
# What the checks expect (user and group as /proc will show them, the image's when the chart sets none) and what
# the pod is given (its ServiceAccount, its port).
expect = {"UID": setting("runAsUser") or "", "GID": setting("runAsGroup") or "",
          "NO_NEW_PRIVS": "1" if sc.get("allowPrivilegeEscalation") is False else "",
          "SECCOMP": "2" if (setting("seccompProfile") or {}).get("type") == "RuntimeDefault" else "",
          "READ_ONLY": "true" if sc.get("readOnlyRootFilesystem") else "false",
          "MEMORY_LIMIT": limit or "", "READINESS_PATH": container["readinessProbe"]["httpGet"]["path"],
          "HTTP_PORT": container["ports"][0]["containerPort"], "SERVICE_ACCOUNT": spec["serviceAccountName"]}
open(expect_file, "w").write("".join(f"EXPECT_{k}={v}\n" for k, v in expect.items()))
PY
# shellcheck source=/dev/null
source "$state/expect.env"
mapfile -t run_args < "$state/run.args"
http_port=$EXPECT_HTTP_PORT
if (echo > "/dev/tcp/127.0.0.1/$http_port") 2>/dev/null; then
  fail "port $http_port (the chart's containerPort) is taken on this machine; the container shares its network"
fi

# --- what the kubelet would give the pod ----------------------------------------------------------------------------
k -n "$rns" create token "$EXPECT_SERVICE_ACCOUNT" --duration=2h > "$state/serviceaccount/token"
k config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d \
  > "$state/serviceaccount/ca.crt"
printf '%s' "$rns" > "$state/serviceaccount/namespace"
chmod 0755 "$state/serviceaccount" && chmod 0644 "$state/serviceaccount"/*
# The pod's emptyDir /tmp: writable by the pod's group (fsGroup-less, so owned by the user as the kubelet would).
chmod 1777 "$state/tmp"


# ctr has no flag for the user: the image's user (185, group 185 from its /etc/passwd) runs, and the checks below
# compare it with the chart's runAsUser/runAsGroup.
t_start=$(now)
bash hack/cluster.sh ctr run --detach --net-host --log-uri "file://$state/operator.log" "${run_args[@]}" \
  "$image" "$container" >/dev/null
say "ctr run --detach --net-host ${run_args[*]} $image $container"

# --- 1. the settings as the kernel applies them ----------------------------------------------------------------------
pid=$(bash hack/cluster.sh ctr tasks ls | awk -v c="$container" '$1 == c { print $2 }')
[[ -n $pid ]] || fail "the container's task is not running"
status() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$pid/status"; }
[[ $(status Uid) == "$EXPECT_UID" ]] || fail "the operator runs as uid $(status Uid), the chart says $EXPECT_UID"
[[ $(status Gid) == "$EXPECT_GID" ]] || fail "the operator runs as gid $(status Gid), the chart says $EXPECT_GID"
[[ $(status CapEff) == 0000000000000000 && $(status CapBnd) == 0000000000000000 ]] \
  || fail "capabilities left: effective $(status CapEff), bounding $(status CapBnd)"
[[ $(status NoNewPrivs) == "$EXPECT_NO_NEW_PRIVS" ]] || fail "NoNewPrivs is $(status NoNewPrivs)"
[[ $(status Seccomp) == "$EXPECT_SECCOMP" ]] || fail "seccomp mode is $(status Seccomp), expected $EXPECT_SECCOMP (filter)"
if [[ $EXPECT_READ_ONLY == true ]]; then
  bash hack/cluster.sh ctr tasks exec --exec-id probe-root "$container" sh -c 'touch /home/jboss/probe' 2>/dev/null \
    && fail "the root filesystem is writable"
fi
bash hack/cluster.sh ctr tasks exec --exec-id probe-tmp "$container" sh -c 'touch /tmp/probe && rm /tmp/probe' \
  || fail "/tmp is not writable"
memory_limit=$(cat "/sys/fs/cgroup/memory/k8s.io/$container/memory.limit_in_bytes" 2>/dev/null \
  || cat "/sys/fs/cgroup/k8s.io/$container/memory.max" 2>/dev/null || echo none)
pass "uid $EXPECT_UID gid $EXPECT_GID, no capabilities, no new privileges, seccomp filter, read-only root, writable /tmp, memory limit $memory_limit bytes (chart: $EXPECT_MEMORY_LIMIT)"

# --- 2. readiness, through the probe's own endpoint ----------------------------------------------------------------
ready_at=""
for _ in $(seq 1 $((deadline_ready * 2))); do
  if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port$EXPECT_READINESS_PATH") == 200 ]]; then
    ready_at=$(now); break
  fi
  bash hack/cluster.sh ctr tasks ls | awk -v c="$container" '$1 == c { print $3 }' | grep -qx RUNNING \
    || fail "the container stopped before it was Ready"
  sleep 0.5
done
[[ -n $ready_at ]] || fail "not Ready within ${deadline_ready}s ($EXPECT_READINESS_PATH on port $http_port)"
pass "Ready $(secs "$t_start" "$ready_at")s after the container started ($EXPECT_READINESS_PATH answers 200)"

# --- 3. the leader Lease, through the ServiceAccount's own RBAC -----------------------------------------------------
holder=""
for _ in $(seq 1 60); do
  holder=$(k -n "$rns" get lease compute-mirror-leader -o jsonpath='{.spec.holderIdentity}' 2>/dev/null || true)
  [[ $holder == "$pod" ]] && break; sleep 0.5
done
[[ $holder == "$pod" ]] || fail "the Lease compute-mirror-leader is held by '$holder', not $pod"
pass "leader: Lease $rns/compute-mirror-leader held by $pod"

# --- 4. the first sync of every sample ComputeProvider ---------------------------------------------------------------
mirrored_at=""
for _ in $(seq 1 $((deadline_mirrors * 2))); do
  ready=$(k -n "$demo" get computeproviders -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{" "}{.status.objects.total}{"\n"}{end}' 2>/dev/null || true)
  if [[ $(grep -c '^True [1-9]' <<<"$ready") == 3 ]]; then mirrored_at=$(now); break; fi
  sleep 0.5
done
[[ -n $mirrored_at ]] || { k -n "$demo" get computeproviders -o wide; fail "not every ComputeProvider is Ready with mirrors within ${deadline_mirrors}s"; }
counts="machines $(k -n "$demo" get machines -o name | wc -l), gpuoffers $(k -n "$demo" get gpuoffers -o name | wc -l)"
pass "first sync: the three ComputeProviders Ready with mirrors ($counts) $(secs "$t_start" "$mirrored_at")s after the start"

# Every log record (a timestamped line and its stack trace) that carries an exception fails the run, except one: an
# informer's list or watch that the client retries by itself ("listSyncAndWatch failed ..., will retry"), such as a
# connection the API server closed under it (Vert.x's HttpClosedException, fabric8io/kubernetes-client#7450). Those
# are shown, and the first sync above has already proved that the informers recovered.
log_records() {  # prints each record that mentions an exception on one line, its first line first
  awk '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { if (r ~ /Exception/) print r; r = $0; next } { r = r " | " $0 }
       END { if (r ~ /Exception/) print r }' "$state/operator.log"
}
retried='WARN  \[io\.fabric8\.kubernetes\.client\.informers\.impl\.cache\.Reflector\] [^|]* will retry'
records=$(log_records)
while IFS= read -r record; do say "note: retried by the client: ${record:0:240}"; done < <(grep -E "$retried" <<<"$records" || true)
unexpected=$(grep -vE "$retried" <<<"$records" || true)
[[ -z $unexpected ]] || { cut -c1-400 <<<"$unexpected" | head -5; fail "exceptions in the operator log"; }
say "figures: container start to Ready $(secs "$t_start" "$ready_at")s, to first mirrors $(secs "$t_start" "$mirrored_at")s"
say "e2e-fallback: $passed passed, 0 failed"
