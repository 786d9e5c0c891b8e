#!/usr/bin/env bash
# Fuzzes condock's parsers with Jazzer (issue 14). Under `mvn test` the same @FuzzTest methods only replay their
# seeds (src/test/resources/dev/condock/<pkg>/<Class>Inputs/<method>/); here each target is fuzzed for the
# duration its annotation gives (2 minutes). Jazzer fuzzes one target per JVM, so they run one after another.
# A finding is written as crash-<sha1> into the directory Maven ran the module from (the repository root or
# builder-core/); move it into that target's Inputs directory: it then replays under `mvn test` until fixed and
# stays there as a seed. Any exception other than CondockException (and MatchSpec/VersionOrder's
# IllegalArgumentException contract) is a finding.
#
#   scripts/fuzz.sh                      all targets
#   scripts/fuzz.sh SpecFuzzTest#matchSpec ...   some
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(PipFuzzTest#requirement PipFuzzTest#version PipFuzzTest#specifier PipFuzzTest#metadata
           PipFuzzTest#simpleIndex SpecFuzzTest#matchSpec SpecFuzzTest#versionOrder SpecFuzzTest#environmentYml SpecFuzzTest#condockYaml
           RepodataFuzzTest#record RepodataFuzzTest#repodataFile LockFuzzTest#explicitLock LockFuzzTest#condaLockYml
           ArchiveFuzzTest#archive)
fi
failed=()
for t in "${targets[@]}"; do
  echo "== fuzzing $t"
  if ! JAZZER_FUZZ=1 mvn -o -q -pl builder-core -am test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false; then
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "findings in: ${failed[*]} (crash-* files in . or builder-core/: move them into the targets' Inputs dirs)" >&2
  exit 1
fi
echo "no findings"
