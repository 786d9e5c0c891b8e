#!/usr/bin/env bash
# Foreign-base scan benchmark: reading conda-meta by streaming a base layer, against merely gunzipping it
# (baseline measured in the same run), and the cached second read.
# usage: scripts/bench-base-scan.sh [MiB]   (default 64)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# one reactor run (-am): builder-core's tests need builder-testkit, which is only in the reactor, not in ~/.m2
mvn -q -B -DskipTests -pl builder-core -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt
cp=$(cat builder-core/target/bench-classpath.txt)
exec java -cp "builder-core/target/test-classes:builder-core/target/classes:$cp" dev.condock.bench.BaseScanBench "$@"
