#!/usr/bin/env bash
# Tests hack/test-binaries.sh's download path against a local HTTP server (127.0.0.1) that serves an envtest index
# and an archive made, as controller-tools makes them, from the real binaries already installed on this machine:
#   - a good archive is installed, its binaries run, and the script says it took the download;
#   - a corrupted archive (its checksum in the index matching) is refused because it does not extract;
#   - an archive whose SHA-512 differs from the index's is refused;
#   - an index that does not answer makes it fall back to the Go build;
# and a refused or failed download leaves nothing installed and no temporary directory. Go is kept off the PATH
# and kube-controller-manager is there already, so no case builds anything; a case that would build says so and fails.
# Takes about half a minute (most of it packing the real binaries). Usage: [VERBOSE=1] hack/test-binaries-download-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source hack/k8s-version.env

real=$(hack/test-binaries.sh --print-dir)
for c in kube-apiserver etcd kubectl; do
  [[ -x $real/$c ]] || { echo "[download-test] needs the installed $c in $real: run hack/test-binaries.sh" >&2; exit 1; }
done
platform=${real##*/$K8S_VERSION-}
archive=envtest-v$K8S_VERSION-$platform.tar.gz

work=$(mktemp -d)
server_pid=""
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# The archive as controller-tools lays it out (controller-tools/envtest/<binary>), and a corrupted copy: the same
# size, with bytes in the middle overwritten.
mkdir -p "$work/layout/controller-tools/envtest" "$work/www"
for c in kube-apiserver etcd kubectl; do ln -s "$real/$c" "$work/layout/controller-tools/envtest/$c"; done
tar -chf - -C "$work/layout" controller-tools | gzip -1 > "$work/www/$archive"
cp "$work/www/$archive" "$work/www/corrupt-$archive"
size=$(wc -c < "$work/www/$archive")
printf 'not an archive %.0s' $(seq 1 200) | dd of="$work/www/corrupt-$archive" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
sum() { if command -v sha512sum >/dev/null; then sha512sum "$1"; else shasum -a 512 "$1"; fi | cut -d' ' -f1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >"$work/server.log" 2>&1 &
server_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 1 50); do curl -fs -o /dev/null "$base/$archive" -r 0-0 && break; sleep 0.1; done

index() {  # file archive-url hash: an index in controller-tools' format, with another platform listed first
  cat > "$work/www/$1" <<YAML
releases:
  v$K8S_VERSION:
    envtest-v$K8S_VERSION-windows-amd64.tar.gz:
      hash: 00
      selfLink: $base/nothing-here.tar.gz
    $archive:
      hash: $3
      selfLink: $2
YAML
}
index good.yaml "$base/$archive" "$(sum "$work/www/$archive")"
index corrupt.yaml "$base/corrupt-$archive" "$(sum "$work/www/corrupt-$archive")"
index wrong-sum.yaml "$base/$archive" "$(sum "$work/www/corrupt-$archive")"

# No Go on the PATH: a fallback build stops at once with its message instead of building for 20 minutes.
no_go_path=$(tr ':' '\n' <<<"$PATH" | while read -r d; do [[ -n $d && ! -x $d/go ]] && printf '%s:' "$d"; done)
passed=0; failed=0
run_case() {  # name index-url -> sets out, rc, dir
  dir=$work/case-$1
  mkdir -p "$dir/k8s/$K8S_VERSION-$platform"
  # kube-controller-manager is not in envtest archives; present already, so only the download is exercised.
  printf '#!/bin/sh\necho stand-in\n' > "$dir/k8s/$K8S_VERSION-$platform/kube-controller-manager"
  chmod +x "$dir/k8s/$K8S_VERSION-$platform/kube-controller-manager"
  set +e
  out=$(PATH=$no_go_path KUBE_API_TEST_DIR=$dir ENVTEST_INDEX_URL=$2 bash hack/test-binaries.sh 2>&1)
  rc=$?
  set -e
  if [[ -n ${VERBOSE:-} ]]; then printf '== case %s (exit %s)\n%s\n' "$1" "$rc" "$out"; fi
}
check() {  # name condition message
  if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "[download-test] FAILED $1: $3"; printf '%s\n' "$out" | sed 's/^/    /'; fi
}
installed() { ls "$dir/k8s/$K8S_VERSION-$platform" | tr '\n' ' '; }
leftovers() { find "$dir" -maxdepth 1 -name '.envtest-download.*' | wc -l; }

run_case good "$base/good.yaml"
check good '[[ $rc == 0 ]]' "exit $rc, expected 0"
check good '[[ $out == *"installed kube-apiserver, etcd and kubectl from $archive (SHA-512 verified)"* ]]' "no install message"
check good '[[ $out == *"kube-apiserver, etcd, kubectl: envtest download"* ]]' "does not say it took the download"
check good '[[ $out == *"Kubernetes v$K8S_VERSION"* ]]' "the installed kube-apiserver did not print its version"
check good 'cmp -s "$dir/k8s/$K8S_VERSION-$platform/kube-apiserver" "$real/kube-apiserver"' "kube-apiserver differs from the archived one"
check good '[[ $(installed) == "etcd kube-apiserver kube-controller-manager kubectl " ]]' "installed: $(installed)"
check good '[[ $(leftovers) == 0 ]]' "temporary directory left behind"

run_case corrupt "$base/corrupt.yaml"
check corrupt '[[ $rc != 0 ]]' "exit 0 with a corrupted archive"
check corrupt '[[ $out == *"REFUSED $archive: it does not extract"* ]]' "no refusal message"
check corrupt '[[ $out == *"no Go toolchain"* ]]' "no fallback to the Go build"
check corrupt '[[ $(installed) == "kube-controller-manager " ]]' "installed after a refusal: $(installed)"
check corrupt '[[ $(leftovers) == 0 ]]' "temporary directory left behind"

run_case wrong-sum "$base/wrong-sum.yaml"
check wrong-sum '[[ $rc != 0 ]]' "exit 0 with a wrong checksum"
check wrong-sum '[[ $out == *"REFUSED $archive: its SHA-512 is"*"the index says"* ]]' "no checksum refusal message"
check wrong-sum '[[ $(installed) == "kube-controller-manager " ]]' "installed after a refusal: $(installed)"
check wrong-sum '[[ $(leftovers) == 0 ]]' "temporary directory left behind"

run_case offline "http://127.0.0.1:1/envtest-releases.yaml"
check offline '[[ $out == *"could not read the index"* && $out == *"no Go toolchain"* ]]' "no index failure and Go fallback"
check offline '[[ $(installed) == "kube-controller-manager " && $(leftovers) == 0 ]]' "left: $(installed)"

echo "$passed passed, $failed failed"
(( failed == 0 ))
