#!/usr/bin/env bash
# Benchmark (not a test): `./condock check` as a whole process (launcher, JVM start, read two files, compare),
# on an up-to-date pair and on a stale one. The lock comes from `./condock lock` over a local file channel.
# Usage: scripts/bench-check.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/chan/linux-64" "$WORK/chan/noarch"
H="\"md5\":\"$(printf '0%.0s' {1..32})\",\"sha256\":\"$(printf '1%.0s' {1..64})\""
PKGS=""
for i in $(seq 1 200); do PKGS="$PKGS\"p$i-1.0-0.conda\":{\"name\":\"p$i\",\"version\":\"1.0\",\"build\":\"0\",\"build_number\":0,$H,\"depends\":[]},"; done
echo "{\"info\":{\"subdir\":\"linux-64\"},\"packages.conda\":{${PKGS%,}}}" > "$WORK/chan/linux-64/repodata.json"
echo '{"info":{"subdir":"noarch"},"packages":{}}' > "$WORK/chan/noarch/repodata.json"
{ echo "channels: [file://$WORK/chan]"; echo "dependencies:"; for i in $(seq 1 200); do echo "  - p$i"; done; } > "$WORK/environment.yml"
echo "channel_priority: strict" > "$WORK/condarc"
./condock lock -f "$WORK/environment.yml" --condarc "$WORK/condarc" --explicit "$WORK/conda-lock.explicit.txt" -o "$WORK/conda-lock.yml" 2>/dev/null
./condock check -f "$WORK/environment.yml" >/dev/null  # warm the page cache; builds the jar if stale
time_runs() { # label, expected exit, command...
  local label=$1 want=$2; shift 2
  local times=()
  for _ in $(seq 1 "$RUNS"); do
    local t0 t1 rc=0
    t0=$(date +%s%N); "$@" >/dev/null || rc=$?; t1=$(date +%s%N)
    [ "$rc" = "$want" ] || { echo "$label: exit $rc, expected $want" >&2; exit 1; }
    times+=($(( (t1 - t0) / 1000000 )))
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  printf '%-34s runs=%d min=%dms median=%dms max=%dms\n' "$label" "$RUNS" "$(echo "$sorted" | head -1)" \
    "$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")" "$(echo "$sorted" | tail -1)"
}
time_runs "check, up to date (./condock)" 0 ./condock check -f "$WORK/environment.yml"
time_runs "check, up to date (java -jar)" 0 java -jar builder-cli/target/condock.jar check -f "$WORK/environment.yml"
echo "  - extra" >> "$WORK/environment.yml"
time_runs "check, stale (./condock)" 1 ./condock check -f "$WORK/environment.yml"
