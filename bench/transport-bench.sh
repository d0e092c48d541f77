#!/usr/bin/env bash
# Transport figures, whole-process: two JVMs (a serving node and a fetching node) on 127.0.0.1 only.
#
#   bench/transport-bench.sh [--quick] [--rounds N] [--warmup W] [--gib G] [--providers "openssl jdk"]
#                            [--transport auto|epoll|nio]
#
# For each TLS provider it measures, medians over N rounds of G GiB after W warm-up rounds (JIT), both
# the throughput and the CPU seconds both processes spend per GB (a steadier figure on a shared machine):
#   1. chunk streaming: a node serving 256 KiB chunks read from real files (G GiB of random "tracks";
#      served from the page cache, checked by size+mtime like the index does) to a node fetching every
#      chunk through its fetch API (32 MiB in flight, SHA-256 verified on receipt)
#   2. the same without file reads: chunks served from memory (the protocol ceiling)
#   3. raw TLS: the same TLS contexts and sockets, no protocol, no hashing (the TLS ceiling)
#   4. connect + TLS handshake + Hello and ClusterConfig both ways, to a running node (median ms)
# Results go to stdout and bench/out/transport-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=5
WARMUP=3
GIB=1
PROVIDERS="openssl jdk"
TRANSPORT=auto
HANDSHAKES=100
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ROUNDS=3; WARMUP=1; GIB=1; HANDSHAKES=30 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --gib) GIB="$2"; shift ;;
    --providers) PROVIDERS="$2"; shift ;;
    --transport) TRANSPORT="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

OUT=bench/out
mkdir -p "$OUT"
REPORT="$OUT/transport-$(date -u +%Y%m%dT%H%M%SZ).txt"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/chorus-transport-bench.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

say() { echo "$@" | tee -a "$REPORT"; }
run() { echo "+ $*" | tee -a "$REPORT" >&2; "$@"; }

say "# chorus transport benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "# host: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
say "# java: $(java -version 2>&1 | head -1)"
say "# machine shared with other work: figures are medians, and noisy"

echo "building (offline, test classes of transport)..." >&2
run mvn -B -q -o -pl transport -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >&2
CP="transport/target/test-classes:transport/target/classes:core/target/classes:$(cat "$WORK/cp.txt")"
# A fixed, pre-touched heap: a daemon that has run a while has a settled heap, while a fresh JVM growing
# its heap at 1 GB/s of chunk arrays mostly measures the kernel zeroing new pages (measured: client CPU per
# GB doubled, alternating rounds). Default GC (G1) as `chorus run`; leak detection off as in production.
JAVA=(java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dio.netty.leakDetection.level=disabled -cp "$CP")
BENCH=chorus.transport.bench.TransportBench
RAW=chorus.transport.bench.RawTlsBench

run "${JAVA[@]}" $BENCH setup "$WORK/ids"
DATA="$WORK/data"
FILES=$((GIB * 40))
run "${JAVA[@]}" $BENCH gen "$DATA" --files "$FILES" --mb 25
# Read once so the page cache holds the files (both nodes then see "hot" files; disk speed is not measured).
cat "$DATA"/*/*/* > /dev/null

# start_server MAIN MODE ARGS...: runs a server process in the background, waits until it wrote its port.
start_server() {
  rm -f "$WORK/ids/port" "$WORK/ids/manifest" "$WORK/ids/server-cpu"
  echo "+ ${JAVA[*]} $*" | tee -a "$REPORT" >&2
  "${JAVA[@]}" "$@" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    [ -f "$WORK/ids/port" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  grep -h 'server ready' "$WORK/server.log" | sed 's/^/# /' | tee -a "$REPORT" >&2 || true
}
results() { tee -a "$REPORT" | grep -E '^RESULT|round' || true; }

for P in $PROVIDERS; do
  say ""
  say "## TLS provider: $P"
  start_server $BENCH serve "$WORK/ids" --source files --data "$DATA" --tls "$P" --transport "$TRANSPORT"
  run "${JAVA[@]}" $BENCH fetch "$WORK/ids" --rounds "$ROUNDS" --warmup "$WARMUP" --tls "$P" --transport "$TRANSPORT" --label files 2>&1 | results
  run "${JAVA[@]}" $BENCH handshake "$WORK/ids" --count "$HANDSHAKES" --tls "$P" --transport "$TRANSPORT" 2>&1 | results
  stop_server

  start_server $BENCH serve "$WORK/ids" --source memory --bytes $((GIB << 30)) --tls "$P" --transport "$TRANSPORT"
  run "${JAVA[@]}" $BENCH fetch "$WORK/ids" --rounds "$ROUNDS" --warmup "$WARMUP" --tls "$P" --transport "$TRANSPORT" --label memory 2>&1 | results
  stop_server

  start_server $RAW raw-serve "$WORK/ids" --tls "$P" --transport "$TRANSPORT"
  run "${JAVA[@]}" $RAW raw-fetch "$WORK/ids" --rounds "$ROUNDS" --warmup "$WARMUP" --bytes $((GIB << 30)) --tls "$P" --transport "$TRANSPORT" 2>&1 | results
  stop_server
done

say ""
say "# summary (median GB/s; handshake median ms)"
grep '^RESULT' "$REPORT" | sed 's/^RESULT //' | tee -a "$REPORT"
echo "report: $REPORT" >&2
