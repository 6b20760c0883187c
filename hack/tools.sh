#!/usr/bin/env bash
# Installs the tools the tests need (see hack/tools.env) from the Go module proxy, into
# ${COMPUTEMIRROR_TOOLS_DIR:-~/.cache/compute-mirror/tools}/helm-<version>/helm, where the tests look for it.
#
# Idempotent: when the binary exists it only prints its version (well under a second).
# Usage: hack/tools.sh [--print-helm]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=hack/tools.env
source "$here/tools.env"

tools=${COMPUTEMIRROR_TOOLS_DIR:-$HOME/.cache/compute-mirror/tools}
helm_dir="$tools/helm-$HELM_VERSION"
helm="$helm_dir/helm"
if [[ "${1:-}" == "--print-helm" ]]; then echo "$helm"; exit 0; fi

log() { printf '[tools] %s\n' "$*" >&2; }

if [[ ! -x "$helm" ]]; then
  if ! command -v go >/dev/null 2>&1; then
    log "helm $HELM_VERSION is missing in $helm_dir and there is no Go toolchain to build it: install Go (>= 1.24) and run $0 again"
    exit 1
  fi
  log "building helm $HELM_VERSION from the Go module proxy (a few minutes the first time)"
  mkdir -p "$helm_dir"
  # Version ldflags like helm's own Makefile, so `helm version` tells the truth.
  GOBIN="$helm_dir.tmp" CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod \
    go install -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  mv "$helm_dir.tmp/helm" "$helm"
  rmdir "$helm_dir.tmp"
fi
log "helm: $("$helm" version --short) ($helm)"
