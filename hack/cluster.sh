#!/usr/bin/env bash
# A real single-node Kubernetes cluster on this machine, for the end-to-end test (hack/e2e.sh):
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubelet and kube-proxy of the pinned version
# (hack/test-binaries.sh builds and caches them), containerd + runc + the CNI bridge plugin from Debian packages
# (installed here when missing), certificates made here with openssl.
#
#   hack/cluster.sh up          start it (idempotent: a running cluster is left as it is); prints the kubeconfig
#   hack/cluster.sh down        stop it and remove every process, mount, network device, iptables chain and
#                               directory it made; restores the kernel settings the kubelet changes
#   hack/cluster.sh kubeconfig  print the admin kubeconfig's path
#   hack/cluster.sh ctr ARGS    run ctr against the cluster's containerd (namespace k8s.io), e.g. images import
#   hack/cluster.sh check       say whether this machine can run a kubelet; exit 3 with the reason when not
#   hack/cluster.sh runtime     start only containerd + runc (no node, no pod network), for hack/e2e-fallback.sh
#                               where a kubelet cannot run; `down` removes it like the whole cluster
#
# Network: only addresses this script creates. A bridge cm0 with 10.244.0.1/24 (pods get 10.244.0.2-254, the API
# server and kubelet listen on 10.244.0.1); Services are virtual addresses in 10.96.0.0/24 that kube-proxy
# translates on this machine. Pods get no default route and IP forwarding stays as it is, so nothing leaves the
# machine. etcd and the control plane's other ports are on 127.0.0.1. Needs root.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=hack/k8s-version.env
source "$here/k8s-version.env"

NODE=compute-mirror-node
BRIDGE=cm0
NODE_IP=10.244.0.1
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/24
API_SERVICE_IP=10.96.0.1
API_PORT=6443
ETCD_CLIENT=127.0.0.1:23790
ETCD_PEER=127.0.0.1:23800
LIB=${COMPUTEMIRROR_CLUSTER_LIB:-/var/lib/compute-mirror-cluster}
RUN=${COMPUTEMIRROR_CLUSTER_RUN:-/run/compute-mirror-cluster}
SOCK=$RUN/containerd/containerd.sock
PAUSE_IMAGE=compute-mirror.local/pause:catatonit
# Kernel settings the kubelet sets at start (pkg/kubelet/cm: setupKernelTunables); restored by `down`.
SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
# socat: hack/e2e.sh forwards the sandbox providers from the node address to 127.0.0.1.
PACKAGES=(containerd runc containernetworking-plugins catatonit iptables conntrack openssl iproute2 curl socat)

log() { printf '[cluster] %s\n' "$*" >&2; }
bin_dir() { bash "$here/test-binaries.sh" --print-dir; }

# --- what the machine must offer ------------------------------------------------------------------------------
# Prints the reason and returns 1 when a kubelet cannot run here (the e2e then reports itself skipped).
check() {
  [[ $(id -u) == 0 ]] || { echo "not root: the kubelet, containerd and the pod network need root"; return 1; }
  [[ -d /sys/fs/cgroup/memory || -f /sys/fs/cgroup/cgroup.controllers ]] || {
    echo "no memory cgroup controller under /sys/fs/cgroup (neither cgroup v1 nor v2 is mounted)"; return 1; }
  grep -qw overlay /proc/filesystems || { echo "the kernel has no overlay filesystem (containerd's snapshotter)"; return 1; }
  if ! ip link add cm-probe0 type bridge 2>/dev/null; then echo "cannot create a bridge network device"; return 1; fi
  ip link del cm-probe0
  if ! ip link add cm-probe1 type veth peer name cm-probe2 2>/dev/null; then echo "cannot create veth pairs"; return 1; fi
  ip link del cm-probe1
  if ! unshare --net true 2>/dev/null; then echo "cannot create network namespaces"; return 1; fi
  return 0
}

# containerd's snapshotter: overlayfs where the kernel has it, else plain copies (slower, works everywhere).
snapshotter() { if grep -qw overlay /proc/filesystems; then echo overlayfs; else echo native; fi; }

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == 'install ok installed' ]] || missing+=("$p")
  done
  (( ${#missing[@]} == 0 )) && return 0
  log "installing Debian packages: ${missing[*]}"
  apt-get update -q >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  # The package's own containerd service is not ours: this script runs its own instance.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active -q containerd 2>/dev/null; then
    systemctl disable --now containerd >&2 || true
  fi
}

# --- certificates ----------------------------------------------------------------------------------------------
cert() { # name subject [extensions]
  local name=$1 subject=$2 ext=${3:-}
  [[ -f $LIB/pki/$name.crt ]] && return 0
  openssl genrsa -out "$LIB/pki/$name.key" 2048 2>/dev/null
  openssl req -new -key "$LIB/pki/$name.key" -subj "$subject" -out "$LIB/pki/$name.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n%s\n' \
    "$ext" > "$LIB/pki/$name.ext"
  openssl x509 -req -in "$LIB/pki/$name.csr" -CA "$LIB/pki/ca.crt" -CAkey "$LIB/pki/ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$LIB/pki/$name.ext" -out "$LIB/pki/$name.crt" 2>/dev/null
  rm -f "$LIB/pki/$name.csr" "$LIB/pki/$name.ext"
}

certificates() {
  mkdir -p "$LIB/pki"
  if [[ ! -f $LIB/pki/ca.crt ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$LIB/pki/ca.key" -out "$LIB/pki/ca.crt" -days 30 \
      -subj "/CN=compute-mirror-test-ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  fi
  cert apiserver "/CN=kube-apiserver" \
    "subjectAltName=IP:$NODE_IP,IP:$API_SERVICE_IP,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  cert admin "/O=system:masters/CN=compute-mirror-admin"
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  cert kube-controller-manager "/CN=system:kube-controller-manager"
  cert kube-scheduler "/CN=system:kube-scheduler"
  cert kube-proxy "/CN=system:kube-proxy"
  cert kubelet "/O=system:nodes/CN=system:node:$NODE" "subjectAltName=IP:$NODE_IP,DNS:$NODE"
  [[ -f $LIB/pki/sa.key ]] || openssl genrsa -out "$LIB/pki/sa.key" 2048 2>/dev/null
  [[ -f $LIB/pki/sa.pub ]] || openssl rsa -in "$LIB/pki/sa.key" -pubout -out "$LIB/pki/sa.pub" 2>/dev/null
  local who
  for who in admin kube-controller-manager kube-scheduler kube-proxy kubelet; do
    kubeconfig "$who" | write_if_changed "$LIB/$who.kubeconfig"
  done
}

kubeconfig() {
  cat <<YAML
apiVersion: v1
kind: Config
clusters:
- name: compute-mirror-e2e
  cluster:
    server: https://$NODE_IP:$API_PORT
    certificate-authority-data: $(base64 -w0 < "$LIB/pki/ca.crt")
users:
- name: $1
  user:
    client-certificate-data: $(base64 -w0 < "$LIB/pki/$1.crt")
    client-key-data: $(base64 -w0 < "$LIB/pki/$1.key")
contexts:
- name: compute-mirror-e2e
  context: {cluster: compute-mirror-e2e, user: $1}
current-context: compute-mirror-e2e
YAML
}

# --- processes -------------------------------------------------------------------------------------------------
start_bg() { # name command...
  local name=$1; shift
  "$@" >> "$LIB/logs/$name.log" 2>&1 &
  echo $! > "$RUN/$name.pid"
}

running() { [[ -f $RUN/$1.pid ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

wait_for() { # what seconds command...
  local what=$1 seconds=$2; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then
      log "$what not ready after ${seconds}s; last log lines:"
      tail -n 30 "$LIB/logs/$what.log" >&2 || true
      return 1
    fi
    sleep 1
  done
}

# Writes stdin to a file only when the content differs: kube-proxy exits when its configuration file changes, so an
# idempotent `up` must not touch it.
write_if_changed() {
  local tmp; tmp=$(mktemp)
  cat > "$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; fi
}

kubectl_admin() { "$(bin_dir)/kubectl" --kubeconfig "$LIB/admin.kubeconfig" "$@"; }

network() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$NODE_IP/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  mkdir -p "$LIB/cni/net.d"
  # The bridge plugin without isGateway: it neither assigns the bridge's address (done above) nor turns on IP
  # forwarding. Pods get routes to the pod network (on link) and to the Service network via the node, no default.
  write_if_changed "$LIB/cni/net.d/10-compute-mirror.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "compute-mirror",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": false,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$LIB/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR", "rangeStart": "10.244.0.2", "gateway": "$NODE_IP"}]],
        "routes": [{"dst": "$SERVICE_CIDR", "gw": "$NODE_IP"}]
      }
    },
    {"type": "loopback"}
  ]
}
JSON
}

containerd_up() {
  mkdir -p "$RUN/containerd" "$LIB/containerd"
  write_if_changed "$LIB/containerd.toml" <<TOML
version = 2
root = "$LIB/containerd"
state = "$RUN/containerd/state"
[grpc]
  address = "$SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # Never below containerd's own OOM score: root may lack CAP_SYS_RESOURCE (seen on this project's machines), and
  # the kubelet's -998 for pod sandboxes then fails every pod with "write to /proc/self/oom_score_adj".
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "$(snapshotter)"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$LIB/cni/net.d"
TOML
  running containerd || start_bg containerd containerd --config "$LIB/containerd.toml"
  wait_for containerd 30 ctr --address "$SOCK" version
  # The pod sandbox ("pause") image: Debian's static catatonit in pause mode (-P), imported, never pulled.
  if ! grep -qx "$PAUSE_IMAGE" <<<"$(ctr --address "$SOCK" -n k8s.io images ls -q)"; then
    local work; work=$(mktemp -d)
    mkdir -p "$work/rootfs" "$work/image"
    install -m 0755 /usr/bin/catatonit "$work/rootfs/catatonit"
    tar -C "$work/rootfs" -cf "$work/layer.tar" .
    local layer; layer=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
    mkdir -p "$work/image/$layer"; mv "$work/layer.tar" "$work/image/$layer/layer.tar"
    printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/catatonit","-P"],"User":"65535:65535"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
      "$layer" > "$work/image/config.json"
    local config; config=$(sha256sum "$work/image/config.json" | cut -d' ' -f1)
    mv "$work/image/config.json" "$work/image/$config.json"
    printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config" "$PAUSE_IMAGE" "$layer" \
      > "$work/image/manifest.json"
    tar -C "$work/image" -cf "$work/pause.tar" .
    ctr --address "$SOCK" -n k8s.io images import "$work/pause.tar" >&2
    rm -rf "$work"
  fi
}

control_plane_up() {
  local bin; bin=$(bin_dir)
  running etcd || start_bg etcd "$bin/etcd" --name "$NODE" --data-dir "$LIB/etcd" \
    --listen-client-urls "http://$ETCD_CLIENT" --advertise-client-urls "http://$ETCD_CLIENT" \
    --listen-peer-urls "http://$ETCD_PEER" --initial-advertise-peer-urls "http://$ETCD_PEER" \
    --initial-cluster "$NODE=http://$ETCD_PEER" --unsafe-no-fsync
  wait_for etcd 60 curl -fsS "http://$ETCD_CLIENT/health"

  running kube-apiserver || start_bg kube-apiserver "$bin/kube-apiserver" \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port "$API_PORT" \
    --etcd-servers "http://$ETCD_CLIENT" \
    --tls-cert-file "$LIB/pki/apiserver.crt" --tls-private-key-file "$LIB/pki/apiserver.key" \
    --client-ca-file "$LIB/pki/ca.crt" \
    --kubelet-client-certificate "$LIB/pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$LIB/pki/apiserver-kubelet-client.key" --kubelet-preferred-address-types InternalIP \
    --service-account-issuer "https://kubernetes.default.svc.cluster.local" \
    --service-account-key-file "$LIB/pki/sa.pub" --service-account-signing-key-file "$LIB/pki/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --authorization-mode Node,RBAC \
    --enable-admission-plugins NodeRestriction --allow-privileged=false \
    --cert-dir "$LIB/pki/apiserver-generated"
  wait_for kube-apiserver 120 curl -fsS --cacert "$LIB/pki/ca.crt" "https://$NODE_IP:$API_PORT/readyz"

  running kube-controller-manager || start_bg kube-controller-manager "$bin/kube-controller-manager" \
    --kubeconfig "$LIB/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig "$LIB/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig "$LIB/kube-controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file "$LIB/pki/sa.key" --root-ca-file "$LIB/pki/ca.crt" \
    --cluster-signing-cert-file "$LIB/pki/ca.crt" --cluster-signing-key-file "$LIB/pki/ca.key" \
    --controllers '*,-node-ipam-controller,-cloud-node-lifecycle-controller,-service-lb-controller,-node-route-controller'
  running kube-scheduler || start_bg kube-scheduler "$bin/kube-scheduler" \
    --kubeconfig "$LIB/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig "$LIB/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig "$LIB/kube-scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false
  wait_for kube-controller-manager 60 curl -fsSk https://127.0.0.1:10257/healthz
  wait_for kube-scheduler 60 curl -fsSk https://127.0.0.1:10259/healthz
}

node_up() {
  local bin; bin=$(bin_dir)
  mkdir -p "$LIB/kubelet" "$LIB/pod-logs"
  if [[ ! -f $RUN/sysctls.saved ]]; then
    local s; for s in "${SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s")"; done > "$RUN/sysctls.saved"
  fi
  write_if_changed "$LIB/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $LIB/pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $LIB/pki/kubelet.crt
tlsPrivateKeyFile: $LIB/pki/kubelet.key
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$SOCK
failSwapOn: false
failCgroupV1: false
podLogsDir: $LIB/pod-logs
resolvConf: /etc/resolv.conf
clusterDomain: cluster.local
serializeImagePulls: false
imageGCHighThresholdPercent: 100
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
YAML
  running kubelet || start_bg kubelet "$bin/kubelet" --config "$LIB/kubelet.yaml" \
    --kubeconfig "$LIB/kubelet.kubeconfig" --root-dir "$LIB/kubelet" \
    --hostname-override "$NODE" --node-ip "$NODE_IP"

  write_if_changed "$LIB/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $LIB/kube-proxy.kubeconfig}
hostnameOverride: $NODE
mode: iptables
clusterCIDR: $POD_CIDR
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$NODE_IP/32"]
# 0: leave the machine's conntrack table settings as they are.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
YAML
  running kube-proxy || start_bg kube-proxy "$bin/kube-proxy" --config "$LIB/kube-proxy.yaml"
  wait_for kubelet 120 kubectl_admin wait --for=condition=Ready "node/$NODE" --timeout=2s
  wait_for kube-proxy 60 curl -fsS http://127.0.0.1:10256/healthz
}

up() {
  local reason
  if ! reason=$(check); then log "cannot run a kubelet here: $reason"; exit 3; fi
  install_packages
  bash "$here/test-binaries.sh" --node >&2
  mkdir -p "$LIB/logs" "$RUN"
  local t0; t0=$(date +%s)
  certificates
  network
  containerd_up
  control_plane_up
  node_up
  # The default ServiceAccount and the kube-root-ca.crt ConfigMap come from the controller manager.
  wait_for kube-controller-manager 60 kubectl_admin -n default get serviceaccount default
  log "cluster up in $(( $(date +%s) - t0 ))s: node $NODE Ready; kubeconfig $LIB/admin.kubeconfig"
  echo "$LIB/admin.kubeconfig"
}

# The container runtime alone, for the e2e's fallback: what it needs is root, not a kubelet's kernel features.
runtime() {
  [[ $(id -u) == 0 ]] || { log "cannot run containers here: not root (containerd and runc need root)"; exit 3; }
  PACKAGES=(containerd runc catatonit curl)
  install_packages
  mkdir -p "$LIB/logs" "$RUN"
  containerd_up
  log "containerd up (snapshotter $(snapshotter)): hack/cluster.sh ctr ARGS; hack/cluster.sh down removes it"
}

# --- teardown ---------------------------------------------------------------------------------------------------
stop_pid() { # name
  local f=$RUN/$1.pid pid
  [[ -f $f ]] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    local i; for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

down() {
  # Stop the node first, so nothing restarts what is removed below.
  stop_pid kubelet
  stop_pid kube-proxy
  if [[ -S $SOCK ]] && running containerd; then
    local c
    for c in $(ctr --address "$SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr --address "$SOCK" -n k8s.io tasks kill -s SIGKILL "$c" >/dev/null 2>&1 || true
    done
    sleep 1
    for c in $(ctr --address "$SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr --address "$SOCK" -n k8s.io tasks delete -f "$c" >/dev/null 2>&1 || true
    done
    for c in $(ctr --address "$SOCK" -n k8s.io containers ls -q 2>/dev/null); do
      ctr --address "$SOCK" -n k8s.io containers delete "$c" >/dev/null 2>&1 || true
    done
  fi
  local name
  for name in kube-scheduler kube-controller-manager kube-apiserver etcd containerd; do stop_pid "$name"; done
  # containerd's shims outlive containerd; only those whose state lives under our directory are ours.
  local pid
  for pid in $(pgrep -f containerd-shim-runc-v2 || true); do
    if [[ $(tr "\0" " " < "/proc/$pid/cmdline" 2>/dev/null) == *"-address $SOCK "* ]]; then kill -9 "$pid" 2>/dev/null || true; fi
  done
  # Mounts under our directories (overlay rootfs, tmpfs volumes, network namespaces), deepest first.
  local m
  for m in $(awk '{print $5}' /proc/self/mountinfo | grep -E "^($LIB|$RUN)" | sort -r); do umount -l "$m" 2>/dev/null || true; done
  # Pod network namespaces (containerd's /run/netns/cni-*): ours hold an address of the pod network. Deleting
  # them also removes their veth ends; any veth still on our bridge goes with the bridge below.
  local netns
  for netns in $(ip netns list 2>/dev/null | awk '$1 ~ /^cni-/ {print $1}'); do
    if [[ $(ip netns exec "$netns" ip -4 -o addr show 2>/dev/null) == *" ${POD_CIDR%.*}."* ]]; then
      ip netns delete "$netns" 2>/dev/null || true
    fi
  done
  local veth
  for veth in $(ip -o link show master "$BRIDGE" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    ip link del "$veth" 2>/dev/null || true
  done
  # kube-proxy's own cleanup of its iptables chains, then any KUBE-* chain the kubelet left.
  if [[ -x "$(bin_dir)/kube-proxy" ]]; then "$(bin_dir)/kube-proxy" --cleanup >/dev/null 2>&1 || true; fi
  local table chain
  for table in filter nat mangle; do
    for chain in $(iptables -t "$table" -S 2>/dev/null | awk '$1=="-N" && $2 ~ /^KUBE-/ {print $2}'); do
      iptables -t "$table" -F "$chain" 2>/dev/null || true
    done
    iptables -t "$table" -S 2>/dev/null | awk '$1=="-A" && /-j KUBE-/' | sed 's/^-A/-D/' | while read -r rule; do
      eval "iptables -t $table $rule" 2>/dev/null || true
    done
    for chain in $(iptables -t "$table" -S 2>/dev/null | awk '$1=="-N" && $2 ~ /^KUBE-/ {print $2}'); do
      iptables -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  # Pod cgroups the kubelet made (cgroup v1: one kubepods tree per controller), and those of containers started
  # with ctr (hack/e2e-fallback.sh), children first.
  local dir
  for dir in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/*/k8s.io /sys/fs/cgroup/k8s.io; do
    [[ -d $dir ]] && find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  if [[ -f $RUN/sysctls.saved ]]; then
    local line; while read -r line; do sysctl -q -w "$line" >/dev/null 2>&1 || true; done < "$RUN/sysctls.saved"
  fi
  rm -rf "$RUN" "$LIB"
  rm -f /var/lib/cni/results/compute-mirror-* 2>/dev/null || true
  log "cluster down: no process, mount, bridge or KUBE-* chain of it is left"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  kubeconfig) echo "$LIB/admin.kubeconfig" ;;
  runtime) runtime ;;
  ctr) shift; CONTAINERD_SNAPSHOTTER=$(snapshotter) exec ctr --address "$SOCK" -n k8s.io "$@" ;;
  check) if reason=$(check); then echo "a kubelet can run here"; else echo "$reason"; exit 3; fi ;;
  *) echo "usage: $0 up|down|kubeconfig|runtime|ctr ARGS|check" >&2; exit 2 ;;
esac
