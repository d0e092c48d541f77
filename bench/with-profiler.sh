#!/usr/bin/env bash
# Runs a command with async-profiler attached to every `chorus run` daemon it starts (and nothing else).
#
#   bench/with-profiler.sh LIBASYNCPROFILER.so OUT_DIR EVENT -- COMMAND...
#   e.g. bench/with-profiler.sh /work/tools/ap/linux-x64/libasyncProfiler.so /tmp/prof cpu -- \
#          bench/sync-bench.sh --products chorus --runs 1 small
#
# The library comes from Maven Central tools.profiler:async-profiler:3.0:linux-x64 (unzip the jar). Each
# daemon writes OUT_DIR/EVENT-PID.collapsed (collapsed stacks, thread names as the first frame; 5 ms
# interval). It works through a JAVA_HOME whose bin/java adds the agent only to `chorus.cli.Main run`:
# with the agent on every JVM (CHORUS_JAVA_OPTS), its "Profiling started" line on stdout reaches the
# output of short commands that scripts parse (a device ID, say).
set -euo pipefail
[ $# -ge 5 ] && [ "$4" = -- ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
lib=$1 out=$2 event=$3; shift 4
real=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
jdk=$(mktemp -d)
trap 'rm -rf "$jdk"' EXIT
mkdir -p "$jdk/bin" "$out"
for f in "$real"/*; do [ "$(basename "$f")" = bin ] || ln -s "$f" "$jdk/"; done
for f in "$real"/bin/*; do ln -s "$f" "$jdk/bin/"; done
rm "$jdk/bin/java"
cat > "$jdk/bin/java" <<WRAP
#!/usr/bin/env bash
case " \$* " in
  *" chorus.cli.Main run "*) exec "$real/bin/java" "-agentpath:$lib=start,event=$event,interval=5ms,threads,file=$out/$event-%p.collapsed,collapsed" "\$@" ;;
  *) exec "$real/bin/java" "\$@" ;;
esac
WRAP
chmod +x "$jdk/bin/java"
JAVA_HOME=$jdk "$@"
