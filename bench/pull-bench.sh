#!/usr/bin/env bash
# The sync engine's pull phase alone: two chorus daemons on loopback, the sender holding TREE; per run the
# receiver starts with a wiped index and folder, and the script prints how long its engine took to apply
# everything (the receiver's own "applied N of M path(s) in T ms" log lines, summed), i.e. without JVM
# start, pairing, index exchange and status polling, which bench/sync-bench.sh includes; and the CPU seconds
# (utime+stime) both daemons spent from the receiver's start until it had everything (JVM start included).
#
#   bench/pull-bench.sh TREE [RUNS=3] [BASE_PORT=25100]
#
# Only 127.0.0.1; both daemons are stopped on exit. Extra JVM options for the receiver: CHORUS_JAVA_OPTS
# (e.g. -Dchorus.syncfs=false, or -XX:StartFlightRecording=... for a profile); for the sender: SENDER_JAVA_OPTS.
# THREADS=1 also prints, per run, the CPU seconds of each daemon's threads by name (JIT, GC, event loops...).
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8
SELF=$(cd "$(dirname "$0")/.." && pwd)
C=${CHORUS_REPO:-$SELF}/bin/chorus # CHORUS_REPO=DIR measures another checkout
TREE=$(cd "$1" && pwd)
RUNS=${2:-3}
P=${3:-25100}
WORK=$(mktemp -d "${PULL_BENCH_DATA:-/tmp}/chorus-pull-bench.XXXXXX") # PULL_BENCH_DATA: where the copies go
RECV=$WORK/recv
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cpu() { awk '{print $14 + $15}' "/proc/$1/stat" 2> /dev/null || echo 0; } # utime+stime in clock ticks
TICKS=$(getconf CLK_TCK)
ch() { CHORUS_JAVA_OPTS= CHORUS_HOME="$WORK/$1" "$C" "${@:2}"; }

mkdir -p "$RECV"
ch a init --name a --listen "tcp://127.0.0.1:$P" --api "127.0.0.1:$((P + 1))" > /dev/null
ch b init --name b --listen "tcp://127.0.0.1:$((P + 2))" --api "127.0.0.1:$((P + 3))" > /dev/null
IA=$(ch a id); IB=$(ch b id) # ch: the receiver's CHORUS_JAVA_OPTS (a JFR banner) must not reach these
ch a folder add music "$TREE" > /dev/null
ch b folder add music "$RECV" > /dev/null
ch a device add "$IB" --name b --address "tcp://127.0.0.1:$((P + 2))" > /dev/null
ch b device add "$IA" --name a --address "tcp://127.0.0.1:$P" > /dev/null
ch a folder share music "$IB" > /dev/null
ch b folder share music "$IA" > /dev/null
count=$(find "$TREE" -type f -not -name '.chorus*' | wc -l)
CHORUS_JAVA_OPTS=${SENDER_JAVA_OPTS:-} CHORUS_HOME="$WORK/a" "$C" run > "$WORK/a.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 600); do grep -q "scanned everything" "$WORK/a.log" && break; sleep 0.5; done
echo "tree $TREE: $count files, $(du -sb --exclude='.chorus*' "$TREE" | cut -f1) bytes; sender: $(grep -m1 'scanned everything' "$WORK/a.log" | sed 's/.*: scanned/scanned/')"
for r in $(seq "$RUNS"); do
  # The previous copy is moved aside, not deleted: ext4 without a journal (as here) skips inodes freed in the
  # last 5-35 s when it allocates, scanning past each one, so files created right after deleting 10,000
  # cost the kernel several times more. Deleted at exit.
  rm -rf "$WORK/b/index" "$WORK/b/folders"; mv "$RECV" "$WORK/trash-$r"; mkdir "$RECV"; : > "$RECV/.chorus-folder"
  ca0=$(cpu "${PIDS[0]}")
  CHORUS_HOME="$WORK/b" "$C" run > "$WORK/b.log" 2>&1 &
  pb=$!
  for _ in $(seq 1200); do
    n=$(find "$RECV" -type f -not -name '.chorus*' | wc -l)
    [ "$n" -ge "$count" ] && ! find "$RECV" -name '.chorus-tmp.*' | grep -q . && break
    sleep 0.25
  done
  sleep 1 # the last group's log line
  cb=$(cpu "$pb"); ca=$(( $(cpu "${PIDS[0]}") - ca0 ))
  if [ -n "${THREADS:-}" ]; then # THREADS=1: where the CPU went, per thread (name: CPU-s), both daemons
    for who in "receiver $pb" "sender ${PIDS[0]}"; do
      set -- $who
      echo "  $1 threads: $(for t in /proc/$2/task/*; do echo "$(awk '{print $14 + $15}' "$t/stat") $(cat "$t/comm")"; done \
        | awk -v tk="$TICKS" '{n = $2; for (i = 3; i <= NF; i++) n = n " " $i; sub(/[-#]?[0-9]+$/, "", n); s[n] += $1}
            END {for (k in s) if (s[k] >= tk / 10) printf "%s: %.1f\n", k, s[k] / tk}' | sort -t: -k2 -rn | head -12 | paste -sd ';')"
    done
  fi
  kill "$pb"; wait "$pb" 2> /dev/null || true
  [ -n "${KEEP_LOG:-}" ] && cp "$WORK/b.log" "$KEEP_LOG.$r"
  ms=$(grep -o 'path(s) in [0-9]* ms' "$WORK/b.log" | awk '{s += $3} END {print s + 0}')
  paths=$(grep -o 'applied [0-9]* of' "$WORK/b.log" | awk '{s += $2} END {print s + 0}')
  echo "run $r: $paths paths applied in $ms ms ($(python3 -c "print(round($paths / max($ms, 1) * 1000))") paths/s, $(python3 -c "print(round($(du -sb --exclude='.chorus*' "$RECV" | cut -f1) / 1e6 / max($ms, 1) * 1000))") MB/s); CPU-s from the receiver's start: receiver $(python3 -c "print(round($cb / $TICKS, 1))"), sender $(python3 -c "print(round($ca / $TICKS, 1))"); load $(cut -d' ' -f1-3 /proc/loadavg)"
done
