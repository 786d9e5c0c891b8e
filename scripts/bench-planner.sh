#!/usr/bin/env bash
# Layer-planner scenario benchmark: a real ML environment's package set (names, sizes, edges from
# ../shared/conda-testdata), five edits, condock's plan against one-layer and per-package+catch-all baselines
# built in the same run; then a no-op rebuild timed against skopeo inspect.
# usage: scripts/bench-planner.sh [SCALE]   (sizes divided by SCALE, default 20)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -DskipTests test-compile -pl builder-core
cp=$(mvn -q -B -pl builder-core dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
exec java -cp "builder-core/target/test-classes:builder-core/target/classes:$cp" dev.condock.bench.PlannerBench "$@"
