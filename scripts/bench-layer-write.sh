#!/usr/bin/env bash
# LayerWriter alone (issue 15, the leaf CPU of a cold build): process CPU and wall of writing DIR as one layer, for
# one or more condock jars (e.g. main's and a branch's), alternating jar by jar, ROUNDS rounds each after a warm-up;
# the digest printed must be the same for every jar (same bytes). A quiet machine gives comparable CPU figures; at
# load above the core count the spread between rounds exceeds the differences measured here.
#   scripts/bench-layer-write.sh [-c gzip|zstd] [-d DIR] [-r ROUNDS] [JAR...]   (default JAR: this checkout's)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
comp=zstd dir=${CONDOCK_BENCH_WORK:-/var/tmp/condock-bench}/inputs-usr_lib-342-9/installed rounds=3
while getopts c:d:r: o; do
  case $o in c) comp=$OPTARG ;; d) dir=$OPTARG ;; r) rounds=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { "$here/condock" --version >/dev/null; set -- "$here/builder-cli/target/condock.jar"; }
[ -d "$dir" ] || { echo "bench-layer-write: no directory $dir (run scripts/bench --scenario cold-zstd once)" >&2; exit 2; }
echo "layer of $dir, $comp, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
for jar in "$@"; do
  echo "== $jar"
  java -XX:+UseSerialGC -Xms64m -XX:MaxNewSize=32m -cp "$jar" "$here/scripts/LayerWriteBench.java" "$dir" "$comp" "$rounds"
done
echo "load avg after $(cut -d' ' -f1-3 /proc/loadavg)"
