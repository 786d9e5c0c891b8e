#!/usr/bin/env bash
# Push benchmark: condock's registry client vs skopeo (baseline, same run, same loopback registry).
# usage: scripts/bench-push.sh [LAYERS] [MIB_PER_LAYER]     (needs docker-registry, skopeo; port 5301 free)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -o package -DskipTests
mvn -q -B -o test-compile -pl builder-core -am
exec java -cp builder-cli/target/condock.jar:builder-core/target/test-classes dev.condock.registry.PushBenchmark "$@"
