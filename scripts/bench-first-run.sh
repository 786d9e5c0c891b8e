#!/usr/bin/env bash
# The first command after a new jar (issue 15): with the class-data archive made by `mvn package` (the build runs
# scripts/condock-cds.sh on the shaded jar) vs made by the launcher on that first run (a jar built without one).
# A new jar is simulated by touching it (the archive is keyed to size, mtime and inode). Prints each round's seconds and
# the medians, and the load average. Usage: scripts/bench-first-run.sh [ROUNDS] (default 3); the jar must exist.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar="$here/builder-cli/target/condock.jar"
rounds=${1:-3}
[ -f "$jar" ] || { echo "no $jar: run ./condock --version (or mvn package) first" >&2; exit 2; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", b - a}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
lazy=() build=() after=()
echo "load avg before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < rounds; i++)); do
  sleep 1.1; touch "$jar" # a new key: no archive for this jar yet
  lazy+=("$(secs "$here/condock" --version)") # the launcher trains on this first run
  sleep 1.1; touch "$jar"
  build+=("$(secs bash "$here/scripts/condock-cds.sh" "$jar")") # what mvn package now spends
  after+=("$(secs "$here/condock" --version)") # the first run after such a build
  echo "round $((i + 1)): first run, archive by the launcher ${lazy[i]} s; archive by the build ${build[i]} s, then first run ${after[i]} s"
done
echo "load avg after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median: first ./condock --version, archive made on that run: $(printf '%s\n' "${lazy[@]}" | median) s"
echo "median: first ./condock --version, archive made by mvn package: $(printf '%s\n' "${after[@]}" | median) s (the build spent $(printf '%s\n' "${build[@]}" | median) s on it)"
