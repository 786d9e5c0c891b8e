#!/usr/bin/env bash
# Benchmark (not a test), issue 14: what verifying cache entries on reuse costs, as whole `condock build`
# processes, in CPU seconds (user+sys; wall times are printed too but mean little on a loaded machine).
# Three modes, interleaved round by round (CONDOCK_JAVA_OPTS=-Dcondock.cache.verify=...):
#   off   - an entry of the right size is reused unseen (condock before issue 14: the baseline, "without")
#   stamp - the default: an entry whose Integrity stamp (size, mtime, ctime, inode) matches is reused, else hashed
#   full  - every reuse hashes the entry
# on a no-op rebuild (same lock, warm cache, new oci: target) and on a cold build (empty cache).
# The environment: PKGS packages of MB megabytes of random bytes each (.tar.bz2, an @EXPLICIT lock of file: URLs).
# Usage: scripts/bench-cache-verify.sh [NOOP_RUNS] [COLD_RUNS] [PKGS] [MB]   (defaults 5 2 8 24)
set -euo pipefail
cd "$(dirname "$0")/.."
NOOP=${1:-5}; COLD=${2:-2}; PKGS=${3:-8}; MB=${4:-24}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK" "$PKGS" "$MB" <<'PY'
import hashlib, io, json, os, sys, tarfile
work, n, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(f"{work}/chan/linux-64")
lines = ["# platform: linux-64", "@EXPLICIT"]
for i in range(n):
    data = os.urandom(mb << 20)
    files = {f"lib/libbench{i}.so": data, f"share/bench{i}/README": b"bench\n"}
    index = {"name": f"bench{i}", "version": "1.0", "build": "0", "build_number": 0, "subdir": "linux-64",
             "depends": [], "license": "MIT"}
    paths = {"paths_version": 1, "paths": [{"_path": p, "path_type": "hardlink",
             "sha256": hashlib.sha256(b).hexdigest(), "size_in_bytes": len(b)} for p, b in files.items()]}
    meta = {"info/index.json": json.dumps(index).encode(), "info/paths.json": json.dumps(paths).encode(),
            "info/files": "".join(p + "\n" for p in files).encode()}
    fn = f"{work}/chan/linux-64/bench{i}-1.0-0.tar.bz2"
    with tarfile.open(fn, "w:bz2", compresslevel=1) as t:
        for p, b in {**meta, **files}.items():
            ti = tarfile.TarInfo(p); ti.size = len(b); ti.mode = 0o755 if p.endswith(".so") else 0o644
            t.addfile(ti, io.BytesIO(b))
    sha = hashlib.sha256(open(fn, "rb").read()).hexdigest()
    lines.append(f"file://{fn}#sha256:{sha}")
open(f"{work}/lock.txt", "w").write("\n".join(lines) + "\n")
PY
jar=builder-cli/target/condock.jar
./condock --version >/dev/null # builds the jar when stale
base_opts="-XX:+UseSerialGC -Xms64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30" # the launcher's defaults
run() { # mode cache target -> "cpu wall"
  CONDOCK_JAVA_OPTS="$base_opts -Dcondock.cache.verify=$1" /usr/bin/time -o "$WORK/time" -f '%U %S %e' \
    ./condock build --lock "$WORK/lock.txt" --cache "$2" --to "oci:$3" --threads 2 >/dev/null 2>"$WORK/err" \
    || { echo "build ($1) failed:" >&2; cat "$WORK/err" >&2; exit 1; }
  awk '{printf "%.2f %.2f\n", $1 + $2, $3}' "$WORK/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
declare -A cpu wall
for m in off stamp full; do
  run "$m" "$WORK/cache-$m" "$WORK/warm-$m" >/dev/null # warm cache per mode (its stamps written in that mode)
done
for r in $(seq 1 "$NOOP"); do
  for m in off stamp full; do
    read -r c w < <(run "$m" "$WORK/cache-$m" "$WORK/noop-$m-$r")
    cpu[noop-$m]+="$c "; wall[noop-$m]+="$w "
    rm -rf "$WORK/noop-$m-$r"
  done
done
for r in $(seq 1 "$COLD"); do
  for m in off stamp full; do
    rm -rf "$WORK/cold-cache" "$WORK/cold-oci"
    read -r c w < <(run "$m" "$WORK/cold-cache" "$WORK/cold-oci")
    cpu[cold-$m]+="$c "; wall[cold-$m]+="$w "
  done
done
echo "cache verification cost: $PKGS packages x $MB MB random bytes; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for k in noop cold; do
  off=$(echo "${cpu[$k-off]}" | tr ' ' '\n' | grep . | median)
  for m in off stamp full; do
    c=$(echo "${cpu[$k-$m]}" | tr ' ' '\n' | grep . | median)
    w=$(echo "${wall[$k-$m]}" | tr ' ' '\n' | grep . | median)
    printf '  %-5s %-5s cpu median %6.2fs (runs: %s) wall median %6.2fs  cpu ratio to off %.2f\n' \
      "$k" "$m" "$c" "$(echo ${cpu[$k-$m]})" "$w" "$(awk -v a="$c" -v b="$off" 'BEGIN {print a / b}')"
  done
done
