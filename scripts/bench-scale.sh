#!/usr/bin/env bash
# Scale benchmark (not a test): a generated 500k-record channel served on loopback; `./condock lock` as a whole
# process (cold, then warm repodata cache) next to rattler's whole process (../shared/peer-solvers) on the same
# channel and specs, with wall time and peak RSS of each (GNU time).
# Usage: scripts/bench-scale.sh [RECORDS] [SPEC...]   (default 500000 records; specs: a few top names)
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-500000}
shift || true
SPECS=("$@")
[ ${#SPECS[@]} -gt 0 ] || SPECS=(pkg1200 pkg900 pkg650 pkg400 pkg150)
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
mvn -q -B -o -pl builder-core -am test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="builder-core/target/classes:builder-core/target/test-classes:$(cat "$WORK/cp.txt")"
java -cp "$CP" dev.condock.solve.ScaleBenchmark --generate-channel "$WORK/www/scale" "$RECORDS"
echo "channel: $RECORDS records, $(du -m "$WORK/www/scale/linux-64/repodata.json" | cut -f1) MB"
python3 -m http.server "$PORT" --bind 127.0.0.1 -d "$WORK/www" >/dev/null 2>&1 &
SERVER=$!
sleep 1
URL="http://127.0.0.1:$PORT/scale"
{ echo "channels: [$URL]"; echo "dependencies:"; for s in "${SPECS[@]}"; do echo "  - $s"; done; } > "$WORK/env.yml"
echo "{}" > "$WORK/condarc"
./condock --version >/dev/null 2>&1 || true   # builds the jar if needed, outside the timing
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$WORK/out" 2> "$WORK/err" || { echo "$label: failed"; tail -3 "$WORK/err"; return 0; }
  read -r secs kb < "$WORK/time"
  printf '%-22s %6.2f s  peak RSS %5d MB  %s\n' "$label" "$secs" $((kb / 1024)) "$(tail -1 "$WORK/err" | cut -c1-60)"
}
export CONDOCK_CACHE="$WORK/cache"
measure "condock lock (cold)" ./condock lock "$WORK/env.yml" --condarc "$WORK/condarc" --explicit "$WORK/lock1.txt"
measure "condock lock (warm)" ./condock lock "$WORK/env.yml" --condarc "$WORK/condarc" --explicit "$WORK/lock2.txt"
echo "condock packages: $(grep -c '^http' "$WORK/lock2.txt" || true)"
if command -v node >/dev/null && command -v npm >/dev/null; then
  cp -r ../shared/peer-solvers "$WORK/peers" && chmod -R u+w "$WORK/peers"
  if (cd "$WORK/peers" && npm install --no-audit --no-fund >/dev/null 2>&1); then
    measure "rattler (whole node)" node "$WORK/peers/rattler-solve.cjs" "$URL" linux-64 "${SPECS[@]}"
    python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print("rattler packages:", d.get("n", d.get("error","?")[:200]))' "$WORK/out"
  else
    echo "rattler: npm install failed (offline?), skipped"
  fi
fi
