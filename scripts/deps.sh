#!/usr/bin/env bash
# Install the Debian packages flowrun needs, idempotently.
#
#   scripts/deps.sh [GROUP...]    GROUP: build (default), engines
#
# CI runs on a fresh Debian 12 machine where nothing installed by hand
# survives, so every package the build or the tests use must be listed here.
# Already-installed packages are detected with dpkg-query, so a second run
# neither calls apt-get nor touches the network.
set -euo pipefail

# Compilers, tools and libraries for the C++ build, unit tests and linting.
# libclang-rt-14-dev holds clang's ASan/UBSan runtimes: only a Recommends of
# clang, so without it `make asan` would fail to link on a fresh machine.
# libboost-filesystem-dev: Boost.Process (host executor) links it;
# libbenchmark-dev: the engine and executor benchmarks (Google Benchmark);
# libarchive-dev: the local artifact repository's tar+gzip and zip files.
build_pkgs=(
  cmake ninja-build g++ clang libclang-rt-14-dev clang-tidy clang-format
  libyaml-cpp-dev libcli11-dev libfmt-dev libboost-dev libcurl4-openssl-dev
  libboost-filesystem-dev libbenchmark-dev libarchive-dev catch2 nlohmann-json3-dev git make
)

# Container engines and what test-images.sh builds images from (no registry
# is reachable here).  Installed without recommends, so the few recommends
# that are really needed are named explicitly:
#   containernetworking-plugins  podman's bridge network (also a dependency
#                                of golang-github-containers-common; named so
#                                it is not silently swapped for another stack)
#   iptables                     dockerd's and podman's bridge NAT rules
#   containerd, tini             come in as docker.io dependencies
#   ca-certificates              debootstrap fetching from an https mirror
#   python3                      the e2e scripts' JSON checks and the http
#                                tests' local server (tests/e2e/*.py)
#   catatonit                    the pause process of pods' infra containers
#                                (`podman kube play`: resource templates)
engine_pkgs=(
  podman runc uidmap slirp4netns containernetworking-plugins catatonit
  docker.io iptables
  busybox-static debootstrap ca-certificates
  python3
)

groups=("$@")
[[ ${#groups[@]} -gt 0 ]] || groups=(build)

wanted=()
for group in "${groups[@]}"; do
  case "$group" in
    build) wanted+=("${build_pkgs[@]}") ;;
    engines) wanted+=("${engine_pkgs[@]}") ;;
    *) echo "deps.sh: unknown group '$group' (expected: build, engines)" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in "${wanted[@]}"; do
  # dpkg-query fails for packages it has never heard of: that is "missing" too.
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "deps.sh: all ${#wanted[@]} packages for [${groups[*]}] already installed, nothing to do"
  exit 0
fi

sudo=()
[[ $EUID -eq 0 ]] || sudo=(sudo)
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)

# Without systemd, docker.io's and containerd's maintainer scripts would try
# to start system-wide daemons through init.d; engines.sh starts its own
# dockerd instead.  Debian's container images ship a policy-rc.d that forbids
# that; if this machine has none, put one in place just for this install.
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
  trap '"${sudo[@]}" rm -f "$policy"' EXIT
fi

echo "deps.sh: installing ${#missing[@]} missing package(s): ${missing[*]}"
"${apt[@]}" update -q
"${apt[@]}" install -y -q --no-install-recommends "${missing[@]}"
echo "deps.sh: done"
