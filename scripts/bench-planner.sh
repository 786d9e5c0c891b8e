#!/usr/bin/env bash
# Layer-planner scenario benchmark: a real ML environment's package set (names, sizes, edges from
# ../shared/conda-testdata), five edits, condock's plan against one-layer and per-package+catch-all baselines
# built in the same run; then a no-op rebuild timed against skopeo inspect.
# usage: scripts/bench-planner.sh [SCALE]   (sizes divided by SCALE, default 20)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# one reactor run (-am): builder-core's tests need builder-testkit, which is only in the reactor, not in ~/.m2
mvn -q -B -DskipTests -pl builder-core -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt
cp=$(cat builder-core/target/bench-classpath.txt)
exec java -cp "builder-core/target/test-classes:builder-core/target/classes:$cp" dev.condock.bench.PlannerBench "$@"
