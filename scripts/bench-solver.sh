#!/usr/bin/env bash
# Solver benchmark (not a test): our in-process solve times on conda's known-answer cases next to the peer
# solvers' measured in the same run, then the 500k-record scale benchmark.
# Usage: scripts/bench-solver.sh [ROUNDS]   (needs node + npm for the peers; skips them if absent)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# one reactor run (-am): builder-core's tests need builder-testkit, which is only in the reactor, not in ~/.m2
mvn -q -B -o -pl builder-core -am test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="builder-core/target/classes:builder-core/target/test-classes:$(cat "$WORK/cp.txt")"
PEERS_ARG=()
if command -v node >/dev/null && command -v npm >/dev/null; then
  python3 ../shared/peer-solvers/make-channels.py "$WORK/channels" >/dev/null
  cp -r ../shared/peer-solvers "$WORK/peers" && chmod -R u+w "$WORK/peers"
  (cd "$WORK/peers" && npm install --no-audit --no-fund >/dev/null 2>&1) && \
    python3 scripts/bench_peers.py "$WORK/peers" "$WORK/channels" "$WORK/peers.jsonl" --rounds "$ROUNDS" && \
    PEERS_ARG=(--peers "$WORK/peers.jsonl")
fi
java -cp "$CP" dev.condock.solve.SolverBenchmark --rounds "$ROUNDS" "${PEERS_ARG[@]}"
java -Xmx8g -cp "$CP" dev.condock.solve.ScaleBenchmark
