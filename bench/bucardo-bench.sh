#!/usr/bin/env bash
# Bucardo beside chorus (issue #10): runs the real-Bucardo end-to-end tests RUNS times and prints the median
# of each figure they log on their "BENCH name ms" lines:
#   apply-to-first-row-ms                      chorus bucardo apply (Applier) on 3 fresh stock hosts until the
#                                              first row inserted on a is on b and c (BucardoEndToEndTest)
#   host-return-to-restored-ms                 a PostgreSQL host back (pg_ctl start returned) until the rows
#                                              inserted while it was down are on every host, the watchdog
#                                              ticking every 200 ms (BucardoEndToEndTest)
#   daemon-watchdog-host-return-to-restored-ms the same with the daemon's watchdog (300 ms ticks) (BucardoClusterTest)
#   song-row-and-file-on-b-and-c-ms            a song row inserted on a (its file written first) until the
#                                              row and the file are on b and c (BucardoClusterTest)
#   song-row-and-file-present-on-b-and-c-ms    the same until b's and c's catalog bridges record the file
#                                              present, linked to the row (BucardoClusterTest)
#
#   bench/bucardo-bench.sh [RUNS=5]
#
# Everything on 127.0.0.1: throwaway clusters and Bucardo under /tmp, removed by the tests themselves.
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
RUNS=${1:-5}
LOG=$(mktemp /tmp/chorus-bucardo-bench.XXXXXX)
trap 'rm -f "$LOG"' EXIT
for ((i = 1; i <= RUNS; i++)); do
  mvn -B verify -pl cli -am -Dtest='BucardoEndToEndTest,BucardoClusterTest' -Dsurefire.failIfNoSpecifiedTests=false \
    > "$LOG.run" 2>&1 || { tail -50 "$LOG.run"; exit 1; }
  grep -h '^BENCH ' "$LOG.run" | tee -a "$LOG"
done
rm -f "$LOG.run"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in $(awk '{print $2}' "$LOG" | sort -u); do
  awk -v n="$name" '$2 == n {print $3}' "$LOG" | sort -n | awk -v n="$name" '
    {v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
      printf "%-44s median %6d ms  (min %d, max %d, %d runs)\n", n, m, v[1], v[NR], NR}'
done
