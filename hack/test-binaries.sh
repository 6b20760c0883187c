#!/usr/bin/env bash
# Makes kube-apiserver, etcd and kubectl of one pinned Kubernetes version available where
# Fabric8 kube-api-test looks for them: ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<X.Y.Z>-linux-amd64/.
#
# Idempotent: when the three binaries exist it only prints their versions. Otherwise it builds them
# from the Go module proxy (no other internet needed): a throw-away wrapper module replaces every
# Kubernetes staging module (read from the pinned k8s.io/kubernetes go.mod) with its published
# v0.<minor>.<patch> release, and a second wrapper builds etcd from go.etcd.io/etcd/server/v3.
#
# Usage: hack/test-binaries.sh [--print-dir]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=hack/k8s-version.env
source "$here/k8s-version.env"

root=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}
bin_dir="$root/k8s/${K8S_VERSION}-linux-amd64"
if [[ "${1:-}" == "--print-dir" ]]; then echo "$bin_dir"; exit 0; fi

log() { printf '[test-binaries] %s\n' "$*" >&2; }

# kube-api-test needs kube-apiserver, etcd and kubectl; the integration-test harness adds
# kube-controller-manager (garbage collection, namespace deletion); hack/cluster.sh adds the node's parts.
kube_cmds=(kube-apiserver kubectl kube-controller-manager kube-scheduler kubelet kube-proxy)
have_all() {
  [[ -x "$bin_dir/etcd" ]] || return 1
  local c; for c in "${kube_cmds[@]}"; do [[ -x "$bin_dir/$c" ]] || return 1; done
}

print_versions() {
  printf '[test-binaries] binaries in %s:\n' "$bin_dir"
  printf '  %s\n' "$("$bin_dir/kube-apiserver" --version)" \
                  "etcd $("$bin_dir/etcd" --version | sed -n 's/^etcd Version: //p')" \
                  "kubectl $("$bin_dir/kubectl" version --client -o json | sed -n 's/.*"gitVersion": "\(.*\)".*/\1/p' | head -1)"
}

if have_all; then print_versions; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
[test-binaries] Missing the Kubernetes $K8S_VERSION binaries in $bin_dir and no Go toolchain to build them.
  Install Go (>= 1.24) and run this script again (./mvnw verify runs it before the integration tests).
MSG
  exit 1
fi

work=${COMPUTEMIRROR_BUILD_CACHE:-$HOME/.cache/compute-mirror}/k8s-build-$K8S_VERSION
mkdir -p "$work/kube" "$work/etcd" "$bin_dir"
export GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN=local

k="v$K8S_VERSION"
minor=$(cut -d. -f2 <<<"$K8S_VERSION"); patch=$(cut -d. -f3 <<<"$K8S_VERSION")
staging_version="v0.$minor.$patch"

log "building Kubernetes $k (${kube_cmds[*]}) from the Go module proxy; the first build takes 15-25 minutes"
cd "$work/kube"
if [[ ! -f go.mod ]]; then
  go mod init compute-mirror.local/k8s-build >/dev/null 2>&1
fi
k8s_gomod=$(go mod download -json "k8s.io/kubernetes@$k" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
[[ -f "$k8s_gomod" ]] || { log "could not download k8s.io/kubernetes@$k"; exit 1; }
# Every "k8s.io/<m> => ./staging/src/k8s.io/<m>" line of the pinned go.mod names a staging module.
mapfile -t staging < <(sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./staging/.*#\1#p' "$k8s_gomod")
(( ${#staging[@]} > 0 )) || { log "no staging modules found in $k8s_gomod"; exit 1; }
log "${#staging[@]} staging modules, replaced with $staging_version"
godebug=$(grep -E '^godebug' "$k8s_gomod" || true)
go_line=$(grep -E '^go [0-9]' "$k8s_gomod")
{
  echo "module compute-mirror.local/k8s-build"
  echo
  echo "$go_line"
  [[ -n "$godebug" ]] && echo "$godebug"
  echo
  echo "replace ("
  for m in "${staging[@]}"; do echo "	$m => $m $staging_version"; done
  echo ")"
} > go.mod
pkgs=(); for c in "${kube_cmds[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c@$k"); done
go get "${pkgs[@]}" >&2

ldflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$k -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
for cmd in "${kube_cmds[@]}"; do
  go build -trimpath -tags selinux,notest -ldflags "-s -w $ldflags" -o "$work/$cmd" "k8s.io/kubernetes/cmd/$cmd"
done

log "building etcd v$ETCD_VERSION"
cd "$work/etcd"
if [[ ! -f go.mod ]]; then
  go mod init compute-mirror.local/etcd-build >/dev/null 2>&1
fi
cat > main.go <<'GO'
// Command etcd is the etcd server, built from its published module for the integration tests.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" >&2
go build -trimpath -ldflags "-s -w" -o "$work/etcd-bin" .

# Install last, all three together, so an interrupted build never leaves a half-filled directory.
for cmd in "${kube_cmds[@]}"; do install -m 0755 "$work/$cmd" "$bin_dir/$cmd"; done
install -m 0755 "$work/etcd-bin" "$bin_dir/etcd"
print_versions
