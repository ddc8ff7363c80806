#!/usr/bin/env bash
# Build the container images flowrun's own tests use, for docker and podman.
#
#   localhost/flowrun-busybox:latest   busybox-static, ~2 MB
#   localhost/flowrun-python:latest    Debian bookworm minbase + python3
#
# No image registry is reachable here, so images are made from Debian
# packages and imported with `docker import` / `podman import`.  The rootfs
# tarballs are cached in $FLOWRUN_IMAGE_CACHE (default
# /var/cache/flowrun/images), named by a hash of their recipe, so a second
# run on the same machine rebuilds nothing.  The hash is stored as the image
# label flowrun.recipe, so an engine that already has the image from the same
# recipe is not asked to import it again.
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman").  DOCKER_HOST and
# CONTAINERS_CONF default to what `scripts/engines.sh env` prints; the docker
# daemon must already run (scripts/engines.sh start).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${FLOWRUN_IMAGE_CACHE:-/var/cache/flowrun/images}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$here/engines.sh" env)"
fi

say() { echo "test-images.sh: $*"; }

# Milliseconds since a $EPOCHREALTIME value (its decimal point depends on
# the locale, hence [.,]).
now() { echo "${EPOCHREALTIME/[.,]/}"; }
since_ms() { echo $((($(now) - $1) / 1000)); }

# Scratch space next to the cache (same filesystem, so `mv` is atomic).
mkdir -p "$cache"
scratch=$(mktemp -d "$cache/.build.XXXXXX")
cleanup() {
  # debootstrap mounts /proc and /sys inside its target; if it died half way
  # those mounts may still be there.  Unmount them, and never let rm cross
  # into another filesystem.
  local m mounts
  mapfile -t mounts < <(awk -v s="$scratch/" 'index($2, s) == 1 { print $2 }' /proc/mounts | sort -r)
  for m in "${mounts[@]}"; do
    umount -l "$m" || true
  done
  rm -rf --one-file-system "$scratch"
}
trap cleanup EXIT

# --- recipes ---------------------------------------------------------------
# Each recipe fills the directory $1 with a root filesystem.  Its source text
# (declare -f) is part of the cache key, so editing a recipe rebuilds.

busybox_path=/bin:/usr/bin
recipe_busybox() {
  local root=$1 applet
  mkdir -p "$root"/{bin,usr/bin,etc,root}
  install -d -m 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ $applet == busybox ]] || ln -s busybox "$root/bin/$applet"
  done
  # Enough of a user database for `--user root` / `--user nobody`.
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
    'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' >"$root/etc/group"
}

python_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
recipe_python() {
  local root=$1
  # python3, not python3-minimal: the latter lacks the json module.
  debootstrap --variant=minbase --include=python3 bookworm "$root" "$(debian_mirror)" \
    >"$scratch/debootstrap.log" 2>&1 || {
    tail -n 30 "$scratch/debootstrap.log" >&2
    return 1
  }
  # Downloaded .debs and apt lists are of no use inside the image.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
}

# The machine's own Debian mirror (the only network these machines reach):
# the first enabled "deb" source for suite bookworm, from one-line .list
# files or deb822 .sources files.  FLOWRUN_DEBIAN_MIRROR overrides it.
debian_mirror() {
  if [[ -n ${FLOWRUN_DEBIAN_MIRROR:-} ]]; then
    echo "$FLOWRUN_DEBIAN_MIRROR"
    return
  fi
  local files=() f url=
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] && files+=("$f")
  done
  [[ ${#files[@]} -gt 0 ]] && url=$(awk '
    # deb822: paragraphs of "Key: value" lines, separated by blank lines.
    FILENAME ~ /\.sources$/ {
      if (FNR == 1 || $0 ~ /^[ \t]*$/) {
        emit(); if (found != "") exit
        types = uris = suites = ""; enabled = "yes"
      }
      if ($1 == "Types:")   types = " " $0 " "
      if ($1 == "URIs:")    uris = $2
      if ($1 == "Suites:")  suites = " " $0 " "
      if ($1 == "Enabled:") enabled = $2
      next
    }
    # one-line format: deb [options] URI SUITE COMPONENT...
    $1 == "deb" {
      i = 2
      if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
      if ($(i + 1) == "bookworm") { found = $i; exit }
    }
    function emit() {
      if (types ~ / deb / && suites ~ / bookworm / && enabled != "no" && uris != "") {
        found = uris
      }
    }
    END { if (found == "") emit(); if (found != "") print found }
  ' "${files[@]}")
  if [[ -z ${url:-} ]]; then
    echo "test-images.sh: no bookworm 'deb' source in /etc/apt; set FLOWRUN_DEBIAN_MIRROR" >&2
    return 1
  fi
  echo "$url"
}

# --- build and import --------------------------------------------------------

# build_image NAME PATH KEY-TEXT: make sure $cache/NAME-HASH.tar exists, then
# import it into every engine that lacks it.
build_image() {
  local name=$1 path=$2 key=$3 hash tarball t0 engine have quiet
  hash=$(printf '%s\n' "$key" "PATH=$path" | sha256sum | cut -c1-16)
  tarball=$cache/$name-$hash.tar

  t0=$(now)
  if [[ -f $tarball ]]; then
    say "$name: cached rootfs $tarball"
  else
    say "$name: building rootfs (recipe $hash)"
    rm -rf --one-file-system "$scratch/root"
    mkdir -p "$scratch/root"
    "recipe_${name#flowrun-}" "$scratch/root"
    tar --numeric-owner --sort=name -C "$scratch/root" -cf "$scratch/rootfs.tar" .
    mv "$scratch/rootfs.tar" "$tarball"
    # Older recipes of this image are dead weight.
    find "$cache" -maxdepth 1 -name "$name-*.tar" ! -name "${tarball##*/}" -delete
    say "$name: rootfs built in $(since_ms "$t0") ms ($(du -h "$tarball" | cut -f1))"
  fi

  for engine in $engines; do
    t0=$(now)
    have=$("$engine" image inspect --format '{{index .Config.Labels "flowrun.recipe"}}' \
      "localhost/$name:latest" 2>/dev/null || true)
    if [[ $have == "$hash" ]]; then
      say "$name: $engine already has recipe $hash"
      continue
    fi
    # podman reports progress on stderr unless --quiet; docker has no such flag.
    quiet=()
    [[ $engine != podman ]] || quiet=(--quiet)
    "$engine" import "${quiet[@]}" --change "ENV PATH=$path" \
      --change "LABEL flowrun.recipe=$hash" "$tarball" "localhost/$name:latest" >/dev/null
    say "$name: imported into $engine in $(since_ms "$t0") ms"
  done
}

start=$(now)
build_image flowrun-busybox "$busybox_path" \
  "$(declare -f recipe_busybox)
busybox-static $(dpkg-query -W -f='${Version}' busybox-static)"
build_image flowrun-python "$python_path" \
  "$(declare -f recipe_python)
mirror $(debian_mirror)"
say "all images ready in $(since_ms "$start") ms"
