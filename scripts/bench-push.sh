#!/usr/bin/env bash
# Issue 15, push: the figures of the push work in one run (rerun on a quiet machine): a cached push of the bench image
# to an empty loopback registry vs skopeo copy, with the SBOM referrer condock adds after the push (the default) and
# without it (--sbom none for both contenders: skopeo copy pushes no referrer), then the no-op push. Each through
# scripts/bench (fresh processes, interleaved, medians of paired ratios, CPU seconds, load averages).
#   scripts/bench-push.sh [--rounds N] [--quick]     (default 3 rounds)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--rounds 3)
echo "### push, SBOM referrer included (condock's default)"
"$here/bench" --scenario push "${args[@]}"
echo "### push, --sbom none (no referrer: what skopeo copy pushes)"
CONDOCK_BENCH_SBOM=none "$here/bench" --scenario push "${args[@]}"
echo "### no-op push"
"$here/bench" --scenario noop "${args[@]}"
