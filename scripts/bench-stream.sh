#!/usr/bin/env bash
# Streaming install->layer (issue 15): cold builds as a user runs them (./condock, fresh cache), reporting wall, CPU
# (user+sys), peak RSS and peak temp disk (the peak size of $CONDOCK_CACHE/tmp, sampled every 0.2 s), against the
# largest package's installed size. Run it for two checkouts to compare (before/after):
#   scripts/bench-stream.sh [--repo DIR] [--rounds N] [--compression gzip|zstd] [--packages 1|3|9] [--bump]
# Inputs: scripts/bench's (made by `scripts/bench --scenario rss` once): /var/tmp/condock-bench/inputs-usr_lib-342-9.
# --bump: builds tree-0 + bump-1 once (warm), then times the build of tree-0 + bump-2 (one changed layer, oci: out).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=1 compression=gzip packages=9 bump=0
inputs=${CONDOCK_BENCH_INPUTS:-/var/tmp/condock-bench/inputs-usr_lib-342-9}
while [ $# -gt 0 ]; do
  case $1 in
    --repo) repo=$(cd "$2" && pwd); shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --compression) compression=$2; shift 2 ;;
    --packages) packages=$2; shift 2 ;;
    --bump) bump=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d /var/tmp/condock-bench-stream.XXXXXX)
trap 'rm -rf "$work"' EXIT
condock="$repo/condock"
"$condock" --version >/dev/null 2>&1 # builds the jar and its AppCDS archive: outside every timing

lock_of() { # $1: number of tree packages, $2: bump version or empty
  local out="$work/lock-$1-$2.txt"
  { echo "# platform: linux-64"; echo "@EXPLICIT"; grep '^file:' "$inputs/tree.explicit.txt" | head -n "$1"
    [ -z "$2" ] || grep '^file:' "$inputs/bump-$2.explicit.txt"; } >"$out"
  echo "$out"
}
largest_installed() { # the largest package's installed bytes: sum of its paths.json sizes
  local max=0 n f
  for f in $(grep '^file:' "$1" | sed 's|^file://||; s|#.*||'); do
    n=$(unzip -p "$f" 'info-*.tar.zst' | zstd -dq | tar xO info/paths.json 2>/dev/null |
      python3 -c 'import json,sys; print(sum(p.get("size_in_bytes",0) for p in json.load(sys.stdin)["paths"]))')
    [ "$n" -gt "$max" ] && max=$n
  done
  echo "$max"
}

timed() { # $1: cache, rest: condock args; prints "wall cpu rss_mb peak_tmp_mb"
  local cache=$1; shift
  mkdir -p "$cache/tmp"
  local peak=0 s
  CONDOCK_CACHE=$cache /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$condock" "$@" >"$work/log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    s=$(du -sb "$cache/tmp" 2>/dev/null | cut -f1 | head -n1 || true) # the tree changes under du
    case $s in ""|*[!0-9]*) s=0 ;; esac
    [ "${s:-0}" -gt "$peak" ] && peak=$s
    sleep 0.2
  done
  wait "$pid" || { cat "$work/log" >&2; exit 1; }
  read -r wall user sys rss <"$work/time"
  python3 -c "print('%.2f %.2f %d %d' % ($wall, $user + $sys, $rss // 1024, $peak // 1048576))"
}

echo "bench-stream: repo $repo ($(git -C "$repo" rev-parse --short HEAD)), $compression, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$bump" = 1 ]; then
  warm=$(lock_of 1 1)
  for r in $(seq "$rounds"); do
    cache="$work/cache"; rm -rf "$cache" "$work/out"
    CONDOCK_CACHE=$cache "$condock" build --lock "$warm" --compression "$compression" --to "oci:$work/out:1" >/dev/null 2>&1
    read -r wall cpu rss tmp < <(timed "$cache" build --lock "$(lock_of 1 2)" --compression "$compression" --to "oci:$work/out:2")
    echo "  bump round $r: wall ${wall} s, CPU ${cpu} s, peak RSS ${rss} MB, peak temp ${tmp} MB"
  done
else
  lock=$(lock_of "$packages" "")
  largest=$(( $(largest_installed "$lock") / 1048576 ))
  for r in $(seq "$rounds"); do
    cache="$work/cache"; rm -rf "$cache" "$work/out"
    read -r wall cpu rss tmp < <(timed "$cache" build --lock "$lock" --compression "$compression" --to "oci:$work/out:1")
    echo "  cold $packages package(s) round $r: wall ${wall} s, CPU ${cpu} s, peak RSS ${rss} MB," \
      "peak temp ${tmp} MB = $(python3 -c "print('%.2f' % ($tmp / $largest))")x the largest package installed ($largest MB)"
  done
fi
echo "  load avg after $(cut -d' ' -f1-3 /proc/loadavg)"
