#!/usr/bin/env bash
# Stands in for the `docker` executable that Jib (through Quarkus) runs to hand over a built image, on machines
# without a Docker engine: `docker load` keeps the image's docker-archive in $COMPUTEMIRROR_IMAGE_ARCHIVE instead
# of loading it anywhere; `docker info` tells Jib the platform to build for. Used by hack/image.sh only.
set -euo pipefail
case "${1:-}" in
  load)
    : "${COMPUTEMIRROR_IMAGE_ARCHIVE:?hack/image.sh sets COMPUTEMIRROR_IMAGE_ARCHIVE}"
    cat > "$COMPUTEMIRROR_IMAGE_ARCHIVE.part"
    mv "$COMPUTEMIRROR_IMAGE_ARCHIVE.part" "$COMPUTEMIRROR_IMAGE_ARCHIVE"
    echo "Loaded image archive: $COMPUTEMIRROR_IMAGE_ARCHIVE"
    ;;
  info)
    echo '{"OSType":"linux","Architecture":"x86_64"}'
    ;;
  *)
    echo "hack/image-archive-docker.sh: only 'load' and 'info' are supported, not: $*" >&2
    exit 1
    ;;
esac
