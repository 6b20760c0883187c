#!/usr/bin/env bash
# Builds the operator's container image into target/compute-mirror-image.tar (docker-archive format, which
# `ctr images import`, `podman load`, `kind load image-archive` and `docker load` all read), with no registry and
# no Docker engine:
#   1. a base image made here: a minimal Debian root filesystem with openjdk-17-jre-headless (mmdebstrap, from
#      the machine's own apt sources), user and group 185 with home /home/jboss, turned into a docker-archive;
#      cached under ${COMPUTEMIRROR_BUILD_CACHE:-~/.cache/compute-mirror}/image/, so later runs reuse it;
#   2. the project's own Quarkus Jib build on it (quarkus.jib.base-jvm-image=tar://...). Jib "loads" the result
#      through a docker executable; hack/image-archive-docker.sh stands in for it and keeps the archive.
# The entrypoint, user, working directory and JVM settings come from application.properties, so the image equals
# the release image on its documented default base (README "Container image") in everything but the JRE's
# packaging. Idempotent; prints the archive's path and image name last.
#
# Usage: hack/image.sh [--print-archive|--print-image]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
archive="$root/target/compute-mirror-image.tar"
version=$(sed -n '0,/^  <version>/s#^  <version>\(.*\)</version>#\1#p' "$root/pom.xml")
image="ghcr.io/compute-mirror/compute-mirror:$version"
case "${1:-}" in
  --print-archive) echo "$archive"; exit 0 ;;
  --print-image) echo "$image"; exit 0 ;;
esac

log() { printf '[image] %s\n' "$*" >&2; }
start=$(date +%s)

# --- 1. the base image ------------------------------------------------------------------------------------------
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
packages=openjdk-17-jre-headless,ca-certificates
cache=${COMPUTEMIRROR_BUILD_CACHE:-$HOME/.cache/compute-mirror}/image
# The key changes when the recipe below changes, so an edited recipe never reuses an old base.
key=$(printf '%s\n' "$suite" "$packages" "$(sed -n '/^# --- 1\./,/^# --- 2\./p' "$0")" | sha256sum | cut -c1-12)
base="$cache/base-$suite-$key.tar"

apt_install() {
  local missing=()
  local p; for p in "$@"; do [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == 'install ok installed' ]] || missing+=("$p"); done
  (( ${#missing[@]} == 0 )) && return 0
  log "installing ${missing[*]} (Debian packages)"
  if [[ $(id -u) != 0 ]]; then log "not root: install ${missing[*]} yourself"; exit 1; fi
  apt-get update -q >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

if [[ ! -f "$base" ]]; then
  apt_install mmdebstrap
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/base.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  # Man pages are left out, but update-alternatives (java's postinst) still links into /usr/share/man/man1.
  # The machine's own apt sources (deb822 or one-line), so the base comes from where its packages come from.
  sources=/etc/apt/sources.list.d/debian.sources
  [[ -f "$sources" ]] || sources=/etc/apt/sources.list
  log "making the base root filesystem: Debian $suite + $packages (mmdebstrap; about a minute, once)"
  mmdebstrap --variant=minbase --include="$packages" \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
    --customize-hook='chroot "$1" groupadd --gid 185 jboss' \
    --customize-hook='chroot "$1" useradd --uid 185 --gid 185 --home-dir /home/jboss --create-home --shell /usr/sbin/nologin jboss' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "$suite" "$work/rootfs.tar" "$sources" >&2
  # A docker-archive ("docker save" layout) of one layer: what Jib's tar:// base reader takes.
  layer_digest=$(sha256sum "$work/rootfs.tar" | cut -d' ' -f1)
  mkdir -p "$work/image/$layer_digest"
  mv "$work/rootfs.tar" "$work/image/$layer_digest/layer.tar"
  java_home=/usr/lib/jvm/java-17-openjdk-amd64
  cat > "$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"User":"185","WorkingDir":"/home/jboss",
"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"]},
"rootfs":{"type":"layers","diff_ids":["sha256:$layer_digest"]},
"history":[{"created_by":"hack/image.sh: mmdebstrap $suite minbase + $packages, user 185"}]}
JSON
  config_digest=$(sha256sum "$work/image/config.json" | cut -d' ' -f1)
  mv "$work/image/config.json" "$work/image/$config_digest.json"
  printf '[{"Config":"%s.json","RepoTags":["compute-mirror-base:%s"],"Layers":["%s/layer.tar"]}]\n' \
    "$config_digest" "$key" "$layer_digest" > "$work/image/manifest.json"
  # Entries without a leading "./": Jib's tar reader refuses "./" as a path outside its destination.
  (cd "$work/image" && tar -cf "$work/base.tar" manifest.json "$config_digest.json" "$layer_digest")
  mv "$work/base.tar" "$base"
  rm -rf "$work"; trap - EXIT
  log "base image cached: $base ($(du -h "$base" | cut -f1))"
else
  log "base image from the cache: $base"
fi

# --- 2. the operator image through the project's Jib setup -----------------------------------------------------
mkdir -p "$root/target"
rm -f "$archive"
cd "$root"
# shellcheck disable=SC2086
COMPUTEMIRROR_IMAGE_ARCHIVE="$archive" ./mvnw -q -B --no-transfer-progress package -DskipTests ${IMAGE_MAVEN_ARGS:-} \
  -Dquarkus.container-image.build=true \
  -Dquarkus.container-image.tag="$version" \
  -Dquarkus.jib.base-jvm-image="tar://$base" \
  -Dquarkus.jib.docker-executable-name="$here/image-archive-docker.sh" >&2
[[ -s "$archive" ]] || { log "Jib did not write $archive"; exit 1; }
log "image $image in $archive ($(du -h "$archive" | cut -f1)) in $(( $(date +%s) - start ))s"
echo "$archive"
echo "$image"
