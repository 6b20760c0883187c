#!/usr/bin/env bash
# Builds the documentation site (docs/ -> target/site) with `mkdocs build --strict`: a broken link, a missing page
# or a page left out of the nav fails it. First checks that docs/reference/api.md is what hack/api-reference.py
# makes from crds/ today.
#
# MkDocs, Material for MkDocs and PyYAML come from PyPI in the exact versions of docs/requirements.txt, installed into
# a virtual environment under ${COMPUTEMIRROR_BUILD_CACHE:-~/.cache/compute-mirror}/docs-venv-<hash of the file>,
# so a changed pin gets a fresh environment and an unchanged one costs nothing.
#
# Usage: hack/docs.sh [--serve]   (--serve: the live preview on http://127.0.0.1:8000 instead of a build)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[docs] %s\n' "$*" >&2; }
command -v python3 >/dev/null || { log "python3 not found: install Python 3.9 or newer"; exit 1; }
req=docs/requirements.txt
venv=${COMPUTEMIRROR_BUILD_CACHE:-$HOME/.cache/compute-mirror}/docs-venv-$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()[:12])' "$req")
# The marker is written last, so an interrupted install is redone rather than used half-made.
if [[ ! -f $venv/.installed ]]; then
  log "installing $req into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" || { log "python3 -m venv failed: install Python's venv module (Debian: apt-get install python3-venv)"; exit 1; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$req"
  touch "$venv/.installed"
fi

"$venv/bin/python" hack/api-reference.py --check
# The drift check must be able to fail: against a copy of crds/ with one description changed it has to.
changed=$(mktemp -d)
trap 'rm -rf "$changed"' EXIT
cp crds/*.yml "$changed/"
"$venv/bin/python" - "$changed/machines.computemirror.io-v1.yml" <<'PY'
import pathlib, sys
f = pathlib.Path(sys.argv[1])
f.write_text(f.read_text().replace('description: "', 'description: "Changed by hack/docs.sh. ', 1))
PY
if "$venv/bin/python" hack/api-reference.py --check --crds "$changed" >/dev/null 2>&1; then
  log "FAILED: hack/api-reference.py --check passed on a changed CRD"; exit 1
fi
log "API reference drift check: up to date, and it fails on a changed CRD"
if [[ "${1:-}" == "--serve" ]]; then NO_MKDOCS_2_WARNING=1 exec "$venv/bin/mkdocs" serve; fi
# Not --quiet: it hides the warnings from --strict too, and the build then passes with them.
NO_MKDOCS_2_WARNING=1 "$venv/bin/mkdocs" build --strict 2>&1 | { grep -v "^INFO" || true; }
log "site built in target/site ($(find target/site -name '*.html' | wc -l) pages)"
