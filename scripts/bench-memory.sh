#!/usr/bin/env bash
# Peak RSS, peak temp disk and wall time of whole-process `./condock build` runs (issues 14 and 15), as users run
# it (fresh process through the launcher, its default heap options unless CONDOCK_JAVA_OPTS is set).
#   scripts/bench-memory.sh [huge [FILES]] [env SIZE_MB PACKAGES]...
#     huge 300000      one package of 300,000 empty files (issue 14: goal <= 500 MB RSS)
#     env 3072 12      ~3 GB of real binaries from /usr/lib in 12 packages (goal <= 300 MB RSS; temp disk <= 1.5x
#                      the largest package)
# Default: huge 300000, env 1024 4, env 3072 12. Inputs are generated once under $BENCH_DIR (default
# /tmp/condock-bench-memory) and reused; each build gets a fresh cache, so it is a cold build.
# Prints one line per run: scenario, compression, peak RSS (GNU time), peak size of $CONDOCK_CACHE/tmp (sampled
# every 0.5 s with du), wall, user+sys CPU, and the load average at the end of the run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${BENCH_DIR:-/tmp/condock-bench-memory}
compressions=${BENCH_COMPRESSIONS:-gzip}
mkdir -p "$dir"
"$here/condock" --version >/dev/null # builds the jar when needed
jar="$here/builder-cli/target/condock.jar"
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

scenarios=()
if [ $# -eq 0 ]; then set -- huge 300000 env 1024 4 env 3072 12; fi
while [ $# -gt 0 ]; do
  case "$1" in
    huge) scenarios+=("huge ${2:-300000}"); shift 2 || shift ;;
    env) scenarios+=("env $2 $3"); shift 3 ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
done

inputs() { # scenario -> lock path (generated once)
  set -- $1
  local d
  if [ "$1" = huge ]; then
    d="$dir/huge-$2"
    [ -f "$d/huge.explicit.txt" ] || java -cp "$jar" dev.condock.pkgbuild.HugePackage "$d" "$2" >/dev/null
    echo "$d/huge.explicit.txt"
  else
    d="$dir/env-$2-$3"
    [ -f "$d/big.explicit.txt" ] || java -Xmx2g -cp "$jar" dev.condock.pkgbuild.BigEnvironment "$d" "$2" "$3" /usr/lib >/dev/null
    echo "$d/big.explicit.txt"
  fi
}

printf '%-16s %-6s %10s %12s %8s %8s  %s\n' scenario comp peak_rss peak_tmp wall cpu load
for s in "${scenarios[@]}"; do
  lock=$(inputs "$s")
  for c in $compressions; do
    cache="$dir/cache"
    rm -rf "$cache" "$dir/out"
    mkdir -p "$cache/tmp"
    peakfile="$dir/peak_tmp"
    echo 0 >"$peakfile"
    ( set +e +o pipefail # du fails on files deleted under it: sample on
      peak=0; while :; do
        k=$(du -sk "$cache/tmp" 2>/dev/null | cut -f1); k=${k:-0}
        if [ "$k" -gt "$peak" ]; then peak=$k; echo "$peak" >"$peakfile"; fi
        sleep 0.5
      done ) &
    sampler=$!
    CONDOCK_CACHE="$cache" /usr/bin/time -f "%M %e %U %S" -o "$dir/time" \
      "$here/condock" build --lock "$lock" --compression "$c" --to "oci:$dir/out" >/dev/null 2>"$dir/stderr" \
      || { kill "$sampler" 2>/dev/null; cat "$dir/stderr" >&2; exit 1; }
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    read -r rss wall user sys <"$dir/time"
    printf '%-16s %-6s %7d MB %9d MB %7.1fs %7.1fs  %s\n' "${s// /-}" "$c" $((rss / 1024)) \
      $(($(cat "$peakfile") / 1024)) "$wall" "$(echo "$user + $sys" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
