#!/usr/bin/env bash
# The catalog bridge at scale (issue 9): a throwaway PostgreSQL 15 on loopback, a catalog of N songs and an
# index of N files (default 200k), the bridge's first full link (median of RUNS fresh databases) and the
# time from a file's change-feed entry to its row being present (median of 200). Prints the figures.
#   bench/catalog-bench.sh [SONGS] [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
SONGS="${1:-200000}"
RUNS="${2:-3}"
mvn -B -o test -pl core,db-bridge -Dtest=CatalogLinkBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchorus.bench.songs="$SONGS" -Dchorus.bench.runs="$RUNS" 2>&1 | grep -E "catalog-bench|ERROR|FAIL" || true
