# shellcheck shell=bash
# Sourced by ./condock: the JVM options for a fast start, printed by condock_fast_start_opts JAR.
# Run as a script (`bash scripts/condock-cds.sh JAR`, what `mvn package` of builder-cli does after the shade step):
# makes JAR's class-data archive now, so a user's first command does not pay for it.
#
# AppCDS: loading and verifying ~3,000 classes from the shaded jar was most of a no-op rebuild's 1.4 s. A dynamic
# class-data archive beside the jar, from a training run (dev.condock.cli.CdsTraining: a build, a cached rebuild, a
# push to an in-process loopback registry, a lock over a loopback HTTP channel, all offline in a temp directory), is
# mapped by every run. It is made at build time (builder-cli's pom runs this script after the shade step; the
# training took ~7 s on the first command before) and, for a jar built otherwise, by the first run of that jar. The
# archive's name carries the jar's size, mtime and inode, so a rebuilt jar gets its own and never a stale one (the JVM
# checks that too, but would warn); it is written under a temp name and renamed. Any failure only means no
# archive: the command runs without one (the build warns and goes on). CONDOCK_CDS=0 turns it off.
# -Xlog:cds=off,cds+dynamic=off: the archive dump warns once per class it cannot store ("Pre JDK 6 class not
# supported by CDS": class files older than version 50 in bundled libraries, which CDS cannot verify) — those
# classes load from the jar as before, so the warnings are noise on a user's terminal.
# Tiered compilation, by measurement (2 cores, loaded; CPU seconds, which load distorts least): C1 only
# (-XX:TieredStopAtLevel=1) halved a no-op push's CPU (1.0 -> 0.6 s) but C1 has no SHA-256 intrinsic
# (MessageDigest at 16 MB/s instead of 110+), and every package, layer and upload is hashed: rejected. Raising
# the C2 (tier 4) thresholds 4-10x keeps C2 off the short-lived start-up code, which is where a short run's
# compile time went (no-op push 0.83-1.10 -> 0.72-0.79 s CPU), while hashing, tar and copy loops, run millions of
# times, still reach C2 within milliseconds (SHA-256 throughput unchanged; a cold 342 MB zstd build 4.4 -> 3.5 s).

# The archive's path for JAR: keyed to the jar's size, mtime (seconds) and inode, as every route names it. The inode:
# a checkout copied with its mtimes kept (cp -a, rsync -a) would otherwise find the original's archive under the
# copy's key, which the JVM refuses (the jar's path differs), and never make its own.
condock_cds_archive() {
  local key
  key=$(stat -c '%s-%Y-%i' "$1" 2>/dev/null) || return 1
  echo "$1.$key.jsa"
}

# Makes JAR's archive unless it exists; prints its path, or nothing when there is none (training failed: a
# warning on stderr naming the training's log). $2: the note printed before a training ("" for none).
condock_make_archive() {
  local jar=$1 note=${2-} archive tmp log
  archive=$(condock_cds_archive "$jar") || return 0
  if [ ! -f "$archive" ]; then
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/condock-cds.XXXXXX") || return 0
    [ -z "$note" ] || echo "$note" >&2
    log="$tmp/train.log"
    if CONDOCK_CACHE="$tmp/cache" java -XX:ArchiveClassesAtExit="$archive.tmp.$$" -Xlog:cds=off,cds+dynamic=off \
        -cp "$jar" dev.condock.cli.CdsTraining "$tmp/train" >"$log" 2>&1 && [ -s "$archive.tmp.$$" ]; then
      mv -f "$archive.tmp.$$" "$archive"
      # archives of older builds of this jar are of no further use
      find "$(dirname "$jar")" -maxdepth 1 -name "$(basename "$jar").*.jsa" ! -name "$(basename "$archive")" \
        -delete 2>/dev/null || true
    else
      echo "condock: no class-data archive for $jar (training failed; see $log): condock starts without one" >&2
      rm -f "$archive.tmp.$$"
      return 0
    fi
    rm -rf "$tmp"
  fi
  echo "$archive"
}

condock_fast_start_opts() {
  local jar=$1 archive
  local opts="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000"
  if [ "${CONDOCK_CDS:-1}" = 0 ] || [ -n "${CONDOCK_JAVA_OPTS:-}" ]; then
    # CONDOCK_JAVA_OPTS replaces every default, these included
    return 0
  fi
  archive=$(condock_make_archive "$jar" "condock: making a class-data archive for a faster start (once per jar) ...")
  if [ -n "$archive" ]; then
    echo "$opts -XX:SharedArchiveFile=$archive -Xlog:cds=off,cds+dynamic=off"
  else
    echo "$opts"
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then # run as a script: the build's route
  set -u
  [ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 CONDOCK_JAR (an existing jar)" >&2; exit 2; }
  if [ "${CONDOCK_CDS:-1}" = 0 ]; then
    exit 0
  fi
  archive=$(condock_make_archive "$1" "condock: making the class-data archive for $1 ...")
  # a failed training has already warned; the build goes on without an archive
  [ -z "$archive" ] || echo "condock: class-data archive $archive" >&2
  exit 0
fi
