#!/usr/bin/env bash
# The longer chaos run of issue 14 (CI runs the same tests with fewer rounds):
#   20 builds+pushes through ~15 % injected HTTP faults (channel and registry) -> one digest,
#   20 environment.yml builds with a pip: section + pushes through ~15 % faults on the channel (repodata,
#      packages), the pip index (pages, wheels) and the registry -> the same wheels, one digest,
#   24 kill -9 rounds of `condock build` at random points + rerun -> the clean digest, no leftovers,
#   4 concurrent builds sharing one cache and one oci: layout.
# Usage: scripts/chaos.sh [BUILDS] [KILLS] [SEED]   (defaults 20 24 14). Figures are printed as "chaos: ...".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builds=${1:-20}; kills=${2:-24}; seed=${3:-14}
cd "$here"
mvn -o -q -B -pl builder-core,builder-cli -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test='FaultInjectionE2ETest,PipFaultInjectionE2ETest,ChaosTest' \
  -Dchaos.builds="$builds" -Dchaos.kills="$kills" -Dchaos.seed="$seed"
grep -ho 'chaos:[^<]*' builder-core/target/failsafe-reports/TEST-*FaultInjectionE2ETest.xml \
  builder-cli/target/failsafe-reports/TEST-*ChaosTest.xml
