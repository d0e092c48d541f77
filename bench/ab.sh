#!/usr/bin/env bash
# Alternates bench/sync-bench.sh between two checkouts, one chorus run per invocation, so that an old and
# a new build meet the same machine state (this shared machine drifts within minutes).
#
#   bench/ab.sh OLD_CHECKOUT NEW_CHECKOUT SCENARIO ROUNDS PAUSE_SECONDS
#   e.g. git worktree add /work/old 3438fae && (cd /work/old && mvn -B -q install -DskipTests)
#        bench/ab.sh /work/old . music 2 20
#
# Each checkout must be built (its bin/chorus runs its own cli/target/lib). Prints each invocation's
# RESULT lines and per-run line; medians are read off by hand. For the 100k-file scenario pause 60 s:
# ext4 is slow to allocate inodes freed within the last minute, and each invocation deletes its copies.
set -euo pipefail
[ $# -eq 5 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
old=$1 new=$2 scenario=$3 rounds=$4 pause=$5
for i in $(seq 1 "$rounds"); do
  for dir in "$new" "$old"; do
    echo "=== $dir round $i $(date +%T)"
    (cd "$dir" && bench/sync-bench.sh --products chorus --runs 1 --timeout 600 --stall 120 "$scenario" 2>&1 |
      grep -E '^RESULT|run 1:') || echo "(invocation failed)"
    sleep "$pause"
  done
done
