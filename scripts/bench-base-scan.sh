#!/usr/bin/env bash
# Foreign-base scan benchmark: reading conda-meta by streaming a base layer, against merely gunzipping it
# (baseline measured in the same run), and the cached second read.
# usage: scripts/bench-base-scan.sh [MiB]   (default 64)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -DskipTests test-compile -pl builder-core
cp=$(mvn -q -B -pl builder-core dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
exec java -cp "builder-core/target/test-classes:builder-core/target/classes:$cp" dev.condock.bench.BaseScanBench "$@"
