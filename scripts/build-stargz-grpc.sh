#!/usr/bin/env bash
# Builds containerd-stargz-grpc (the stargz snapshotter daemon) for the lazy-pull e2e test (EstargzE2ETest) from
# Debian 12's own Go sources: its stargz-snapshotter package ships only ctr-remote. Offline (GOPATH mode over
# /usr/share/gocode, no module downloads); installs to /usr/local/bin. Needs root for apt-get.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/containerd/stargz-snapshotter ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends golang-go golang-github-containerd-stargz-snapshotter-dev fuse3 >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/condock.dev/stargzgrpc" "$work/src/github.com/containerd"
# a copy of the snapshotter's sources without the CRI mirror/keychain files: they import k8s.io/cri-api, which Debian
# does not package, and this daemon does not use them
cp -r /usr/share/gocode/src/github.com/containerd/stargz-snapshotter "$work/src/github.com/containerd/"
rm -f "$work/src/github.com/containerd/stargz-snapshotter/service/resolver/cri.go"
rm -rf "$work/src/github.com/containerd/stargz-snapshotter/service/keychain/cri" \
  "$work/src/github.com/containerd/stargz-snapshotter/service/plugin"
cp "$here/stargz-grpc/main.go" "$work/src/condock.dev/stargzgrpc/"
cd "$work/src/condock.dev/stargzgrpc"
GO111MODULE=off GOPATH="$work:/usr/share/gocode" GOCACHE="$work/cache" \
  go build -o "$work/containerd-stargz-grpc" . 2>&1 | grep -v '^go: warning' || true
[ -x "$work/containerd-stargz-grpc" ] || { echo "build-stargz-grpc: build failed" >&2; exit 1; }
install -m 0755 "$work/containerd-stargz-grpc" /usr/local/bin/containerd-stargz-grpc
echo "installed /usr/local/bin/containerd-stargz-grpc"
