#!/usr/bin/env bash
# Makes the Kubernetes binaries of the one pinned version (hack/k8s-version.env) available where the tests look for
# them: ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<X.Y.Z>-<os>-<arch>/ (os linux or darwin, arch amd64 or arm64).
#
#   hack/test-binaries.sh           what the integration tests and the local quickstart run: kube-apiserver, etcd,
#                                   kubectl and kube-controller-manager (garbage collection, namespace deletion)
#   hack/test-binaries.sh --node    also kube-scheduler, kubelet and kube-proxy, for hack/cluster.sh (the e2e)
#   hack/test-binaries.sh --print-dir
#
# Idempotent: when the binaries exist it only prints their versions. Otherwise:
#  1. kube-apiserver, etcd and kubectl: the envtest archive of the pinned version for this OS and architecture, as
#     controller-runtime's setup-envtest finds it: the index envtest-releases.yaml of kubernetes-sigs/controller-tools
#     names each archive's address and SHA-512. The archive is downloaded, its checksum verified, and the three
#     binaries installed only when all of them are there and run (extracted in a temporary directory first, then
#     moved in), so a failed or refused download leaves nothing behind.
#  2. What the download did not bring is built from the Go module proxy: kube-controller-manager and the node's
#     binaries are not in envtest archives, and when the download failed (no network, no archive for the version or
#     platform, a bad checksum) the envtest three are built too. A throw-away wrapper module replaces every Kubernetes
#     staging module (read from the pinned k8s.io/kubernetes go.mod) with its published v0.<minor>.<patch> release; a
#     second one builds etcd from go.etcd.io/etcd/server/v3. The first build takes 15-25 minutes.
#
# ENVTEST_INDEX_URL sets the index's address (tests point it at a local server); COMPUTEMIRROR_ENVTEST_DOWNLOAD=false
# skips the download.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=hack/k8s-version.env
source "$here/k8s-version.env"

case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os=$(uname -s | tr '[:upper:]' '[:lower:]') ;; esac
case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
root=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}
bin_dir="$root/k8s/${K8S_VERSION}-$os-$arch"
index_url=${ENVTEST_INDEX_URL:-https://raw.githubusercontent.com/kubernetes-sigs/controller-tools/HEAD/envtest-releases.yaml}

node=false
case "${1:-}" in
  --print-dir) echo "$bin_dir"; exit 0 ;;
  --node) node=true ;;
  "") ;;
  *) echo "usage: hack/test-binaries.sh [--node | --print-dir]" >&2; exit 2 ;;
esac

log() { printf '[test-binaries] %s\n' "$*" >&2; }

envtest_cmds=(kube-apiserver etcd kubectl)
kube_cmds=(kube-controller-manager)
$node && kube_cmds+=(kube-scheduler kubelet kube-proxy)
missing() {  # the wanted binaries that are not installed yet
  local c; for c in "${envtest_cmds[@]}" "${kube_cmds[@]}"; do [[ -x "$bin_dir/$c" ]] || echo "$c"; done
}

print_versions() {
  printf '[test-binaries] binaries in %s:\n' "$bin_dir" >&2
  printf '  %s\n' "$("$bin_dir/kube-apiserver" --version)" \
                  "etcd $("$bin_dir/etcd" --version | sed -n 's/^etcd Version: //p')" \
                  "kubectl $("$bin_dir/kubectl" version --client -o json | sed -n 's/.*"gitVersion": "\(.*\)".*/\1/p' | head -1)" >&2
}

sha512() { if command -v sha512sum >/dev/null; then sha512sum "$1"; else shasum -a 512 "$1"; fi | cut -d' ' -f1; }

# Downloads, verifies and installs the envtest archive, working in the empty directory $1 (on the same file system
# as $bin_dir, so the final moves are renames); returns non-zero with the reason logged when it cannot.
download_envtest() {
  local tmp=$1 archive="envtest-v${K8S_VERSION}-$os-$arch.tar.gz" url hash got c
  command -v curl >/dev/null || { log "download: curl not found"; return 1; }
  log "download: reading the envtest index $index_url"
  if ! curl -fsSL --connect-timeout 10 --max-time 60 -o "$tmp/index.yaml" "$index_url" 2>"$tmp/curl.err"; then
    log "download: could not read the index: $(tail -n 1 "$tmp/curl.err")"; return 1
  fi
  # The index is YAML of one fixed shape: "<archive>:" then indented "hash:" and "selfLink:" lines.
  read -r hash url < <(awk -v name="$archive:" '
      $1 == name { found = 1; next }
      found && $1 == "hash:" { h = $2 }
      found && $1 == "selfLink:" { u = $2 }
      found && h != "" && u != "" { print h, u; exit }' "$tmp/index.yaml") || true
  if [[ -z ${hash:-} || -z ${url:-} ]]; then
    log "download: the index lists no $archive (Kubernetes $K8S_VERSION, $os-$arch)"; return 1
  fi
  log "download: $url"
  if ! curl -fsSL --connect-timeout 10 --max-time 600 -o "$tmp/$archive" "$url" 2>"$tmp/curl.err"; then
    log "download: could not fetch $archive: $(tail -n 1 "$tmp/curl.err")"; return 1
  fi
  got=$(sha512 "$tmp/$archive")
  if [[ $got != "$hash" ]]; then
    log "download: REFUSED $archive: its SHA-512 is $got, the index says $hash; nothing installed"; return 1
  fi
  mkdir "$tmp/x"
  if ! tar -xzf "$tmp/$archive" -C "$tmp/x" 2>"$tmp/tar.err"; then
    log "download: REFUSED $archive: it does not extract ($(head -n 1 "$tmp/tar.err")); nothing installed"; return 1
  fi
  # envtest archives hold controller-tools/envtest/<binary>; take each binary by name wherever it is.
  mkdir "$tmp/bin"
  for c in "${envtest_cmds[@]}"; do
    local found
    found=$(find "$tmp/x" -type f -name "$c" | head -n 1)
    [[ -n $found ]] || { log "download: REFUSED $archive: it has no $c; nothing installed"; return 1; }
    install -m 0755 "$found" "$tmp/bin/$c"
  done
  if ! { "$tmp/bin/kube-apiserver" --version && "$tmp/bin/etcd" --version && "$tmp/bin/kubectl" version --client; } >/dev/null 2>&1; then
    log "download: REFUSED $archive: its binaries do not run on this machine; nothing installed"; return 1
  fi
  # Same file system, so each move is a rename; the three land together or, on a failure, are taken out again.
  mkdir -p "$bin_dir"
  for c in "${envtest_cmds[@]}"; do
    mv -f "$tmp/bin/$c" "$bin_dir/$c" || { for c in "${envtest_cmds[@]}"; do rm -f "$bin_dir/$c"; done; return 1; }
  done
  log "download: installed kube-apiserver, etcd and kubectl from $archive (SHA-512 verified)"
}

# Builds the given Kubernetes commands (and etcd, when asked with "etcd") with Go from the module proxy.
go_build() {
  local want=("$@") kube=() build_etcd=false c
  for c in "${want[@]}"; do if [[ $c == etcd ]]; then build_etcd=true; else kube+=("$c"); fi; done
  if ! command -v go >/dev/null 2>&1; then
    log "Missing ${want[*]} (Kubernetes $K8S_VERSION) in $bin_dir and no Go toolchain to build them."
    log "  Install Go (>= 1.24) and run this script again (./mvnw verify runs it before the integration tests)."
    exit 1
  fi
  local work=${COMPUTEMIRROR_BUILD_CACHE:-$HOME/.cache/compute-mirror}/k8s-build-$K8S_VERSION
  mkdir -p "$work/kube" "$work/etcd" "$bin_dir"
  export GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN=local
  local k="v$K8S_VERSION" minor patch
  minor=$(cut -d. -f2 <<<"$K8S_VERSION"); patch=$(cut -d. -f3 <<<"$K8S_VERSION")
  local staging_version="v0.$minor.$patch"

  if (( ${#kube[@]} > 0 )); then
    log "building Kubernetes $k (${kube[*]}) from the Go module proxy; the first build takes 15-25 minutes"
    (
      cd "$work/kube"
      [[ -f go.mod ]] || go mod init compute-mirror.local/k8s-build >/dev/null 2>&1
      k8s_gomod=$(go mod download -json "k8s.io/kubernetes@$k" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
      [[ -f "$k8s_gomod" ]] || { log "could not download k8s.io/kubernetes@$k"; exit 1; }
      # Every "k8s.io/<m> => ./staging/src/k8s.io/<m>" line of the pinned go.mod names a staging module.
      staging=()
      while IFS= read -r m; do staging+=("$m"); done \
        < <(sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./staging/.*#\1#p' "$k8s_gomod")
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
      pkgs=(); for c in "${kube[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c@$k"); done
      go get "${pkgs[@]}" >&2
      ldflags=""
      for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
        ldflags+=" -X $pkg.gitVersion=$k -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
      done
      for c in "${kube[@]}"; do
        go build -trimpath -tags selinux,notest -ldflags "-s -w $ldflags" -o "$work/$c" "k8s.io/kubernetes/cmd/$c"
      done
    )
  fi
  if $build_etcd; then
    log "building etcd v$ETCD_VERSION"
    (
      cd "$work/etcd"
      [[ -f go.mod ]] || go mod init compute-mirror.local/etcd-build >/dev/null 2>&1
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
    )
  fi
  # Install last, all together, so an interrupted build never leaves a half-filled directory.
  for c in ${kube[@]+"${kube[@]}"}; do install -m 0755 "$work/$c" "$bin_dir/$c"; done
  $build_etcd && install -m 0755 "$work/etcd-bin" "$bin_dir/etcd"
  log "built with Go: ${want[*]}"
}

# No mapfile: macOS ships bash 3.2.
need=(); while IFS= read -r c; do need+=("$c"); done < <(missing)
if (( ${#need[@]} == 0 )); then print_versions; exit 0; fi
mkdir -p "$root"

# 1. The envtest three, downloaded when any of them is missing.
path="already installed"
if [[ ! -x "$bin_dir/kube-apiserver" || ! -x "$bin_dir/etcd" || ! -x "$bin_dir/kubectl" ]]; then
  if [[ ${COMPUTEMIRROR_ENVTEST_DOWNLOAD:-true} == false ]]; then
    log "download skipped (COMPUTEMIRROR_ENVTEST_DOWNLOAD=false)"; path="Go build"
  else
    tmp=$(mktemp -d "$root/.envtest-download.XXXXXX")
    if download_envtest "$tmp"; then path="envtest download"
    else path="Go build (the download failed)"; log "falling back to the Go build for kube-apiserver, etcd and kubectl"
    fi
    rm -rf "$tmp"
  fi
fi
# 2. Everything still missing, with Go: kube-controller-manager and the node's binaries are not in envtest archives.
need=(); while IFS= read -r c; do need+=("$c"); done < <(missing)
if (( ${#need[@]} > 0 )); then go_build "${need[@]}"; fi
built=" ${need[*]:-} " others="already installed"
for c in "${kube_cmds[@]}"; do [[ $built == *" $c "* ]] && others="Go build (not in envtest archives)"; done
log "kube-apiserver, etcd, kubectl: $path; ${kube_cmds[*]}: $others"
print_versions
