#!/usr/bin/env bash
# Whole-process benchmarks of scanning and the index (issue 3): builds, generates deterministic data,
# runs each figure RUNS times and prints the median with the exact command that produced it.
#
#   bench/scan-bench.sh [all|hotloop|music|tagged|small|synthetic]
#
# Environment: BENCH_OUT (default /tmp/chorus-bench; generated data, never committed), RUNS (3),
# MUSIC_MB (3000), SMALL_FILES (100000), SYN_FILES (1000000), SYN_CHUNKS (20),
# CHORUS_JAVA_OPTS (extra JVM flags of the scan process, passed on by bin/chorus; default below).
#
# Scans are measured through bin/chorus, the launcher users run: its start-up tuning (class data sharing
# archive, RocksDB's native library extracted once) and its JVM flags are part of the figure.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_OUT:-/tmp/chorus-bench}
RUNS=${RUNS:-3}
MUSIC_MB=${MUSIC_MB:-3000}
SMALL_FILES=${SMALL_FILES:-100000}
SYN_FILES=${SYN_FILES:-1000000}
SYN_CHUNKS=${SYN_CHUNKS:-20}
CP="bench/target/classes:bench/target/lib/*"   # the bench tools
WHAT=${1:-all}
mkdir -p "$OUT"
export CHORUS_JAVA_OPTS=${CHORUS_JAVA_OPTS:--Xms64m -Xmx256m}
TOOL_OPTS="-Xms64m -Xmx256m -XX:+UseParallelGC"

say() { printf '%s\n' "$*"; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else print a[int((NR + 1) / 2)]}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# timed FILE CMD...: runs CMD under GNU time; FILE gets "wall_s max_rss_kb user_s sys_s".
timed() { local f=$1; shift; /usr/bin/time -f '%e %M %U %S' -o "$f" "$@"; }
# chorus_cmd HOME: sets CMD to the command line of a chorus process using that device home.
chorus_cmd() { CMD=(env "CHORUS_HOME=$1" bin/chorus); }
CHORUS="CHORUS_JAVA_OPTS='$CHORUS_JAVA_OPTS' bin/chorus"
jfield() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

say "== build: mvn -B -q -o -Pbench -pl bench -am package -DskipTests"
mvn -B -q -o -Pbench -pl bench -am package -DskipTests
mkdir -p "$OUT/empty"
java -cp "$CP" chorus.bench.BenchHome "$OUT/home-empty" "empty=$OUT/empty" > /dev/null
# bin/chorus builds the CLI if it is stale and makes its start-up archive on its first run: not in a timed run.
say "== launcher: CHORUS_HOME=$OUT/home-empty bin/chorus scan empty (builds and prepares bin/chorus if needed)"
rm -rf "$OUT/home-empty/index" # an index left by an older chorus may be of another schema
CHORUS_HOME="$OUT/home-empty" bin/chorus scan empty > /dev/null
# The bench tools that open an index load RocksDB's library from where bin/chorus extracted it.
rocks_jar=$(basename "$(ls bench/target/lib/rocksdbjni-*.jar | head -n 1)")
native=cli/target/native/${rocks_jar%.jar}   # the copy bin/chorus made of this very jar's library
[[ -d "$native" ]] || native=""
[[ -n "$native" ]] && TOOL_OPTS="$TOOL_OPTS -Djava.library.path=$native"
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other jobs)"
say "scan process: $CHORUS (bin/chorus adds -XX:+UseParallelGC and its start-up archive for scan)"

hotloop() {
  say ""
  say "== hot loop, one thread, MB per CPU-second: java -cp '$CP' chorus.bench.HotLoopCpu"
  java -cp "$CP" chorus.bench.HotLoopCpu
}

# music [raw|tagged]: raw is session 1's tree (random bytes named .flac/.mp3); tagged has the same sizes
# with the tag structures real files carry, which the chunker uses (docs/ARCHITECTURE.md, "Chunking").
music() {
  local kind=${1:-raw} dir=$OUT/music home=$OUT/home-music tagarg=""
  if [[ "$kind" == tagged ]]; then dir=$OUT/music-tagged; home=$OUT/home-music-tagged; tagarg=tagged; fi
  say ""
  say "== music tree ($kind): java -cp '$CP' chorus.bench.GenMusicTree $dir $MUSIC_MB 1 $tagarg"
  java -cp "$CP" chorus.bench.GenMusicTree "$dir" "$MUSIC_MB" 1 $tagarg
  java -cp "$CP" chorus.bench.BenchHome "$home" "music=$dir" > /dev/null
  say "first scan, warm cache, $RUNS runs: rm -rf $home/index; cat every file > /dev/null; CHORUS_HOME=$home $CHORUS scan music --json"
  : > "$OUT/music.rates"; : > "$OUT/music.walls"; : > "$OUT/music.cpu"; : > "$OUT/music.rss"
  for r in $(seq "$RUNS"); do
    rm -rf "$home/index"
    find "$dir" -type f -exec cat {} + > /dev/null
    chorus_cmd "$home"; timed "$OUT/music.time" "${CMD[@]}" scan music --json > "$OUT/music.json"
    read -r wall rss user sys < "$OUT/music.time"
    bytes=$(jfield "$OUT/music.json" hashedBytes)
    secs=$(jfield "$OUT/music.json" seconds)
    python3 -c "print($bytes / $secs / 1e6)" >> "$OUT/music.rates"
    python3 -c "print($bytes / $wall / 1e6)" >> "$OUT/music.walls"
    python3 -c "print($bytes / ($user + $sys) / 1e6)" >> "$OUT/music.cpu"
    echo $((rss / 1024)) >> "$OUT/music.rss"
    say "  run $r: $bytes bytes, scan $secs s, process $wall s, cpu $user+$sys s, peak RSS $((rss / 1024)) MiB"
  done
  say "RESULT music ($kind) first scan: median $(median < "$OUT/music.rates") MB/s inside the scan, $(median < "$OUT/music.walls") MB/s whole process, $(median < "$OUT/music.cpu") MB per CPU-second, peak RSS $(median < "$OUT/music.rss") MiB (load average now $(load))"
}

small() {
  local dir=$OUT/small home=$OUT/home-small
  say ""
  say "== small files: java -cp '$CP' chorus.bench.GenSmallFiles $dir $SMALL_FILES 1"
  java -cp "$CP" chorus.bench.GenSmallFiles "$dir" "$SMALL_FILES" 1
  java -cp "$CP" chorus.bench.BenchHome "$home" "small=$dir" > /dev/null
  say "first scan, $RUNS runs: rm -rf $home/index; CHORUS_HOME=$home $CHORUS scan small --json"
  : > "$OUT/small.walls"; : > "$OUT/small.rss"; : > "$OUT/rescan.walls"; : > "$OUT/rescan.rss"; : > "$OUT/index.sizes"
  : > "$OUT/small.cpu"; : > "$OUT/rescan.cpu"
  for r in $(seq "$RUNS"); do
    rm -rf "$home/index"
    chorus_cmd "$home"; timed "$OUT/small.time" "${CMD[@]}" scan small --json > "$OUT/small.json"
    read -r wall rss user sys < "$OUT/small.time"
    echo "$wall" >> "$OUT/small.walls"; echo $((rss / 1024)) >> "$OUT/small.rss"
    python3 -c "print($user + $sys)" >> "$OUT/small.cpu"
    say "  run $r: $(jfield "$OUT/small.json" files) files in $wall s (scan $(jfield "$OUT/small.json" seconds) s), cpu $user+$sys s, peak RSS $((rss / 1024)) MiB"
  done
  say "RESULT small first scan: median $(median < "$OUT/small.walls") s whole process, $(median < "$OUT/small.cpu") CPU-seconds, peak RSS $(median < "$OUT/small.rss") MiB (load average now $(load))"
  say "no-change rescan, $RUNS runs: CHORUS_HOME=$home $CHORUS scan small --json"
  for r in $(seq "$RUNS"); do
    chorus_cmd "$home"; timed "$OUT/rescan.time" "${CMD[@]}" scan small --json > "$OUT/rescan.json"
    read -r wall rss user sys < "$OUT/rescan.time"
    echo "$wall" >> "$OUT/rescan.walls"; echo $((rss / 1024)) >> "$OUT/rescan.rss"
    python3 -c "print($user + $sys)" >> "$OUT/rescan.cpu"
    say "  run $r: $(jfield "$OUT/rescan.json" unchanged) unchanged in $wall s (scan $(jfield "$OUT/rescan.json" seconds) s), cpu $user+$sys s, peak RSS $((rss / 1024)) MiB"
  done
  say "RESULT small no-change rescan: median $(median < "$OUT/rescan.walls") s whole process, $(median < "$OUT/rescan.cpu") CPU-seconds, peak RSS $(median < "$OUT/rescan.rss") MiB (load average now $(load))"
  local before after
  before=$(du -sb "$home/index" | cut -f1)
  after=$(java -cp "$CP" chorus.bench.IndexTool compact "$home/index")
  say "index on disk: du -sb before compaction $before bytes; after 'java -cp $CP chorus.bench.IndexTool compact $home/index' $after bytes"
  say "RESULT index size: $(python3 -c "print(round($after / $SMALL_FILES, 1))") B per file after compaction ($(python3 -c "print(round($before / $SMALL_FILES, 1))") B per file straight after the scan) for $SMALL_FILES files + $(jfield "$OUT/small.json" directories) directories"
}

synthetic() {
  local index=$OUT/synthetic-index
  say ""
  say "== synthetic index: rm -rf $index; java $TOOL_OPTS -cp '$CP' chorus.bench.SyntheticIndexLoad write $index $SYN_FILES $SYN_CHUNKS"
  rm -rf "$index"
  timed "$OUT/syn.time" java $TOOL_OPTS -cp "$CP" chorus.bench.SyntheticIndexLoad write "$index" "$SYN_FILES" "$SYN_CHUNKS" 2> /dev/null | tee "$OUT/syn.out"
  read -r wall rss user sys < "$OUT/syn.time"
  say "  write process: $wall s, peak RSS $((rss / 1024)) MiB"
  say "no-change pass, $RUNS runs: java $TOOL_OPTS -cp '$CP' chorus.bench.SyntheticIndexLoad pass $index $SYN_FILES"
  : > "$OUT/pass.walls"; : > "$OUT/pass.rss"
  for r in $(seq "$RUNS"); do
    timed "$OUT/pass.time" java $TOOL_OPTS -cp "$CP" chorus.bench.SyntheticIndexLoad pass "$index" "$SYN_FILES" | tee "$OUT/pass.out"
    read -r wall rss user sys < "$OUT/pass.time"
    echo "$wall" >> "$OUT/pass.walls"; echo $((rss / 1024)) >> "$OUT/pass.rss"
  done
  say "RESULT synthetic $SYN_FILES files x $SYN_CHUNKS chunks: $(cat "$OUT/syn.out"); no-change pass median $(median < "$OUT/pass.walls") s whole process, peak RSS $(median < "$OUT/pass.rss") MiB (load average now $(load))"
}

case "$WHAT" in
  all) hotloop; music raw; music tagged; small; synthetic ;;
  hotloop) hotloop ;;
  music) music raw ;;
  tagged) music tagged ;;
  small) small ;;
  synthetic) synthetic ;;
  *) say "unknown figure $WHAT"; exit 2 ;;
esac
