#!/usr/bin/env bash
# Figures for issue 16 (whole ./condock processes, wall time and peak RSS from /usr/bin/time): the ml-train image
# (torch CPU + numpy<2, pandas, scikit-learn, transformers, tensorboard on Debian's CPython and glibc base):
# image size and layer count, cold lock, cold build, push to a loopback registry, no-op rebuild, peak RSS, cache
# disk after the cold build, and the bytes re-pushed when numpy is bumped (1.26.4 -> 2.0.2). One run each: on a
# loaded machine the times are indicative only (the load average is printed with them).
#   scripts/bench-ml.sh [cuda]     cuda: the same for examples/ml-train-cuda (multi-GB; not in CI)
# Needs /opt/pypi (and /opt/wheels or /opt/pypi-more), docker-registry, port 5316 free. No dockerd here: the
# Dockerfile-way comparison (docker build + pip install --no-index --find-links) is left out when dockerd is absent.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
example=ml-train
[ "${1:-}" = cuda ] && example=ml-train-cuda
material=${CONDOCK_ML_MATERIAL:-$HOME/.cache/condock/ml-material}
"$here/scripts/ml-material.sh" "$material" >/dev/null
w=$(mktemp -d /tmp/condock-bench-ml.XXXXXX)
reg_pid=
cleanup() { [ -n "$reg_pid" ] && kill "$reg_pid" 2>/dev/null; rm -rf "$w"; }
trap cleanup EXIT
port=5316
mkdir -p "$w/registry"
printf 'version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: %s}}\nhttp:\n  addr: 127.0.0.1:%s\n' \
  "$w/registry/data" "$port" > "$w/registry/config.yml"
docker-registry serve "$w/registry/config.yml" > "$w/registry/log" 2>&1 &
reg_pid=$!
p="$w/proj"
mkdir -p "$p"
cp "$here/examples/$example/train.py" "$here/examples/$example/environment.yml" "$p/"
# the spec without its smoke tests (timed builds measure the build), channel at this run's material
sed -e '/^test:/,$d' "$here/examples/$example/condock.yaml" > "$p/condock.yaml"
sed -i "s|~/.cache/condock/ml-material|$material|" "$p/environment.yml"
ln -s "$material" "$p/.material"
cd "$here"
./condock --version >/dev/null   # builds the jar if needed, outside the timings
timed() { # NAME CMD...: runs CMD, records "NAME wall_s peak_rss_mb"
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$w/time" "$@" > "$w/$name.out" 2> "$w/$name.err" || {
    echo "bench-ml: $name failed:" >&2; tail -5 "$w/$name.err" >&2; exit 1; }
  read -r s kb < "$w/time"
  printf '%-22s %8.1f s  %6d MB peak RSS\n' "$name" "$s" $((kb / 1024))
}
reg=127.0.0.1:$port/bench/$example
echo "condock bench-ml ($example), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
export CONDOCK_CACHE="$w/cache-lock"
timed cold-lock ./condock lock "$p/environment.yml" --glibc 2.36
export CONDOCK_CACHE="$w/cache"
timed cold-build ./condock build "$p" --to "oci:$w/img:1" --json
echo "cache after cold build: $(du -sm "$w/cache" | cut -f1) MB (temp disk: condock stages under its cache)"
timed push ./condock build "$p" --to "$reg:1" --insecure-registry "127.0.0.1:$port" --json
timed noop-rebuild ./condock build "$p" --to "oci:$w/img:1" --json
python3 - "$w/img" <<'PY'
import json, sys
d = sys.argv[1]
m = json.load(open(d + "/index.json"))["manifests"][0]["digest"].split(":")[1]
man = json.load(open(d + "/blobs/sha256/" + m))
print("image: %d layers, %.1f MB compressed (incl. base), digest sha256:%s" %
      (len(man["layers"]), sum(l["size"] for l in man["layers"]) / 1e6, m))
PY
sed -i 's/- numpy<2$/- numpy==2.0.2/' "$p/environment.yml"
if grep -q 'numpy==2.0.2' "$p/environment.yml"; then
  ./condock lock "$p/environment.yml" --glibc 2.36 > /dev/null 2>&1
  timed bump-push ./condock build "$p" --to "$reg:2" --insecure-registry "127.0.0.1:$port" --json
  python3 - "$w/bump-push.out" "$w/push.out" <<'PY'
import json, sys
b, first = (json.load(open(f)) for f in sys.argv[1:3])
for name, r in (("first push", first), ("numpy bump", b)):
    for p in r.get("pushes", []):
        print("%-12s uploaded %.2f MB (layers %s)" % (name, p["bytesUploaded"] / 1e6, json.dumps(p["layers"])))
PY
fi
echo "Dockerfile way (docker build + pip install --no-index --find-links): $(command -v dockerd >/dev/null && echo 'dockerd present: not scripted yet' || echo 'no dockerd on this machine: not measured')"
