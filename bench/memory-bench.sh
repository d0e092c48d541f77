#!/usr/bin/env bash
# Whole-process memory of the daemon, chorus beside Syncthing 1.19.2, on this machine over loopback.
#
#   bench/memory-bench.sh [options] [SCENARIO...]
#
# Scenarios (default: both):
#   music   one daemon, one folder: the generated music tree (GenMusicTree). Start + first scan (s, MB/s),
#           then idle RSS with the tree indexed.
#   small   N small files of 1-8 KB (GenSmallFiles), in one pass per run:
#             1. sender a starts and scans the tree: start + first scan (s), peak RSS (VmHWM) of that;
#             2. idle RSS of a, the tree indexed (no peer running yet);
#             3. receiver b starts empty: first sync (s, files/s), peak RSS of either daemon during it
#                (a's VmHWM restarted first);
#             4. idle RSS of both in sync (the larger);
#             5. CHANGES files rewritten on a, synced to b: idle RSS again (the larger), growth against 4;
#             6. RESCANS forced no-change rescans of a (chorus: POST /rest/folder/rescan; Syncthing: POST
#                /rest/db/scan, both answer when the scan is done): median seconds per rescan, a's idle RSS
#                after them, growth against a's in 5.
#
# Idle RSS: after SETTLE seconds of quiet, the median of 5 VmRSS readings 2 s apart (process and children,
# /proc/PID/status). Peaks: VmHWM. Each figure is the median over RUNS runs.
#
# Options (environment variables in brackets):
#   --products "chorus syncthing"  [PRODUCTS]
#   --runs N            [RUNS=1]            runs per figure (median reported)
#   --music-mb MB       [MUSIC_MB=3000]     size of the music tree
#   --small-files N     [SMALL_FILES=100000]
#   --changes N         [CHANGES=1000]      files rewritten in step 5
#   --rescans N         [RESCANS=100]       forced rescans in step 6
#   --settle S          [SETTLE=60]         quiet time before an idle reading
#   --timeout S         [SYNC_TIMEOUT=1800] longest wait for a scan or a sync
#   --data DIR          [BENCH_DATA=/work/bench-data/memory]
#   --chorus-repo DIR   [CHORUS_REPO=this checkout] whose bin/chorus is measured
#   --label TEXT        [LABEL=chorus]      the chorus column's name in the results (e.g. "chorus before")
#   --base-port P       [BASE_PORT=24300]   ports P..P+23 on 127.0.0.1
#
# Extra JVM options for chorus: CHORUS_JAVA_OPTS, as for bin/chorus. Results: stdout and
# bench/results/memory-<UTC time>.md. Every daemon listens on and dials 127.0.0.1 only (Syncthing's
# discovery, relays, NAT, reporting and upgrades off). All daemons are killed on exit.
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8
SELF=$(cd "$(dirname "$0")/.." && pwd)
LIB="python3 $SELF/bench/sync_bench_lib.py"

PRODUCTS=${PRODUCTS:-"chorus syncthing"}
RUNS=${RUNS:-1}
MUSIC_MB=${MUSIC_MB:-3000}
SMALL_FILES=${SMALL_FILES:-100000}
CHANGES=${CHANGES:-1000}
RESCANS=${RESCANS:-100}
SETTLE=${SETTLE:-60}
SYNC_TIMEOUT=${SYNC_TIMEOUT:-1800}
BENCH_DATA=${BENCH_DATA:-/work/bench-data/memory}
CHORUS_REPO=${CHORUS_REPO:-$SELF}
LABEL=${LABEL:-chorus}
BASE_PORT=${BASE_PORT:-24300}
SCENARIOS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --products) PRODUCTS=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --music-mb) MUSIC_MB=$2; shift ;;
    --small-files) SMALL_FILES=$2; shift ;;
    --changes) CHANGES=$2; shift ;;
    --rescans) RESCANS=$2; shift ;;
    --settle) SETTLE=$2; shift ;;
    --timeout) SYNC_TIMEOUT=$2; shift ;;
    --data) BENCH_DATA=$2; shift ;;
    --chorus-repo) CHORUS_REPO=$2; shift ;;
    --label) LABEL=$2; shift ;;
    --base-port) BASE_PORT=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    music|small) SCENARIOS+=("$1") ;;
    *) echo "unknown option or scenario: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(music small)
CHORUS_REPO=$(cd "$CHORUS_REPO" && pwd)
want() { local s; for s in "${SCENARIOS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$SELF/bench/results" "$BENCH_DATA"
REPORT=$SELF/bench/results/memory-$STAMP.md
TSV=$BENCH_DATA/results-$STAMP.tsv
: > "$TSV"
RUN_DIR=$BENCH_DATA/run-$STAMP
TMPD=$RUN_DIR/tmp
mkdir -p "$RUN_DIR" "$TMPD"

log() { printf '%s\n' "$*" | tee -a "$REPORT" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c "print('%.2f' % ($(now) - $1))"; }
calc() { python3 -c "print($1)"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
mib() { echo $(( $1 / 1024 )); }
over() { python3 -c "import sys; sys.exit(0 if $(now) - $1 > $2 else 1)"; }

# Figures: FIG[product|figure] collects one value per run; the table takes medians.
declare -A FIG=()
FIGS=()
record() { # FIGURE PRODUCT VALUE
  local key="$2|$1"
  [[ " ${FIGS[*]:-} " == *" $1 "* ]] || FIGS+=("$1")
  FIG[$key]="${FIG[$key]:-} $3"
  log "  $2: $1 = $3 (load $(load))"
}

declare -A PID=()
cleanup() {
  local k
  for k in "${!PID[@]}"; do kill "${PID[$k]}" 2> /dev/null || true; done
  for k in "${!PID[@]}"; do wait "${PID[$k]}" 2> /dev/null || true; done
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
stop() { # NAME
  local p=${PID[$1]:-} i
  [ -n "$p" ] || return 0
  kill "$p" 2> /dev/null || true
  for i in $(seq 100); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
  kill -9 "$p" 2> /dev/null || true
  wait "$p" 2> /dev/null || true
  unset "PID[$1]"
}

P_A=$BASE_PORT; P_A_API=$((BASE_PORT + 1)); P_B=$((BASE_PORT + 10)); P_B_API=$((BASE_PORT + 11))
P_SA=$((BASE_PORT + 20)); P_SA_GUI=$((BASE_PORT + 21)); P_SB=$((BASE_PORT + 22)); P_SB_GUI=$((BASE_PORT + 23))
APIKEY=memory-bench-api-key-0123456789abcdef
for p in $P_A $P_A_API $P_B $P_B_API $P_SA $P_SA_GUI $P_SB $P_SB_GUI; do
  if ss -ltnH "( sport = :$p )" | grep -q .; then echo "port $p on 127.0.0.1 is in use: pick --base-port" >&2; exit 2; fi
done

# ---- chorus (homes a and b; b is paired only when wanted)
ch() { local home=$1; shift; env CHORUS_HOME="$home" "$CHORUS_REPO/bin/chorus" "$@"; }
chorus_pair() { # FOLDER DIR_A DIR_B
  local ha=$RUN_DIR/chorus-a hb=$RUN_DIR/chorus-b ia ib
  rm -rf "$ha" "$hb"
  ch "$ha" init --name a --listen "tcp://127.0.0.1:$P_A" --api "127.0.0.1:$P_A_API" > /dev/null
  ch "$hb" init --name b --listen "tcp://127.0.0.1:$P_B" --api "127.0.0.1:$P_B_API" > /dev/null
  ia=$(ch "$ha" id); ib=$(ch "$hb" id)
  ch "$ha" device add "$ib" --name b --address "tcp://127.0.0.1:$P_B" > /dev/null
  ch "$hb" device add "$ia" --name a --address "tcp://127.0.0.1:$P_A" > /dev/null
  ch "$ha" folder add "$1" "$2" > /dev/null
  ch "$hb" folder add "$1" "$3" > /dev/null
  ch "$ha" folder share "$1" "$ib" > /dev/null
  ch "$hb" folder share "$1" "$ia" > /dev/null
  CH_KEY_A=$($LIB json "$ha/config.json" "j['apiKey']"); CH_KEY_B=$($LIB json "$hb/config.json" "j['apiKey']")
}
chorus_api() { # SIDE METHOD PATH
  local port=$P_A_API key=$CH_KEY_A
  [ "$1" = b ] && { port=$P_B_API; key=$CH_KEY_B; }
  curl -sf -m "${4:-10}" -X "$2" -H "X-API-Key: $key" "http://127.0.0.1:$port$3"
}
# ---- syncthing
st_pair() { # FOLDER DIR_A DIR_B
  local ha=$RUN_DIR/st-a hb=$RUN_DIR/st-b d
  rm -rf "$ha" "$hb"
  ST_ID_A=$(STNODEFAULTFOLDER=1 syncthing generate --home="$ha" --skip-port-probing 2>&1 | sed -n 's/.*Device ID: *//p')
  ST_ID_B=$(STNODEFAULTFOLDER=1 syncthing generate --home="$hb" --skip-port-probing 2>&1 | sed -n 's/.*Device ID: *//p')
  $LIB st-config "$ha/config.xml" "$ST_ID_A" a "$P_SA" "$P_SA_GUI" "$APIKEY" "$ST_ID_B" b "$P_SB" "$1" "$2" 10
  $LIB st-config "$hb/config.xml" "$ST_ID_B" b "$P_SB" "$P_SB_GUI" "$APIKEY" "$ST_ID_A" a "$P_SA" "$1" "$3" 10
  for d in "$2" "$3"; do mkdir -p "$d/.stfolder"; printf '.chorus-tmp.*\n' > "$d/.stignore"; done
}
st_api() { # SIDE METHOD PATH [TIMEOUT]
  local port=$P_SA_GUI; [ "$1" = b ] && port=$P_SB_GUI
  curl -sf -m "${4:-10}" -X "$2" -H "X-API-Key: $APIKEY" "http://127.0.0.1:$port$3"
}
# ---- product-neutral
pair() { if [ "$1" = chorus ]; then chorus_pair "${@:2}"; else st_pair "${@:2}"; fi; }
start() { # PROD SIDE
  if [ "$1" = chorus ]; then
    CHORUS_HOME="$RUN_DIR/chorus-$2" "$CHORUS_REPO/bin/chorus" run >> "$RUN_DIR/chorus-$2.log" 2>&1 &
  else
    local h=$RUN_DIR/st-$2
    STNODEFAULTFOLDER=1 STNOUPGRADE=1 STNORESTART=1 syncthing serve --no-browser --no-restart --no-upgrade \
      --home="$h" --logfile="$h.log" --log-max-old-files=0 > "$h.out" 2>&1 &
  fi
  PID[$1-$2]=$!
}
# state PROD SIDE FOLDER: "state files needFiles" as the daemon reports them, or nothing
state() {
  local out=$TMPD/state.json
  if [ "$1" = chorus ]; then
    chorus_api "$2" GET /rest/status > "$out" 2> /dev/null || return 0
    $LIB json "$out" "' '.join(str(x) for x in ([(f['state'], f['files'], f['needFiles']) for f in j['folders'] if f['id'] == '$3'] or [('none', 0, 0)])[0])" 2> /dev/null || true
  else
    st_api "$2" GET "/rest/db/status?folder=$3" > "$out" 2> /dev/null || return 0
    $LIB json "$out" "'%s %s %s' % (j['state'], j['localFiles'], j['needFiles'])" 2> /dev/null || true
  fi
}
rescan() { # PROD SIDE FOLDER: returns when the scan is done
  if [ "$1" = chorus ]; then chorus_api "$2" POST "/rest/folder/rescan?folder=$3" 600 > /dev/null
  else st_api "$2" POST "/rest/db/scan?folder=$3" 600 > /dev/null; fi
}
wait_idle() { # PROD SIDE FOLDER COUNT: until idle with COUNT files or more and nothing needed
  local t0 st
  t0=$(now)
  while :; do
    st=$(state "$1" "$2" "$3")
    set -- "$1" "$2" "$3" "$4" $st
    if [ "${5:-}" = idle ] && [ "${6:-0}" -ge "$4" ] && [ "${7:-1}" = 0 ]; then return 0; fi
    if over "$t0" "$SYNC_TIMEOUT"; then log "  $1 $2: not idle after $SYNC_TIMEOUT s (${st:-no answer})"; return 1; fi
    sleep 0.3
  done
}
wait_sync() { # PROD FOLDER SRC DST COUNT: b idle, nothing needed, and the trees' file lists equal
  $LIB tree "$3" > "$TMPD/src.tree"
  while :; do
    wait_idle "$1" b "$2" "$5" || return 1
    if [ "$1" = syncthing ]; then
      local c; c=$(st_api a GET "/rest/db/completion?folder=$2&device=$ST_ID_B" 2> /dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['completion'])" 2> /dev/null || echo 0)
      [ "${c%.*}" = 100 ] || { sleep 0.5; continue; }
    fi
    $LIB tree "$4" > "$TMPD/dst.tree"
    cmp -s "$TMPD/src.tree" "$TMPD/dst.tree" && return 0
    sleep 0.5
  done
}
wait_api() { # PROD SIDE: until the daemon answers
  local i
  for i in $(seq 600); do
    if [ "$1" = chorus ]; then chorus_api "$2" GET /rest/status > /dev/null 2>&1 && return 0
    else st_api "$2" GET /rest/system/ping > /dev/null 2>&1 && return 0; fi
    sleep 0.1
  done
  log "  $1 $2 did not answer its API within 60 s"; return 1
}
idle_rss() { # PROD SIDE...: settle, then the median of 5 readings (KiB) of the largest of the sides
  local prod=$1 s i vals=() v m; shift
  sleep "$SETTLE"
  for i in 1 2 3 4 5; do
    m=0
    for s in "$@"; do v=$($LIB rss "${PID[$prod-$s]}"); [ "$v" -gt "$m" ] && m=$v; done
    vals+=("$m"); sleep 2
  done
  printf '%s\n' "${vals[@]}" | $LIB median
}

# ---------------------------------------------------------------- data
GEN_CP=$BENCH_DATA/gen-classes
gen_tools() {
  [ -f "$GEN_CP/chorus/bench/GenMusicTree.class" ] && return 0
  [ -d "$SELF/fs-index/target/test-classes/chorus" ] || (cd "$SELF" && mvn -B -q -DskipTests package)
  mkdir -p "$GEN_CP"
  javac -d "$GEN_CP" -cp "$SELF/fs-index/target/classes:$SELF/fs-index/target/test-classes:$SELF/core/target/classes" \
    "$SELF/bench/src/main/java/chorus/bench/GenMusicTree.java" "$SELF/bench/src/main/java/chorus/bench/GenSmallFiles.java"
}
gen() { java -cp "$GEN_CP:$SELF/fs-index/target/classes:$SELF/fs-index/target/test-classes:$SELF/core/target/classes" "$@" >&2; }
MUSIC_SRC=$BENCH_DATA/gen/music-$MUSIC_MB
SMALL_SRC=$BENCH_DATA/gen/small-$SMALL_FILES

# ---------------------------------------------------------------- scenarios
music() { # PROD
  local prod=$1 col=$1 count bytes t0 secs
  [ "$prod" = chorus ] && col=$LABEL
  count=$($LIB count "$MUSIC_SRC"); bytes=$(du -sb --exclude='.chorus*' --exclude='.st*' "$MUSIC_SRC" | cut -f1)
  log ""; log "== $col: music tree ($count files, $bytes bytes)"
  mkdir -p "$RUN_DIR/unused-b"
  pair "$prod" music "$MUSIC_SRC" "$RUN_DIR/unused-b"
  find "$MUSIC_SRC" -type f -exec cat {} + > /dev/null
  t0=$(now); start "$prod" a; wait_api "$prod" a
  wait_idle "$prod" a music "$count" || { stop "$prod-a"; return 0; }
  secs=$(elapsed "$t0")
  record "music tree: start + first scan (s)" "$col" "$secs"
  record "music tree: first scan rate (MB/s)" "$col" "$(calc "round($bytes / $secs / 1e6)")"
  record "idle, music tree indexed (MiB)" "$col" "$(mib "$(idle_rss "$prod" a)")"
  stop "$prod-a"
  rm -rf "$MUSIC_SRC/.stfolder" "$MUSIC_SRC/.stignore"
}

small() { # PROD
  local prod=$1 col=$1 count dst=$RUN_DIR/$1-small-b t0 secs i before after times=()
  [ "$prod" = chorus ] && col=$LABEL
  count=$($LIB count "$SMALL_SRC")
  log ""; log "== $col: $count small files"
  rm -rf "$dst"; mkdir -p "$dst"
  pair "$prod" small "$SMALL_SRC" "$dst"
  [ "$prod" = chorus ] && : > "$dst/.chorus-folder"
  find "$SMALL_SRC" -type f -exec cat {} + > /dev/null
  # 1, 2: first scan, then idle with the tree indexed
  t0=$(now); start "$prod" a; wait_api "$prod" a
  wait_idle "$prod" a small "$count" || { stop "$prod-a"; return 0; }
  record "start + first scan of $count files (s)" "$col" "$(elapsed "$t0")"
  record "first scan of $count files: peak (MiB)" "$col" "$(mib "$($LIB hwm "${PID[$prod-a]}")")"
  record "idle, $count files indexed (MiB)" "$col" "$(mib "$(idle_rss "$prod" a)")"
  # 3, 4: first sync to an empty peer, then both idle in sync
  $LIB reset-hwm "${PID[$prod-a]}"
  t0=$(now); start "$prod" b
  if ! wait_sync "$prod" small "$SMALL_SRC" "$dst" "$count"; then stop "$prod-a"; stop "$prod-b"; return 0; fi
  secs=$(elapsed "$t0")
  record "first sync of $count files, from b's start (s)" "$col" "$secs"
  record "first sync of $count files (files/s)" "$col" "$(calc "round($count / $secs)")"
  local ha hb
  ha=$($LIB hwm "${PID[$prod-a]}"); hb=$($LIB hwm "${PID[$prod-b]}")
  record "first sync of $count files: peak of either daemon (MiB)" "$col" "$(mib $(( ha > hb ? ha : hb )))"
  log "  $col: first sync peaks: sender a $(mib "$ha") MiB, receiver b $(mib "$hb") MiB"
  before=$(idle_rss "$prod" a b)
  record "idle, $count files indexed and in sync (MiB, larger daemon)" "$col" "$(mib "$before")"
  # 5: small changes synced
  log "  $CHANGES changes: files rewritten on a"
  $LIB mutate "$SMALL_SRC" "$CHANGES" "$RANDOM" "$TMPD"
  if ! wait_sync "$prod" small "$SMALL_SRC" "$dst" "$count"; then stop "$prod-a"; stop "$prod-b"; return 0; fi
  after=$(idle_rss "$prod" a b)
  record "idle after $CHANGES changes synced (MiB, larger daemon)" "$col" "$(mib "$after")"
  record "growth after $CHANGES changes synced (%)" "$col" "$(calc "round(($after - $before) * 100 / $before, 1)")"
  # 6: forced no-change rescans of a
  before=$(idle_rss "$prod" a)
  for i in $(seq "$RESCANS"); do
    t0=$(now); rescan "$prod" a small; times+=("$(elapsed "$t0")")
  done
  record "no-change rescan of $count files (s, median of $RESCANS)" "$col" "$(printf '%s\n' "${times[@]}" | $LIB median)"
  after=$(idle_rss "$prod" a)
  record "idle after $RESCANS forced rescans (MiB, a)" "$col" "$(mib "$after")"
  record "growth after $RESCANS forced rescans (%)" "$col" "$(calc "round(($after - $before) * 100 / $before, 1)")"
  stop "$prod-a"; stop "$prod-b"
  rm -rf "$dst" "$SMALL_SRC/.stfolder" "$SMALL_SRC/.stignore" "$SMALL_SRC/.chorus-folder"
}

# ---------------------------------------------------------------- main
log "# Memory benchmark, $STAMP"
log ""
log "- command: \`bench/memory-bench.sh --products \"$PRODUCTS\" --runs $RUNS --music-mb $MUSIC_MB --small-files $SMALL_FILES --changes $CHANGES --rescans $RESCANS --settle $SETTLE --label \"$LABEL\" ${SCENARIOS[*]}\` (CHORUS_REPO=$CHORUS_REPO, CHORUS_JAVA_OPTS=${CHORUS_JAVA_OPTS:-}, data $BENCH_DATA)"
log "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, load average at start $(load), shared with other jobs"
log "- chorus: $(cd "$CHORUS_REPO" && git log -1 --format='%h %s' 2> /dev/null || echo "not a git checkout"); $(java -version 2>&1 | head -1)"
for p in $PRODUCTS; do
  if [ "$p" = syncthing ]; then
    command -v syncthing > /dev/null || { log "syncthing not installed (apt-get install -y syncthing)"; exit 2; }
    log "- syncthing: $(syncthing --version)"
  fi
done
log "- RSS: VmRSS / VmHWM of the daemon process and its children (/proc/PID/status); idle = median of 5 readings after $SETTLE s quiet"
[[ " $PRODUCTS " == *" chorus "* ]] && CHORUS_HOME=$RUN_DIR/probe "$CHORUS_REPO/bin/chorus" --version > /dev/null
gen_tools
if want music; then gen chorus.bench.GenMusicTree "$MUSIC_SRC" "$MUSIC_MB" 1; fi
if want small; then gen chorus.bench.GenSmallFiles "$SMALL_SRC" "$SMALL_FILES" 1; fi

for r in $(seq "$RUNS"); do
  log ""; log "## run $r of $RUNS"
  for p in $PRODUCTS; do
    want music && music "$p"
    if want small; then
      small "$p"
      # step 5 rewrote files: the next product and run get the generated tree back
      rm -rf "$SMALL_SRC"; gen chorus.bench.GenSmallFiles "$SMALL_SRC" "$SMALL_FILES" 1
    fi
  done
done

log ""
log "## Results (medians over $RUNS run(s); load average at the end $(load))"
log ""
cols=("$LABEL"); [[ " $PRODUCTS " == *" syncthing "* ]] && cols+=(syncthing)
[[ " $PRODUCTS " == *" chorus "* ]] || cols=(syncthing)
{
  printf '| figure |'; for c in "${cols[@]}"; do printf ' %s |' "$c"; done
  [ ${#cols[@]} = 2 ] && printf ' ratio |'
  printf ' runs |\n|---|'; for c in "${cols[@]}"; do printf -- '---|'; done; [ ${#cols[@]} = 2 ] && printf -- '---|'; printf -- '---|\n'
  for f in "${FIGS[@]}"; do
    printf '| %s |' "$f"; meds=(); runs=""
    for c in "${cols[@]}"; do
      v=${FIG[$c|$f]:-}
      if [ -n "$v" ]; then m=$(printf '%s\n' $v | $LIB median); else m=n/a; fi
      meds+=("$m"); printf ' %s |' "$m"; runs="$runs${runs:+; }${v# }"
    done
    if [ ${#cols[@]} = 2 ]; then printf ' %s |' "$(python3 -c "a,b='${meds[0]}','${meds[1]}'
try: print('%.2f' % (float(a)/float(b)))
except Exception: print('-')")"; fi
    printf ' %s |\n' "$runs"
  done
} | tee -a "$REPORT"
log ""
log "report: $REPORT"
