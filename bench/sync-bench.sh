#!/usr/bin/env bash
# Two-daemon sync benchmark, chorus against Syncthing 1.19.2, on this machine over loopback TLS.
#
#   bench/sync-bench.sh [options] [SCENARIO...]
#
# Scenarios (default: all): music small latency insert append rename dirrename preseed idle
#   music      initial sync of the generated music tree (GenMusicTree) to an empty peer: MB/s, CPU-s of both
#   preseed    the peer already holds an identical copy (cp -a: mtimes kept; cp -r: mtimes new): wire bytes,
#              time to in sync (needs the music tree; run after music in the same session)
#   small      initial sync of N small files of 1-8 KB (GenSmallFiles): files/s, CPU-s
#   idle       RSS of both idle daemons with the small tree indexed and in sync (runs the small scenario once
#              if small is not selected)
#   latency    a new 5 MB file written on the sender (watchers on) until complete on the peer, seconds
#   insert     4 KiB inserted at the start of a synced 30 MB file: wire bytes / file size
#   append     4 KiB appended to a synced 30 MB file: wire bytes / file size
#   rename     a synced 30 MB file moved to another directory under a new name: wire bytes
#   dirrename  a synced directory of 1,000 files renamed: wire bytes
#
# Options (also as environment variables in brackets):
#   --products "chorus syncthing"  [PRODUCTS]   which daemons to measure
#   --runs N            [RUNS=3]         runs per figure (the median is reported)
#   --latency-runs N    [LATENCY_RUNS=5]
#   --music-mb MB       [MUSIC_MB=3000]  size of the music tree
#   --small-files N     [SMALL_FILES=100000]
#   --edit-mb MB        [EDIT_MB=30]     size of the edited/renamed file
#   --dir-files N       [DIR_FILES=1000] files in the renamed directory
#   --timeout S         [SYNC_TIMEOUT=1800] longest wait for "in sync", per run
#   --stall S           [STALL_TIMEOUT=120] give up when the receiver made no progress for S seconds
#   --data DIR          [BENCH_DATA=/work/bench-data/sync-bench] generated trees and daemon homes
#   --chorus-repo DIR   [CHORUS_REPO=this checkout] the chorus checkout whose bin/chorus is measured
#   --st-watch-delay S  [ST_WATCH_DELAY=10] Syncthing's fsWatcherDelayS (its default is 10)
#   --base-port P       [BASE_PORT=23100] ports P..P+23 on 127.0.0.1
#   --keep-data                          do not delete the receiver copies and homes at the end
#
# Results: stdout and bench/results/sync-<UTC time>.md (a markdown table per run of the script, plus the
# per-run figures and the exact commands). Every daemon listens on and dials 127.0.0.1 only; Syncthing's
# discovery, relays, NAT, usage and crash reporting and upgrade checks are off in config.xml before its
# first start. All daemons are killed on exit.
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8
SELF=$(cd "$(dirname "$0")/.." && pwd)
LIB="python3 $SELF/bench/sync_bench_lib.py"

PRODUCTS=${PRODUCTS:-"chorus syncthing"}
RUNS=${RUNS:-3}
LATENCY_RUNS=${LATENCY_RUNS:-5}
MUSIC_MB=${MUSIC_MB:-3000}
SMALL_FILES=${SMALL_FILES:-100000}
EDIT_MB=${EDIT_MB:-30}
DIR_FILES=${DIR_FILES:-1000}
SYNC_TIMEOUT=${SYNC_TIMEOUT:-1800}
STALL_TIMEOUT=${STALL_TIMEOUT:-120}
BENCH_DATA=${BENCH_DATA:-/work/bench-data/sync-bench}
CHORUS_REPO=${CHORUS_REPO:-$SELF}
ST_WATCH_DELAY=${ST_WATCH_DELAY:-10}
BASE_PORT=${BASE_PORT:-23100}
KEEP_DATA=${KEEP_DATA:-0}
SCENARIOS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --products) PRODUCTS=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --latency-runs) LATENCY_RUNS=$2; shift ;;
    --music-mb) MUSIC_MB=$2; shift ;;
    --small-files) SMALL_FILES=$2; shift ;;
    --edit-mb) EDIT_MB=$2; shift ;;
    --dir-files) DIR_FILES=$2; shift ;;
    --timeout) SYNC_TIMEOUT=$2; shift ;;
    --stall) STALL_TIMEOUT=$2; shift ;;
    --data) BENCH_DATA=$2; shift ;;
    --chorus-repo) CHORUS_REPO=$2; shift ;;
    --st-watch-delay) ST_WATCH_DELAY=$2; shift ;;
    --base-port) BASE_PORT=$2; shift ;;
    --keep-data) KEEP_DATA=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    music|small|idle|latency|insert|append|rename|dirrename|preseed) SCENARIOS+=("$1") ;;
    all) SCENARIOS+=(music preseed small idle latency insert append rename dirrename) ;;
    *) echo "unknown option or scenario: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(music preseed small idle latency insert append rename dirrename)
CHORUS_REPO=$(cd "$CHORUS_REPO" && pwd)
want() { local s; for s in "${SCENARIOS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$SELF/bench/results" "$BENCH_DATA"
REPORT=$SELF/bench/results/sync-$STAMP.md
TSV=$BENCH_DATA/results-$STAMP.tsv
: > "$TSV"
RUN_DIR=$BENCH_DATA/run
TMPD=$BENCH_DATA/tmp
mkdir -p "$RUN_DIR" "$TMPD"

say() { printf '%s\n' "$*" | tee -a "$REPORT"; }
log() { printf '%s\n' "$*" | tee -a "$REPORT" >&2; }
now() { date +%s.%N; }
now_ms() { date +%s%3N; }
since() { python3 -c "print('%.3f' % ($2 - $1))"; } # since T0 T1: seconds from T0 to T1
elapsed() { python3 -c "print('%.3f' % ($(now) - $1))"; }
calc() { python3 -c "print($1)"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# result FIGURE PRODUCT UNIT VALUES...: records the median of VALUES (n/a when none)
result() {
  local fig=$1 prod=$2 unit=$3; shift 3
  local med runs
  if [ $# -eq 0 ]; then med=n/a; runs="none"; else med=$(printf '%s\n' "$@" | $LIB median); runs="$*"; fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$fig" "$prod" "$med" "$unit" "$runs" >> "$TSV"
  log "RESULT $prod: $fig = $med $unit (runs: $runs; load $(load))"
}

# ---------------------------------------------------------------- daemons, bookkeeping
declare -A PID=()          # PID[chorus-a]=...
cleanup() {
  local k
  for k in "${!PID[@]}"; do
    kill "${PID[$k]}" 2> /dev/null || true
  done
  for k in "${!PID[@]}"; do
    wait "${PID[$k]}" 2> /dev/null || true
  done
  if [ "$KEEP_DATA" != 1 ]; then rm -rf "$RUN_DIR" "$TMPD"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop() { # stop NAME
  local p=${PID[$1]:-}
  [ -n "$p" ] || return 0
  kill "$p" 2> /dev/null || true
  local i
  for i in $(seq 100); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
  kill -9 "$p" 2> /dev/null || true
  wait "$p" 2> /dev/null || true
  unset "PID[$1]"
}

# Ports: chorus a/b listen+api, syncthing a/b listen+gui.
P_CA=$BASE_PORT; P_CA_API=$((BASE_PORT + 1)); P_CB=$((BASE_PORT + 10)); P_CB_API=$((BASE_PORT + 11))
P_SA=$((BASE_PORT + 20)); P_SA_GUI=$((BASE_PORT + 21)); P_SB=$((BASE_PORT + 22)); P_SB_GUI=$((BASE_PORT + 23))
APIKEY=sync-bench-api-key-0123456789abcdef
for p in $P_CA $P_CA_API $P_CB $P_CB_API $P_SA $P_SA_GUI $P_SB $P_SB_GUI; do
  if ss -ltnH "( sport = :$p )" | grep -q .; then echo "port $p on 127.0.0.1 is in use: pick --base-port" >&2; exit 2; fi
done

# ---- chorus
ch() { local home=$1; shift; env CHORUS_HOME="$home" "$CHORUS_REPO/bin/chorus" "$@"; }
# chorus_setup SIDE FOLDER DIR: fresh home for side a or b (identity, config, folder); pairing comes after
chorus_home() { echo "$RUN_DIR/chorus-$1"; }
chorus_init_pair() { # FOLDER DIR_A DIR_B
  local f=$1 da=$2 db=$3 ha hb ia ib
  ha=$(chorus_home a); hb=$(chorus_home b)
  rm -rf "$ha" "$hb"
  ch "$ha" init --name a --listen "tcp://127.0.0.1:$P_CA" --api "127.0.0.1:$P_CA_API" > /dev/null
  ch "$hb" init --name b --listen "tcp://127.0.0.1:$P_CB" --api "127.0.0.1:$P_CB_API" > /dev/null
  ia=$(ch "$ha" id); ib=$(ch "$hb" id)
  ch "$ha" device add "$ib" --name b --address "tcp://127.0.0.1:$P_CB" > /dev/null
  ch "$hb" device add "$ia" --name a --address "tcp://127.0.0.1:$P_CA" > /dev/null
  ch "$ha" folder add "$f" "$da" > /dev/null
  ch "$hb" folder add "$f" "$db" > /dev/null
  ch "$ha" folder share "$f" "$ib" > /dev/null
  ch "$hb" folder share "$f" "$ia" > /dev/null
  CH_ID_A=$ia; CH_ID_B=$ib
}
chorus_start() { # SIDE
  local h; h=$(chorus_home "$1")
  CHORUS_HOME="$h" "$CHORUS_REPO/bin/chorus" run >> "$h.log" 2>&1 &
  PID[chorus-$1]=$!
}
chorus_status() { # SIDE OUTFILE: 0 if the daemon answered
  # GET /rest/status with curl, as Syncthing's API is polled: the same JSON as `chorus status --json`, without
  # starting a JVM per poll (1.2 s here, which made every chorus wait up to a poll period longer).
  local home key port
  home=$(chorus_home "$1")
  read -r key port < <(python3 -c "import json,sys; c=json.load(open(sys.argv[1])); print(c['apiKey'], c['api'].rsplit(':', 1)[1])" "$home/config.json" 2> /dev/null) || return 1
  curl -sf -m 10 -H "X-API-Key: $key" "http://127.0.0.1:$port/rest/status" > "$2"
}
# chorus_folder_state SIDE FOLDER: prints "state files needFiles connected inBytes outBytes" or nothing
chorus_folder_state() {
  local f=$RUN_DIR/status-$1.json
  chorus_status "$1" "$f" || return 0
  $LIB json "$f" "' '.join(str(x) for x in ([ (fo['state'], fo['files'], fo['needFiles']) for fo in j['folders'] if fo['id']=='$2'] or [('none',0,0)])[0] + (sum(1 for p in j['peers'] if p['connected']), sum(p['inBytes'] for p in j['peers']), sum(p['outBytes'] for p in j['peers'])))" 2> /dev/null || true
}

# ---- syncthing
st_home() { echo "$RUN_DIR/st-$1"; }
st_api() { # SIDE PATH...
  local port=$P_SA_GUI; [ "$1" = b ] && port=$P_SB_GUI
  curl -sf -m 10 -H "X-API-Key: $APIKEY" "http://127.0.0.1:$port$2"
}
st_init_pair() { # FOLDER DIR_A DIR_B
  local f=$1 da=$2 db=$3 ha hb
  ha=$(st_home a); hb=$(st_home b)
  rm -rf "$ha" "$hb"
  ST_ID_A=$(STNODEFAULTFOLDER=1 syncthing generate --home="$ha" --skip-port-probing 2>&1 | sed -n 's/.*Device ID: *//p')
  ST_ID_B=$(STNODEFAULTFOLDER=1 syncthing generate --home="$hb" --skip-port-probing 2>&1 | sed -n 's/.*Device ID: *//p')
  [ -n "$ST_ID_A" ] && [ -n "$ST_ID_B" ] || { log "syncthing generate gave no device ID"; return 1; }
  $LIB st-config "$ha/config.xml" "$ST_ID_A" a "$P_SA" "$P_SA_GUI" "$APIKEY" "$ST_ID_B" b "$P_SB" "$f" "$da" "$ST_WATCH_DELAY"
  $LIB st-config "$hb/config.xml" "$ST_ID_B" b "$P_SB" "$P_SB_GUI" "$APIKEY" "$ST_ID_A" a "$P_SA" "$f" "$db" "$ST_WATCH_DELAY"
  st_prepare_dir "$da"; st_prepare_dir "$db"
}
st_prepare_dir() { # folder marker, and the generators' marker file kept out (chorus ignores .chorus-tmp.*)
  mkdir -p "$1/.stfolder"
  printf '.chorus-tmp.*\n' > "$1/.stignore"
}
st_start() { # SIDE
  local h; h=$(st_home "$1")
  STNODEFAULTFOLDER=1 STNOUPGRADE=1 STNORESTART=1 syncthing serve --no-browser --no-restart --no-upgrade \
    --home="$h" --logfile="$h.log" --log-max-old-files=0 > "$h.out" 2>&1 &
  PID[st-$1]=$!
  local i
  for i in $(seq 300); do st_api "$1" /rest/system/ping > /dev/null 2>&1 && return 0; sleep 0.1; done
  log "syncthing $1 did not answer its API within 30 s (log $h.log)"
}
st_wipe_db() { rm -rf "$(st_home "$1")/index-v0.14.0.db"; }
# st_folder_state SIDE FOLDER: "state localFiles needFiles globalFiles"
st_folder_state() {
  st_api "$1" "/rest/db/status?folder=$2" 2> /dev/null | python3 -c "import json,sys; j=json.load(sys.stdin); print(j['state'], j['localFiles'], j['needFiles'], j['globalFiles'])" 2> /dev/null || true
}
st_completion() { # SIDE FOLDER PEER_ID
  st_api "$1" "/rest/db/completion?folder=$2&device=$3" 2> /dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['completion'])" 2> /dev/null || true
}
st_conn_bytes() { # SIDE: in+out totals the daemon counts
  st_api "$1" /rest/system/connections 2> /dev/null | python3 -c "import json,sys; t=json.load(sys.stdin)['total']; print(t['inBytesTotal'] + t['outBytesTotal'])" 2> /dev/null || echo 0
}

# ---- product-neutral
# pair_ports PROD: the two listen ports (the accepting end of the one peer connection has one of them)
ports_of() { if [ "$1" = chorus ]; then echo "$P_CA $P_CB"; else echo "$P_SA $P_SB"; fi; }
wire() { $LIB sockbytes $(ports_of "$1"); }
pids_of() { if [ "$1" = chorus ]; then echo "${PID[chorus-a]:-} ${PID[chorus-b]:-}"; else echo "${PID[st-a]:-} ${PID[st-b]:-}"; fi; }
cpu_of() { $LIB cpu $(pids_of "$1"); }
init_pair() { if [ "$1" = chorus ]; then chorus_init_pair "${@:2}"; else st_init_pair "${@:2}"; fi; }
start() { if [ "$1" = chorus ]; then chorus_start "$2"; else st_start "$2"; fi; }
stop_side() { if [ "$1" = chorus ]; then stop "chorus-$2"; else stop "st-$2"; fi; }
home_of() { if [ "$1" = chorus ]; then chorus_home "$2"; else st_home "$2"; fi; }
# wipe_receiver PROD DIR: the receiver forgets everything (index/database and folder contents), keeps its identity
wipe_receiver() {
  local prod=$1 dir=$2
  # chorus remembers in its home that a folder's marker was written (a missing marker then stops the
  # folder: an unmounted disk); a receiver made new from nothing forgets that too.
  if [ "$prod" = chorus ]; then rm -rf "$(chorus_home b)/index" "$(chorus_home b)/folders"; else st_wipe_db b; fi
  # Moved aside, not deleted (RUN_DIR goes at the end): ext4 without a journal (as here) skips inodes freed
  # in the last 5-35 s when it allocates, scanning past each one, so a tree created right after deleting
  # 100,000 files costs the kernel several times more, for both products alike.
  if [ -e "$dir" ]; then mkdir -p "$RUN_DIR/trash"; mv "$dir" "$(mktemp -d "$RUN_DIR/trash/XXXXXX")/"; fi
  mkdir -p "$dir"
  [ "$prod" = syncthing ] && st_prepare_dir "$dir"
  [ "$prod" = chorus ] && : > "$dir/.chorus-folder"
  return 0
}
# daemon_state PROD SIDE FOLDER: "state files needFiles" as the daemon reports them
daemon_state() {
  if [ "$1" = chorus ]; then chorus_folder_state "$2" "$3" | cut -d' ' -f1-3; else st_folder_state "$2" "$3" | cut -d' ' -f1-3; fi
}
# wait_scanned PROD SIDE FOLDER COUNT TIMEOUT: until the daemon has COUNT files (or more: markers) indexed and is idle
wait_scanned() {
  local prod=$1 side=$2 f=$3 count=$4 limit=$5 t0 st
  t0=$(now)
  while :; do
    st=$(daemon_state "$prod" "$side" "$f")
    set -- $st
    if [ "${1:-}" = idle ] && [ "${2:-0}" -ge "$count" ]; then return 0; fi
    if python3 -c "import sys; sys.exit(0 if $(now) - $t0 > $limit else 1)"; then
      log "  $prod $side: not scanned after $limit s (state: ${st:-no answer}; want $count files)"
      return 1
    fi
    sleep 0.3
  done
}
# wait_sync PROD FOLDER SRC DST COUNT: until the receiver (b) reports nothing needed and idle, the sender sees
# it complete (Syncthing), and the trees' file lists with sizes are equal. Bounded by SYNC_TIMEOUT and by
# STALL_TIMEOUT without progress (the receiver's file count, needFiles or wire bytes not moving).
# Sets SYNC_MSG, and SYNC_AT: the time of the status poll that reported in sync, when the tree comparison
# right after it then found both trees equal (if it did not, a later poll's time counts). The poll alone is
# not enough (a receiver that has not heard of an edit yet also reports idle), the comparison alone adds its
# own time (two Python walks, about 1 s for the edit tree of 3,000 files under load) to both products'
# figures; a daemon only counts a file once it is in place, so the poll's time is when it was. Returns 1 on
# timeout.
# The loop is kept light (one curl and one JSON parse per poll; bash arithmetic for the limits; the wire
# every 5th poll; the source listing only once the receiver first reports in sync): under load each extra
# python3 start cost 0.1-0.2 s, which padded every figure of both products by up to a poll.
wait_sync() { # COUNT: the files the source holds now (the gate before the tree comparison)
  local prod=$1 f=$2 src=$3 dst=$4 count t0 t0ms last_change sig old_sig="" old_count="" st comp ok i=0 w last_w=0 polled
  t0=$(now); t0ms=$(now_ms); last_change=$t0ms
  count=$5
  rm -f "$TMPD/src.tree"
  while :; do
    i=$((i + 1))
    st=$(daemon_state "$prod" b "$f")
    polled=$(now) # when the receiver said so: the tree comparison below only confirms it, and its own
    ok=0          # time (two Python walks of the trees, ~1 s for the edit tree) is not the daemon's
    set -- $st
    if [ "${1:-}" = idle ] && [ "${3:-x}" = 0 ] && [ "${2:-0}" -ge "$count" ]; then
      ok=1
      if [ "$prod" = syncthing ]; then
        comp=$(st_completion a "$f" "$ST_ID_B")
        [ "${comp%.*}" = 100 ] || ok=0
      fi
    fi
    if [ $ok = 1 ]; then
      [ -f "$TMPD/src.tree" ] || $LIB tree "$src" > "$TMPD/src.tree"
      $LIB tree "$dst" > "$TMPD/dst.tree"
      if cmp -s "$TMPD/src.tree" "$TMPD/dst.tree"; then SYNC_MSG="in sync"; SYNC_AT=$polled; return 0; fi
    fi
    # progress: the receiver's state/files/needFiles, its file count on disk (every 10th poll), or more than
    # 64 KiB more on the wire (every 5th poll; keep-alives alone are not progress)
    if [ "$st" != "$old_sig" ]; then old_sig=$st; last_change=$(now_ms); fi
    if [ $((i % 5)) = 0 ]; then
      w=$(wire "$prod")
      if [ $((w - last_w)) -gt 65536 ] || [ $((w - last_w)) -lt 0 ]; then last_w=$w; last_change=$(now_ms); fi
    fi
    if [ $((i % 10)) = 0 ]; then
      sig=$($LIB count "$dst")
      if [ "$sig" != "$old_count" ]; then old_count=$sig; last_change=$(now_ms); fi
    fi
    if [ $(( $(now_ms) - t0ms )) -gt $((SYNC_TIMEOUT * 1000)) ]; then
      SYNC_MSG="TIMEOUT after $SYNC_TIMEOUT s (receiver state/files/needFiles: ${st:-no answer}; $($LIB count "$dst") of $count files on disk)"; return 1
    fi
    if [ $(( $(now_ms) - last_change )) -gt $((STALL_TIMEOUT * 1000)) ]; then
      SYNC_MSG="STALLED: no progress for $STALL_TIMEOUT s (receiver state/files/needFiles: ${st:-no answer}; $($LIB count "$dst") of $count files on disk)"; return 1
    fi
    sleep 0.1
  done
}
verify_sha() { # SRC DST: full content comparison, outside the timed part
  local a b
  a=$($LIB sha "$1"); b=$($LIB sha "$2")
  if [ "$a" = "$b" ]; then log "  SHA-256 of both trees equal ($a)"; else log "  SHA-256 DIFFERS: $a vs $b"; return 1; fi
}

# ---------------------------------------------------------------- data
GEN_CP=$BENCH_DATA/gen-classes
gen_tools() {
  [ -f "$GEN_CP/chorus/bench/GenMusicTree.class" ] && [ "$GEN_CP/chorus/bench/GenMusicTree.class" -nt "$SELF/bench/src/main/java/chorus/bench/GenMusicTree.java" ] && return 0
  # The bench module needs JMH, which may not be in the offline repository: compile just the generators.
  [ -d "$SELF/fs-index/target/test-classes/chorus" ] || (cd "$SELF" && mvn -B -o -q -DskipTests package)
  mkdir -p "$GEN_CP"
  javac -d "$GEN_CP" -cp "$SELF/fs-index/target/classes:$SELF/fs-index/target/test-classes:$SELF/core/target/classes" \
    "$SELF/bench/src/main/java/chorus/bench/GenMusicTree.java" "$SELF/bench/src/main/java/chorus/bench/GenSmallFiles.java"
}
GEN_JAVA() { java -cp "$GEN_CP:$SELF/fs-index/target/classes:$SELF/fs-index/target/test-classes:$SELF/core/target/classes" "$@"; }
MUSIC_SRC=$BENCH_DATA/gen/music-$MUSIC_MB
SMALL_SRC=$BENCH_DATA/gen/small-$SMALL_FILES
gen_music() { log "  data: java chorus.bench.GenMusicTree $MUSIC_SRC $MUSIC_MB 1"; GEN_JAVA chorus.bench.GenMusicTree "$MUSIC_SRC" "$MUSIC_MB" 1 >&2; }
gen_small() { log "  data: java chorus.bench.GenSmallFiles $SMALL_SRC $SMALL_FILES 1"; GEN_JAVA chorus.bench.GenSmallFiles "$SMALL_SRC" "$SMALL_FILES" 1 >&2; }
warm() { find "$1" -type f -exec cat {} + > /dev/null; }

# ---------------------------------------------------------------- scenarios
# initial_sync PROD NAME SRC FIGURE-UNIT: sender a indexes SRC once; per run the receiver b starts empty
# (index/database and folder wiped) and is timed from its start to in sync.
SCAN_SECONDS=""
initial_sync() {
  local prod=$1 name=$2 src=$3 dst=$RUN_DIR/$1-$2-b count bytes t0 secs c0 c1 w0 w1 r
  local rates=() cpus=() wires=()
  count=$($LIB count "$src"); bytes=$(du -sb --exclude='.chorus-tmp.*' --exclude=.stfolder --exclude=.stignore "$src" | cut -f1)
  log ""
  log "== $prod: initial sync '$name' ($count files, $bytes bytes incl. directories), $RUNS runs"
  rm -rf "$dst"; mkdir -p "$dst"
  init_pair "$prod" "$name" "$src" "$dst"
  warm "$src"
  t0=$(now)
  start "$prod" a
  if ! wait_scanned "$prod" a "$name" "$count" "$SYNC_TIMEOUT"; then stop_side "$prod" a; return 0; fi
  SCAN_SECONDS=$(elapsed "$t0")
  log "  sender a: started and scanned $count files in $SCAN_SECONDS s (not part of the figure)"
  result "$name tree: sender start + first scan (s)" "$prod" "s" "$SCAN_SECONDS"
  for r in $(seq "$RUNS"); do
    wipe_receiver "$prod" "$dst"
    sync; sleep 1
    c0=$(cpu_of "$prod"); w0=$(wire "$prod")   # w0: the sender alone has no connection yet
    t0=$(now)
    start "$prod" b
    if wait_sync "$prod" "$name" "$src" "$dst" "$count"; then
      secs=$(since "$t0" "$SYNC_AT")
      c1=$(cpu_of "$prod"); w1=$(wire "$prod")
      rates+=("$(calc "round($count / $secs, 1) if '$name' == 'small' else round($bytes / $secs / 1e6, 1)")")
      cpus+=("$(calc "round($c1 - $c0, 2)")")
      wires+=("$(calc "round(($w1 - $w0) / $bytes * 100, 2)")")
      log "  run $r: in sync after $secs s; CPU both daemons $(calc "round($c1 - $c0, 2)") s; wire $((w1 - w0)) bytes (socket, both directions); RSS a $($LIB rss ${PID[${prod/syncthing/st}-a]}) KiB b $($LIB rss ${PID[${prod/syncthing/st}-b]}) KiB"
      [ "$r" = 1 ] && verify_sha "$src" "$dst"
    else
      log "  run $r: $SYNC_MSG"
      log "  (for information: RSS now, sender a $(( $($LIB rss ${PID[${prod/syncthing/st}-a]}) / 1024 )) MiB with the tree indexed, receiver b $(( $($LIB rss ${PID[${prod/syncthing/st}-b]}) / 1024 )) MiB)"
      stop_side "$prod" b
      log "  $prod: giving up on '$name' (not in sync); next scenario"
      break
    fi
    if [ "$name" = small ] && [ "$r" = "$RUNS" ] && want idle; then idle_rss "$prod"; fi
    if [ "$name" = music ] && [ "$r" = "$RUNS" ] && want preseed; then :; else stop_side "$prod" b; fi
  done
  if [ "$name" = small ]; then
    result "initial sync of $SMALL_FILES files of 1-8 KB (files/s)" "$prod" "files/s" "${rates[@]}"
    result "CPU seconds, both daemons, small-file sync" "$prod" "CPU-s" "${cpus[@]}"
  else
    result "initial sync of a $MUSIC_MB MB music tree to an empty peer (MB/s)" "$prod" "MB/s" "${rates[@]}"
    result "CPU seconds, both daemons, $MUSIC_MB MB sync" "$prod" "CPU-s" "${cpus[@]}"
    result "wire bytes / tree size, $MUSIC_MB MB sync (%)" "$prod" "%" "${wires[@]}"
  fi
}

idle_rss() { # PROD: both daemons in sync with the small tree; settle, then RSS
  local prod=$1 k=${1/syncthing/st}
  log "  idle: settling 30 s, then VmRSS (process and children) of both daemons"
  sleep 30
  local ra rb
  ra=$(( $($LIB rss "${PID[$k-a]}") / 1024 )); rb=$(( $($LIB rss "${PID[$k-b]}") / 1024 ))
  log "  idle RSS: sender a $ra MiB, receiver b $rb MiB"
  result "RSS of an idle daemon, $SMALL_FILES files indexed and in sync (MiB, max of the two)" "$prod" "MiB" "$(( ra > rb ? ra : rb ))"
}

# preseed PROD: after the music runs (sender a still running, indexed): the receiver is restarted with a
# wiped index/database over a copy of the tree, once with mtimes kept (cp -a) and once without (cp -r).
preseed() {
  local prod=$1 name=music src=$MUSIC_SRC dst=$RUN_DIR/$1-music-b k=${1/syncthing/st} count mode r t0 secs w0 w1
  [ -n "${PID[$k-a]:-}" ] || { log "  preseed: no running music sender for $prod (run the music scenario first)"; return 0; }
  stop_side "$prod" b
  count=$($LIB count "$src")
  for mode in mtime nomtime; do
    local times=() wires=()
    log ""
    log "== $prod: pre-seeded identical $MUSIC_MB MB tree ($mode: $([ $mode = mtime ] && echo "cp -a" || echo "cp -r, new mtimes")), $RUNS runs"
    for r in $(seq "$RUNS"); do
      wipe_receiver "$prod" "$dst"; rmdir "$dst" 2> /dev/null || rm -rf "$dst"
      if [ $mode = mtime ]; then cp -a "$src" "$dst"; else cp -r "$src" "$dst"; fi
      [ "$prod" = syncthing ] && st_prepare_dir "$dst"
      sync; warm "$dst"
      w0=$(wire "$prod")
      t0=$(now)
      start "$prod" b
      if wait_sync "$prod" "$name" "$src" "$dst" "$count"; then
        secs=$(since "$t0" "$SYNC_AT"); w1=$(wire "$prod")
        times+=("$secs"); wires+=("$((w1 - w0))")
        log "  run $r: in sync after $secs s (one scan of the sender took $SCAN_SECONDS s), wire $((w1 - w0)) bytes"
      else
        log "  run $r: $SYNC_MSG"; stop_side "$prod" b; break
      fi
      stop_side "$prod" b
    done
    result "pre-seeded $MUSIC_MB MB tree ($mode): time to in sync (s)" "$prod" "s" "${times[@]}"
    result "pre-seeded $MUSIC_MB MB tree ($mode): wire bytes" "$prod" "B" "${wires[@]}"
  done
}

# The edit session: one pair per product over a folder holding, per run, a 30 MB file for each of insert,
# append and rename and a directory of DIR_FILES files; synced once, then each edit is made on the sender
# and timed/counted until the receiver is in sync again.
EDIT_SRC=$BENCH_DATA/gen/edit-$EDIT_MB-$DIR_FILES-$RUNS-$LATENCY_RUNS
gen_edit() {
  [ -f "$EDIT_SRC/.chorus-tmp.generated" ] && return 0
  log "  data: edit tree $EDIT_SRC (python3 bench/sync_bench_lib.py gen-file, seeded)"
  rm -rf "$EDIT_SRC"; mkdir -p "$EDIT_SRC"
  local r i
  for r in $(seq "$RUNS"); do
    mkdir -p "$EDIT_SRC/insert" "$EDIT_SRC/append" "$EDIT_SRC/rename" "$EDIT_SRC/dir-$r"
    $LIB gen-file "$EDIT_SRC/insert/track-$r.flac" $((EDIT_MB * 1000000)) $((100 + r))
    $LIB gen-file "$EDIT_SRC/append/track-$r.flac" $((EDIT_MB * 1000000)) $((200 + r))
    $LIB gen-file "$EDIT_SRC/rename/track-$r.flac" $((EDIT_MB * 1000000)) $((300 + r))
    python3 - "$EDIT_SRC/dir-$r" "$DIR_FILES" "$r" <<'PY'
import os, random, sys
d, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(1000 + seed)
for i in range(n):
    with open(os.path.join(d, "%04d small.dat" % i), "wb") as fh:
        fh.write(rnd.randbytes(1024 + rnd.randrange(7 * 1024 + 1)))
PY
  done
  touch "$EDIT_SRC/.chorus-tmp.generated"
}

edit_session() {
  local prod=$1 f=edit src=$RUN_DIR/$1-edit-a dst=$RUN_DIR/$1-edit-b count r t0 secs w0 w1 size
  log ""
  log "== $prod: edit scenarios (synced folder with $RUNS x 3 files of $EDIT_MB MB and $RUNS directories of $DIR_FILES files)"
  rm -rf "$src" "$dst"; cp -r "$EDIT_SRC" "$src"; mkdir -p "$dst"
  init_pair "$prod" "$f" "$src" "$dst"
  count=$($LIB count "$src")
  start "$prod" a; start "$prod" b
  t0=$(now)
  if ! wait_sync "$prod" "$f" "$src" "$dst" "$count"; then
    log "  initial sync of the edit folder: $SYNC_MSG"
    log "  $prod: edit scenarios skipped (the peers never got in sync)"
    for s in latency insert append rename dirrename; do want $s && result "$(edit_figure $s)" "$prod" "" ; done
    stop_side "$prod" a; stop_side "$prod" b; return 0
  fi
  log "  edit folder in sync after $(elapsed "$t0") s"; verify_sha "$src" "$dst"
  sleep 3
  local s vals
  for s in latency insert append rename dirrename; do
    want $s || continue
    vals=()
    local n=$RUNS; [ $s = latency ] && n=$LATENCY_RUNS
    for r in $(seq "$n"); do
      sleep 2   # let the watchers settle between edits
      w0=$(wire "$prod"); t0=$(now)
      case $s in
        latency) $LIB gen-file "$TMPD/new-$r.bin" 5000000 $((500 + r)); mv "$TMPD/new-$r.bin" "$src/new-$r.bin"; t0=$(now); count=$((count + 1)) ;;
        insert) $LIB edit insert4k "$src/insert/track-$r.flac" $((600 + r)) "$TMPD" ;;
        append) $LIB edit append4k "$src/append/track-$r.flac" $((700 + r)) "$TMPD" ;;
        rename) mkdir -p "$src/moved"; mv "$src/rename/track-$r.flac" "$src/moved/renamed track-$r.flac" ;;
        dirrename) mv "$src/dir-$r" "$src/dir-$r renamed" ;;
      esac
      if wait_sync "$prod" "$f" "$src" "$dst" "$count"; then
        secs=$(since "$t0" "$SYNC_AT"); sleep 1; w1=$(wire "$prod")
        case $s in
          latency) vals+=("$secs") ;;
          insert|append) vals+=("$(calc "round(($w1 - $w0) / ($EDIT_MB * 1e6 + 4096) * 100, 3)")") ;;
          rename|dirrename) vals+=("$((w1 - w0))") ;;
        esac
        log "  $s run $r: in sync after $secs s, wire $((w1 - w0)) bytes"
      else
        log "  $s run $r: $SYNC_MSG"; break
      fi
    done
    verify_sha "$src" "$dst" || true
    result "$(edit_figure $s)" "$prod" "$(edit_unit $s)" "${vals[@]}"
  done
  stop_side "$prod" a; stop_side "$prod" b
}
edit_figure() {
  case $1 in
    latency) echo "new 5 MB file written -> complete on the peer (s, watcher on)" ;;
    insert) echo "4 KiB inserted at the start of a synced $EDIT_MB MB file: wire bytes / file size (%)" ;;
    append) echo "4 KiB appended to a synced $EDIT_MB MB file: wire bytes / file size (%)" ;;
    rename) echo "move+rename of a synced $EDIT_MB MB file: wire bytes" ;;
    dirrename) echo "rename of a directory of $DIR_FILES files: wire bytes (all, not only chunks)" ;;
  esac
}
edit_unit() { case $1 in latency) echo s ;; insert|append) echo % ;; *) echo B ;; esac; }

# ---------------------------------------------------------------- main
log "# Sync benchmark, $STAMP"
log ""
log "- command: \`bench/sync-bench.sh --products \"$PRODUCTS\" --runs $RUNS --latency-runs $LATENCY_RUNS --music-mb $MUSIC_MB --small-files $SMALL_FILES --edit-mb $EDIT_MB --dir-files $DIR_FILES --timeout $SYNC_TIMEOUT --stall $STALL_TIMEOUT --st-watch-delay $ST_WATCH_DELAY ${SCENARIOS[*]}\` (CHORUS_REPO=$CHORUS_REPO, data $BENCH_DATA)"
log "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, load average at start $(load), shared with other jobs"
log "- chorus: $(cd "$CHORUS_REPO" && git log -1 --format='%h %s' 2> /dev/null || echo "?"); $(java -version 2>&1 | head -1)"
for p in $PRODUCTS; do [ "$p" = syncthing ] && log "- syncthing: $(syncthing --version)"; done
log "- wire bytes: kernel tcp_info (ss -ti) bytes_sent+bytes_received of the peer connection at its accepting end, i.e. TLS records both directions; CPU: utime+stime of both daemon processes (and children) from /proc/PID/stat; times from the receiver's start (initial sync) or from the edit on the sender"
log ""
for p in $PRODUCTS; do
  if [ "$p" = syncthing ]; then command -v syncthing > /dev/null || { log "syncthing not installed (apt-get install -y syncthing)"; exit 2; }; fi
  if [ "$p" = chorus ]; then
    log "preparing chorus in $CHORUS_REPO (bin/chorus builds if stale)"
    CHORUS_HOME=$RUN_DIR/chorus-probe "$CHORUS_REPO/bin/chorus" --version > /dev/null
  fi
done
gen_tools
if want music || want preseed; then gen_music; fi
if want small || want idle; then gen_small; fi
if want latency || want insert || want append || want rename || want dirrename; then gen_edit; fi

for p in $PRODUCTS; do
  if want music || want preseed; then
    initial_sync "$p" music "$MUSIC_SRC"
    want preseed && preseed "$p"
    stop_side "$p" a; stop_side "$p" b
    rm -rf "$RUN_DIR/$p-music-b" "$MUSIC_SRC/.stfolder" "$MUSIC_SRC/.stignore"
  fi
  if want small || want idle; then
    local_runs=$RUNS; want small || RUNS=1
    initial_sync "$p" small "$SMALL_SRC"
    RUNS=$local_runs
    stop_side "$p" a; stop_side "$p" b
    rm -rf "$RUN_DIR/$p-small-b" "$SMALL_SRC/.stfolder" "$SMALL_SRC/.stignore"
  fi
  if want latency || want insert || want append || want rename || want dirrename; then
    edit_session "$p"
    rm -rf "$RUN_DIR/$p-edit-a" "$RUN_DIR/$p-edit-b"
  fi
done

log ""
log "## Results (medians; load average at the end $(load))"
log ""
$LIB table "$TSV" | tee -a "$REPORT"
log ""
log "report: $REPORT"
