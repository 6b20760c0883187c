#!/usr/bin/env bash
# Installs the tools the tests need (see hack/tools.env), from the Go module proxy, under
# ${COMPUTEMIRROR_TOOLS_DIR:-~/.cache/compute-mirror/tools}, where the tests look for them:
# - helm-<version>/helm: renders and lints the chart (HelmChartIT, hack/render-deploy.sh);
# - kstatus-<hash>/kstatus: hack/kstatus, the real sigs.k8s.io/cli-utils kstatus library (Kstatus in the tests).
#
# Idempotent: when a binary exists it only prints its version (well under a second).
# Usage: hack/tools.sh [--print-helm | --print-kstatus]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=hack/tools.env
source "$here/tools.env"

tools=${COMPUTEMIRROR_TOOLS_DIR:-$HOME/.cache/compute-mirror/tools}
helm_dir="$tools/helm-$HELM_VERSION"
helm="$helm_dir/helm"
# The kstatus build is keyed by its sources, so a change to hack/kstatus builds it again.
kstatus_hash=$(cat "$here/kstatus/go.mod" "$here/kstatus/go.sum" "$here/kstatus/main.go" | sha256sum | cut -c1-12)
kstatus="$tools/kstatus-$kstatus_hash/kstatus"
case "${1:-}" in
  --print-helm) echo "$helm"; exit 0 ;;
  --print-kstatus) echo "$kstatus"; exit 0 ;;
esac

log() { printf '[tools] %s\n' "$*" >&2; }
need_go() {
  command -v go >/dev/null 2>&1 && return 0
  log "$1 is missing and there is no Go toolchain to build it: install Go (>= 1.24) and run $0 again"
  exit 1
}
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod

if [[ ! -x "$helm" ]]; then
  need_go "helm $HELM_VERSION"
  log "building helm $HELM_VERSION from the Go module proxy (a few minutes the first time)"
  mkdir -p "$helm_dir"
  # Version ldflags like helm's own Makefile, so `helm version` tells the truth.
  GOBIN="$helm_dir.tmp" go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  mv "$helm_dir.tmp/helm" "$helm"
  rmdir "$helm_dir.tmp"
fi
log "helm: $("$helm" version --short) ($helm)"

if [[ ! -x "$kstatus" ]]; then
  need_go "kstatus"
  log "building kstatus (sigs.k8s.io/cli-utils $(sed -n 's#^[[:space:]]*sigs.k8s.io/cli-utils \(v[^ ]*\).*#\1#p' "$here/kstatus/go.mod")) from the Go module proxy"
  mkdir -p "$(dirname "$kstatus")"
  (cd "$here/kstatus" && go build -trimpath -ldflags "-s -w" -o "$kstatus.tmp" .)
  mv "$kstatus.tmp" "$kstatus"
fi
log "kstatus: $kstatus"
