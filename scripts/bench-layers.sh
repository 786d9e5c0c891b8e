#!/usr/bin/env bash
# Layer-writer benchmark: our tar+gzip / tar+zstd against `tar | gzip -6` and `tar | zstd -3` in the same run.
# usage: scripts/bench-layers.sh [DIR]   (default /usr/local/cuda)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# one reactor run (-am): builder-core's tests need builder-testkit, which is only in the reactor, not in ~/.m2
mvn -q -B -DskipTests -pl builder-core -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt
cp=$(cat builder-core/target/bench-classpath.txt)
exec java -cp "builder-core/target/test-classes:builder-core/target/classes:$cp" dev.condock.bench.LayerBench "$@"
