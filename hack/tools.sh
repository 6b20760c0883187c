#!/usr/bin/env bash
# Installs the tools the tests and checks need (see hack/tools.env), from the Go module proxy, under
# ${COMPUTEMIRROR_TOOLS_DIR:-~/.cache/compute-mirror/tools}, where the tests look for them:
# - helm-<version>/helm: renders and lints the chart (HelmChartIT, hack/render-deploy.sh);
# - kstatus-<hash>/kstatus: hack/kstatus, the real sigs.k8s.io/cli-utils kstatus library (Kstatus in the tests);
# - promtool-<version>/promtool: checks and unit-tests the chart's alert rules (hack/check-chart.sh);
# - promql-metrics-<hash>/promql-metrics: hack/promql-metrics, Prometheus' PromQL parser over the dashboard and rules;
# - kube-score-<version>/kube-score: scores the rendered chart (hack/check-chart.sh).
#
# Idempotent: when a binary exists it only prints its version (well under a second).
# Usage: hack/tools.sh [TOOL...]          TOOL: helm kstatus promtool promql-metrics kube-score
#                                         (none: helm and kstatus, what ./mvnw verify's tests need)
#        hack/tools.sh --print-TOOL       the path the tool is installed at
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=hack/tools.env
source "$here/tools.env"

tools=${COMPUTEMIRROR_TOOLS_DIR:-$HOME/.cache/compute-mirror/tools}
helm_dir="$tools/helm-$HELM_VERSION"
helm="$helm_dir/helm"
# The builds of the project's own Go programs are keyed by their sources, so a change builds them again.
source_hash() { cat "$here/$1/go.mod" "$here/$1/go.sum" "$here/$1/main.go" | sha256sum | cut -c1-12; }
kstatus="$tools/kstatus-$(source_hash kstatus)/kstatus"
promtool="$tools/promtool-$PROMETHEUS_VERSION/promtool"
promql_metrics="$tools/promql-metrics-$(source_hash promql-metrics)/promql-metrics"
kube_score="$tools/kube-score-$KUBE_SCORE_VERSION/kube-score"
case "${1:-}" in
  --print-helm) echo "$helm"; exit 0 ;;
  --print-kstatus) echo "$kstatus"; exit 0 ;;
  --print-promtool) echo "$promtool"; exit 0 ;;
  --print-promql-metrics) echo "$promql_metrics"; exit 0 ;;
  --print-kube-score) echo "$kube_score"; exit 0 ;;
  --print-*) echo "unknown tool: ${1#--print-}" >&2; exit 2 ;;
esac

log() { printf '[tools] %s\n' "$*" >&2; }
need_go() {
  command -v go >/dev/null 2>&1 && return 0
  log "$1 is missing and there is no Go toolchain to build it: install Go (>= 1.26.7 for promtool) and run $0 again"
  exit 1
}
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod

# go install PACKAGE@VERSION into the directory of BINARY, atomically (a half-built tool is never found).
install_into() {  # binary package@version [ldflags [tags]]
  local binary=$1 package=$2 ldflags=${3:-} tags=${4:-}
  mkdir -p "$(dirname "$binary")"
  rm -rf "$binary.tmp"
  GOBIN="$binary.tmp" go install -trimpath -tags "$tags" -ldflags "-s -w $ldflags" "$package"
  mv "$binary.tmp/$(basename "${package%@*}")" "$binary"
  rmdir "$binary.tmp"
}

build_helm() {
  if [[ ! -x "$helm" ]]; then
    need_go "helm $HELM_VERSION"
    log "building helm $HELM_VERSION from the Go module proxy (a few minutes the first time)"
    # Version ldflags like helm's own Makefile, so `helm version` tells the truth.
    install_into "$helm" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" \
      "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  fi
  log "helm: $("$helm" version --short) ($helm)"
}

build_kstatus() {
  if [[ ! -x "$kstatus" ]]; then
    need_go "kstatus"
    log "building kstatus (sigs.k8s.io/cli-utils $(sed -n 's#^[[:space:]]*sigs.k8s.io/cli-utils \(v[^ ]*\).*#\1#p' "$here/kstatus/go.mod")) from the Go module proxy"
    mkdir -p "$(dirname "$kstatus")"
    (cd "$here/kstatus" && go build -trimpath -ldflags "-s -w" -o "$kstatus.tmp" .)
    mv "$kstatus.tmp" "$kstatus"
  fi
  log "kstatus: $kstatus"
}

build_promtool() {
  if [[ ! -x "$promtool" ]]; then
    need_go "promtool $PROMETHEUS_VERSION"
    log "building promtool $PROMETHEUS_VERSION from the Go module proxy (several minutes the first time)"
    # remove_all_sd: without the cloud service-discovery plugins (Prometheus' own build tag), which rule checks
    # and tests never use and which are most of the build.
    install_into "$promtool" "github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_VERSION" \
      "-X github.com/prometheus/common/version.Version=${PROMETHEUS_VERSION#v}" remove_all_sd
  fi
  log "promtool: $("$promtool" --version 2>&1 | head -1) ($promtool)"
}

build_promql_metrics() {
  if [[ ! -x "$promql_metrics" ]]; then
    need_go "promql-metrics"
    log "building promql-metrics (github.com/prometheus/prometheus $(sed -n 's#^[[:space:]]*github.com/prometheus/prometheus \(v[^ ]*\).*#\1#p' "$here/promql-metrics/go.mod")) from the Go module proxy"
    mkdir -p "$(dirname "$promql_metrics")"
    (cd "$here/promql-metrics" && go build -trimpath -ldflags "-s -w" -o "$promql_metrics.tmp" .)
    mv "$promql_metrics.tmp" "$promql_metrics"
  fi
  log "promql-metrics: $promql_metrics"
}

build_kube_score() {
  if [[ ! -x "$kube_score" ]]; then
    need_go "kube-score $KUBE_SCORE_VERSION"
    log "building kube-score $KUBE_SCORE_VERSION from the Go module proxy"
    install_into "$kube_score" "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION" \
      "-X main.version=${KUBE_SCORE_VERSION#v}"
  fi
  log "kube-score: $("$kube_score" version 2>&1 | head -1) ($kube_score)"
}

(( $# )) || set -- helm kstatus
for tool in "$@"; do
  case "$tool" in
    helm) build_helm ;;
    kstatus) build_kstatus ;;
    promtool) build_promtool ;;
    promql-metrics) build_promql_metrics ;;
    kube-score) build_kube_score ;;
    *) log "unknown tool: $tool (helm kstatus promtool promql-metrics kube-score)"; exit 2 ;;
  esac
done
