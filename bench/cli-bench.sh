#!/usr/bin/env bash
# Start-up latency of short commands through the launcher (docs/BENCHMARKS.md, "CLI latency"): builds a
# device home with one folder and one device, then times the everyday commands with hyperfine and an
# empty-folder scan process with /usr/bin/time. Prints medians, the load average and the commands.
#
#   bench/cli-bench.sh            # RUNS (20) runs per command after 3 warm-ups
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_OUT:-/tmp/chorus-bench}
RUNS=${RUNS:-20}
HOME_DIR=$OUT/home-cli
PEER=MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD   # the Syncthing docs' example ID
command -v hyperfine > /dev/null || { echo "hyperfine is needed (apt-get install -y hyperfine)"; exit 2; }

rm -rf "$HOME_DIR" "$OUT/cli-empty"
mkdir -p "$OUT/cli-empty"
export CHORUS_HOME=$HOME_DIR
bin/chorus init --name bench > /dev/null          # also builds bin/chorus and its start-up archive if stale
bin/chorus folder add music "$OUT/cli-empty" > /dev/null
bin/chorus device add "$PEER" > /dev/null
bin/chorus id > /dev/null                         # the archive is trained on the first short command
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"

echo "== CHORUS_HOME=$HOME_DIR hyperfine -N --warmup 3 --runs $RUNS 'bin/chorus id' 'bin/chorus --version' 'bin/chorus folder list' 'bin/chorus device list --json'"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/cli.json" \
  'bin/chorus id' 'bin/chorus --version' 'bin/chorus folder list' 'bin/chorus device list --json' > /dev/null
python3 - "$OUT/cli.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("RESULT %-32s median %4.0f ms  min %4.0f ms  user+sys mean %4.0f ms" % (
        r["command"], r["median"] * 1000, r["min"] * 1000, (r["user"] + r["system"]) * 1000))
PY

echo "== empty scan process, $RUNS runs: CHORUS_HOME=$HOME_DIR bin/chorus scan music --json"
: > "$OUT/cli-scan.times"
for _ in $(seq "$RUNS"); do
  /usr/bin/time -f '%e %U %S' -a -o "$OUT/cli-scan.times" bin/chorus scan music --json > /dev/null
done
python3 - "$OUT/cli-scan.times" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
print("RESULT empty scan process: median %.2f s wall, %.2f CPU-s" % (
    statistics.median(r[0] for r in rows), statistics.median(r[1] + r[2] for r in rows)))
PY
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg)"
