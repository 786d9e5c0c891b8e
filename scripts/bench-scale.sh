#!/usr/bin/env bash
# Scale benchmark (not a test): a generated 500k-record channel served on loopback; `./condock lock` as a whole
# process (cold, then warm repodata cache) next to rattler's whole process (../shared/peer-solvers) on the same
# channel and specs, with wall time and peak RSS of each (GNU time).
# The channel is ML-shaped (MlChannel: ~150 names from python to pytorch, many versions/builds each, filler names up
# to RECORDS); the default lock is python 3.11.*, pytorch, numpy, pandas, scikit-learn (~145 packages solved).
# condock reads the big repodata lazily through its cached index (issue 11): the cold run builds the index, warm
# runs use it. `./condock --version` is timed too: the JVM's start, which every whole-process figure includes.
# Usage: scripts/bench-scale.sh [--quick] [RECORDS] [SPEC...]   (default 500000 records; --quick: 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
DEFAULT_RECORDS=500000
if [ "${1:-}" = "--quick" ]; then DEFAULT_RECORDS=100000; shift; fi
RECORDS=${1:-$DEFAULT_RECORDS}
shift || true
SPECS=("$@")
[ ${#SPECS[@]} -gt 0 ] || SPECS=("python 3.11.*" pytorch numpy pandas scikit-learn)
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)  ($(nproc) cores)"
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
./condock --version >/dev/null || { echo "condock: jar build failed"; exit 1; }   # builds the jar if needed, outside the timing
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" > "$WORK/out" 2> "$WORK/err" || { echo "$label: failed"; tail -3 "$WORK/err"; return 0; }
  read -r secs user sys kb < "$WORK/time"
  # CPU seconds (user+sys) next to wall: on a loaded machine they say more than wall does
  printf '%-22s %6.2f s wall  %6.2f s CPU  peak RSS %5d MB  load %s\n' "$label" "$secs" "$(echo "$user + $sys" | bc)" \
    $((kb / 1024)) "$(cut -d' ' -f1 /proc/loadavg)"
}
export CONDOCK_CACHE="$WORK/cache"
measure "condock lock (cold)" ./condock lock "$WORK/env.yml" --condarc "$WORK/condarc" --explicit "$WORK/lock1.txt"
# the launcher's default for lock (C1 only) and, for comparison, with C2 as builds use
measure "condock lock (warm, C2)" env CONDOCK_JAVA_OPTS="-XX:+UseSerialGC -Xms64m -XX:MaxNewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30" \
  ./condock lock "$WORK/env.yml" --condarc "$WORK/condarc" --explicit "$WORK/lock2.txt"
for i in 1 2 3; do
  measure "condock lock (warm $i)" ./condock lock "$WORK/env.yml" --condarc "$WORK/condarc" --explicit "$WORK/lock2.txt"
done
# where the time goes (wall and the main thread's CPU): JVM start, repodata load/index, solve with lazy parsing
CONDOCK_JAVA_OPTS="-XX:+UseSerialGC -Xms64m -XX:MaxNewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -Dcondock.timing=true" \
  ./condock lock "$WORK/env.yml" --condarc "$WORK/condarc" --explicit "$WORK/lock4.txt" 2>&1 | grep '^timing' || true
cmp -s "$WORK/lock1.txt" "$WORK/lock2.txt" && echo "cold and warm locks identical" || echo "cold and warm locks DIFFER"
echo "condock packages: $(grep -c '^http' "$WORK/lock2.txt" || true)"
measure "condock --version" ./condock --version
# the same lock parsing the whole repodata (the eager path, for the record)
measure "condock lock (eager)" env CONDOCK_JAVA_OPTS="-XX:+UseSerialGC -Xms64m -XX:MaxNewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -Dcondock.repodata.lazy-min-bytes=999999999999" \
  ./condock lock "$WORK/env.yml" --condarc "$WORK/condarc" --explicit "$WORK/lock3.txt"
cmp -s "$WORK/lock2.txt" "$WORK/lock3.txt" && echo "lazy and eager locks identical" || echo "lazy and eager locks DIFFER"
if command -v node >/dev/null && command -v npm >/dev/null; then
  cp -r ../shared/peer-solvers "$WORK/peers" && chmod -R u+w "$WORK/peers"
  if (cd "$WORK/peers" && npm install --no-audit --no-fund >/dev/null 2>&1); then
    measure "rattler (whole node)" node "$WORK/peers/rattler-solve.cjs" "$URL" linux-64 "${SPECS[@]}"
    measure "rattler (whole node 2)" node "$WORK/peers/rattler-solve.cjs" "$URL" linux-64 "${SPECS[@]}"
    python3 - "$WORK/out" "$WORK/lock2.txt" <<'PY'
import json, re, sys
d = json.loads(open(sys.argv[1]).read().splitlines()[-1])
print("rattler packages:", d.get("n", d.get("error", "?")[:200]))
ours = {re.sub(r"\.(conda|tar\.bz2)$", "", l.strip().split("#")[0].rsplit("/", 1)[1]) for l in open(sys.argv[2]) if l.startswith("http")}
theirs = {p.split("::", 1)[1] for p in d.get("packages", [])}
if theirs:
    print("same packages as rattler" if ours == theirs else
          f"differs from rattler: {len(ours - theirs)} only condock, {len(theirs - ours)} only rattler, e.g. {sorted(ours - theirs)[:3]} / {sorted(theirs - ours)[:3]}")
PY
  else
    echo "rattler: npm install failed (offline?), skipped"
  fi
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
