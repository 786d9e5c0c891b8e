#!/usr/bin/env bash
# Deflate cost per core (issue 15: can the cold gzip build reach <= 1.0x pigz?): CPU seconds of condock's gzip
# (ParallelGzipOutputStream on one thread: JDK's zlib at level 6, 128 KiB blocks with a 32 KiB dictionary, as
# pigz does) and of one plain zlib stream, against pigz -p1 -6 and -p2 -6, all on the same tar held in memory or
# page cache; and, when installed, libdeflate-gzip -6 (what a faster deflate would cost). Input: a tar of DIR
# (default: the bench's installed 342 MB tree of /usr/lib binaries).
#   scripts/bench-deflate.sh [DIR] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-${CONDOCK_BENCH_WORK:-/var/tmp/condock-bench}/inputs-usr_lib-342-9/installed}
rounds=${2:-3}
[ -d "$dir" ] || { echo "bench-deflate: no directory $dir (run scripts/bench --scenario cold-gzip once, or name one)" >&2; exit 2; }
"$here/condock" --version >/dev/null # builds the jar when needed
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-deflate.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -C "$dir" -cf "$work/in.tar" .
echo "input: tar of $dir, $(( $(stat -c %s "$work/in.tar") >> 20 )) MB; load avg $(cut -d' ' -f1-3 /proc/loadavg)"
cpu() { # median user+sys of "$@" over $rounds runs
  local t=() i
  for i in $(seq "$rounds"); do
    /usr/bin/time -f '%U %S' -o "$work/t" "$@" >/dev/null 2>&1
    t+=("$(awk '{print $1+$2}' "$work/t")")
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "CPU median %.2f s min %.2f s", a[int((NR+1)/2)], a[1]}'
}
echo "pigz -p1 -6                                 $(cpu sh -c "pigz -p1 -6 < '$work/in.tar'")"
echo "pigz -p2 -6                                 $(cpu sh -c "pigz -p2 -6 < '$work/in.tar'")"
if command -v libdeflate-gzip >/dev/null; then # Debian's libdeflate-tools: a faster deflate, other bytes
  echo "libdeflate-gzip -6 (whole buffer)           $(cpu libdeflate-gzip -6 -c "$work/in.tar")"
fi
java -Xmx2g -cp "$here/builder-cli/target/condock.jar" "$here/scripts/DeflateBench.java" "$work/in.tar" "$rounds"
echo "java's zlib: $(ldd "$(dirname "$(readlink -f "$(command -v java)")")/../lib/libzip.so" | grep -o 'libz.so[^ ]* => [^ ]*' || echo 'bundled (not the system libz)')"
echo "load avg after $(cut -d' ' -f1-3 /proc/loadavg)"
