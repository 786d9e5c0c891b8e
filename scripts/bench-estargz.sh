#!/usr/bin/env bash
# eStargz figures: (1) build-time cost, gzip vs estargz layers of one tree, interleaved rounds (EstargzBench);
# (2) lazy pull: the e2e test that pulls an estargz image through stargz-snapshotter behind a byte-counting proxy
# and starts a container (bytes fetched at start vs image size, start time vs a full pull). (2) needs root,
# docker-registry, containerd, ctr-remote and containerd-stargz-grpc (scripts/build-stargz-grpc.sh).
# usage: scripts/bench-estargz.sh [DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -o -DskipTests -pl builder-core -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt
cp=$(cat builder-core/target/bench-classpath.txt)
java -cp "builder-core/target/test-classes:builder-core/target/classes:$cp" dev.condock.bench.EstargzBench "$@"
rm -f target/estargz-lazy-pull.txt
mvn -q -B -o -pl builder-core -am verify -Dit.test='EstargzE2ETest#stargz*' -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false >/dev/null 2>&1 || true
if [ -f target/estargz-lazy-pull.txt ]; then head -1 target/estargz-lazy-pull.txt
else echo "lazy pull: not measured (see builder-core/target/failsafe-reports/*EstargzE2ETest*)"; fi
