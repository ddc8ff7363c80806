#!/usr/bin/env bash
# Build the container images flowrun's own tests use, for docker and podman.
#
#   localhost/flowrun-busybox:latest   busybox-static, CMD sh (as busybox/alpine), ~2 MB
#   localhost/flowrun-python:latest    Debian bookworm minbase + python3 (`python` too)
#   localhost/flowrun-argosay:latest   the busybox image plus shims of the tools Argo's
#                                      examples expect: argosay (ENTRYPOINT, as in
#                                      argoproj/argosay:v2), cowsay, and bash (busybox
#                                      ash standing in); ~2 MB
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
  # Argo's loops-maps examples `cat /etc/os-release` in the images they map to this one.
  printf '%s\n' 'NAME="flowrun test image (busybox)"' 'ID=busybox' \
    'PRETTY_NAME="flowrun test image (busybox)"' >"$root/etc/os-release"
}

# The argosay image: busybox plus shell shims.  argosay's sub-commands are those of
# Argo's argosay v2 test image (echo [text] [file], cat FILE..., sleep DURATION, exit
# [CODE], assert_contains FILE TEXT; no argument: echo "hello argo"), except that echo
# prints on stdout (the Go original prints on stderr).  cowsay draws its message in a
# speech bubble (argoproj/argosay:v1, docker/whalesay); bash is busybox's ash (one Argo
# example runs `bash -c` in argosay:v2).
argosay_path=/bin:/usr/bin:/usr/local/bin
recipe_argosay() {
  local root=$1
  recipe_busybox "$root"
  mkdir -p "$root/usr/local/bin"
  argosay_shim >"$root/argosay"
  chmod 755 "$root/argosay"
  ln -s /argosay "$root/usr/local/bin/argosay"
  cowsay_shim >"$root/usr/local/bin/cowsay"
  chmod 755 "$root/usr/local/bin/cowsay"
  printf '%s\n' '#!/bin/sh' '# flowrun test image: busybox ash standing in for bash.' \
    'exec /bin/sh "$@"' >"$root/bin/bash"
  chmod 755 "$root/bin/bash"
}

argosay_shim() {
  cat <<'SHIM'
#!/bin/sh
# argosay shim (flowrun test image): the sub-commands of Argo's argosay v2.
usage() {
  echo "usage: argosay [assert_contains file string|cat [file...]|echo [string] [file]|sleep duration|exit [code]]" >&2
  exit 2
}
# A Go duration (300ms, 1.5h, 1h2m3s) in seconds, for sleep.
seconds() {
  awk -v d="$1" 'BEGIN {
    unit["ns"] = 1e-9; unit["us"] = 1e-6; unit["ms"] = 1e-3
    unit["s"] = 1; unit["m"] = 60; unit["h"] = 3600
    if (d == "0") { print 0; exit }
    rest = d; total = 0
    while (rest != "" && match(rest, /^[0-9]*[.]?[0-9]+(ns|us|ms|s|m|h)/)) {
      part = substr(rest, 1, RLENGTH); rest = substr(rest, RLENGTH + 1)
      match(part, /[a-z]+$/)
      total += substr(part, 1, RSTART - 1) * unit[substr(part, RSTART)]
    }
    if (rest != "" || d == "") exit 1
    printf "%.6f\n", total
  }'
}
[ $# -gt 0 ] || set -- echo
cmd=$1
shift
case $cmd in
  echo)
    case $# in
      0) echo "hello argo" ;;
      1) printf '%s\n' "$1" ;;
      2) mkdir -p "$(dirname "$2")" && printf '%s' "$1" >"$2" || exit 2 ;;
      *) echo "usage: argosay echo [string] [file]" >&2; exit 2 ;;
    esac
    ;;
  cat)
    for file in "$@"; do cat "$file" || exit 2; done
    ;;
  sleep)
    [ $# -eq 1 ] || { echo "usage: argosay sleep duration" >&2; exit 2; }
    s=$(seconds "$1") || { echo "argosay: invalid duration \"$1\"" >&2; exit 2; }
    exec sleep "$s"
    ;;
  exit)
    [ $# -eq 1 ] || exit 0
    exit "$1"
    ;;
  assert_contains)
    [ $# -eq 2 ] || { echo "usage: assert_contains data string" >&2; exit 2; }
    data=$(cat "$1") || exit 2
    case $data in
      *"$2"*) ;;
      *) echo "expected \"$1\" to contain \"$2\", but was \"$data\"" >&2; exit 2 ;;
    esac
    ;;
  *) usage ;;
esac
SHIM
}

cowsay_shim() {
  cat <<'SHIM'
#!/bin/sh
# cowsay shim (flowrun test image): the message (arguments, else stdin) in a bubble.
if [ $# -gt 0 ]; then msg="$*"; else msg=$(cat); fi
line=$(printf '%s' "$msg" | head -n 1)
width=$(printf '%s' "$line" | wc -m)
bar=$(printf "%$((width + 2))s" '' | tr ' ' '-')
printf ' %s\n< %s >\n %s\n' "$bar" "$line" "$bar"
cat <<'COW'
        \   ^__^
         \  (oo)\_______
            (__)\       )\/\
                ||----w |
                ||     ||
COW
SHIM
}

python_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
recipe_python() {
  local root=$1
  # python3, not python3-minimal: the latter lacks the json module.  python-is-python3:
  # Argo's examples run `python` (as the python:alpine images have it).
  debootstrap --variant=minbase --include=python3,python-is-python3 bookworm "$root" "$(debian_mirror)" \
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

# build_image NAME PATH KEY-TEXT [CHANGE...]: make sure $cache/NAME-HASH.tar exists,
# then import it into every engine that lacks it, with `--change CHANGE` for each
# extra CHANGE (e.g. an ENTRYPOINT).
build_image() {
  local name=$1 path=$2 key=$3 hash tarball t0 engine have quiet change
  shift 3
  local changes=()
  for change in "$@"; do changes+=(--change "$change"); done
  hash=$(printf '%s\n' "$key" "PATH=$path" "$@" | sha256sum | cut -c1-16)
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
    "$engine" import "${quiet[@]}" --change "ENV PATH=$path" "${changes[@]}" \
      --change "LABEL flowrun.recipe=$hash" "$tarball" "localhost/$name:latest" >/dev/null
    say "$name: imported into $engine in $(since_ms "$t0") ms"
  done
}

start=$(now)
build_image flowrun-busybox "$busybox_path" \
  "$(declare -f recipe_busybox)
busybox-static $(dpkg-query -W -f='${Version}' busybox-static)" \
  'CMD ["sh"]'
build_image flowrun-argosay "$argosay_path" \
  "$(declare -f recipe_busybox recipe_argosay argosay_shim cowsay_shim)
busybox-static $(dpkg-query -W -f='${Version}' busybox-static)" \
  'ENTRYPOINT ["/argosay"]'
build_image flowrun-python "$python_path" \
  "$(declare -f recipe_python)
mirror $(debian_mirror)"
say "all images ready in $(since_ms "$start") ms"
