#!/usr/bin/env bash
# Real material for examples/ml-train and the ML e2e test (issue 16), from Debian 12's packages (apt-get download;
# nothing downloaded is committed): a local conda channel with python-3.11.x (Debian's CPython laid out as conda's)
# and pip (noarch), and a minimal glibc OS base as an OCI layout. Cached: a rerun prints the summary and returns.
#   scripts/ml-material.sh [OUT]     OUT defaults to $CONDOCK_ML_MATERIAL or ~/.cache/condock/ml-material
# The examples reach it as ~/.cache/condock/ml-material (channel) and .material/base (a link this script makes).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-${CONDOCK_ML_MATERIAL:-$HOME/.cache/condock/ml-material}}
python3 "$here/scripts/ml_material.py" "$out"
for ex in ml-train ml-train-cuda; do
  if [ -d "$here/examples/$ex" ]; then ln -sfn "$out" "$here/examples/$ex/.material"; fi
done
