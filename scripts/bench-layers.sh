#!/usr/bin/env bash
# Layer-writer benchmark: our tar+gzip / tar+zstd against `tar | gzip -6` and `tar | zstd -3` in the same run.
# usage: scripts/bench-layers.sh [DIR]   (default /usr/local/cuda)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -DskipTests test-compile -pl builder-core
cp=$(mvn -q -B -pl builder-core dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
exec java -cp "builder-core/target/test-classes:builder-core/target/classes:$cp" dev.condock.bench.LayerBench "$@"
