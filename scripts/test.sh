#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs the system packages the end-to-end tests use
# (registry, consumers), then `mvn verify`. Tests start and stop their own services by PID.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
need=(docker-registry skopeo pigz unzip time umoci containerd runc podman busybox-static apache2-utils openssl git zstd python3-pip
      python3-pip-whl python3-setuptools-whl python3-wheel-whl stargz-snapshotter fuse3)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing system packages (${missing[*]}); end-to-end tests that need them will be skipped" >&2
  fi
fi
# Debian's stargz-snapshotter has only ctr-remote: the snapshotter daemon is built from Debian's Go sources
# (the lazy-pull test skips without it)
if [ "$(id -u)" = 0 ] && ! command -v containerd-stargz-grpc >/dev/null; then
  bash "$here/scripts/build-stargz-grpc.sh" || echo "test.sh: containerd-stargz-grpc not built; the lazy-pull test will be skipped" >&2
fi
# The end-to-end tests pull multi-GB images into podman and containerd stores under /tmp (removed again as each
# test ends); say so up front rather than fail half-way with "No space left on device"
free_gb=$(( $(df -Pk /tmp | awk 'NR==2 {print $4}') / 1048576 ))
if [ "$free_gb" -lt 10 ]; then
  echo "test.sh: only ${free_gb} GB free under /tmp; the end-to-end tests need about 10 GB at their peak" >&2
fi
cd "$here"
exec mvn -B verify "$@"
