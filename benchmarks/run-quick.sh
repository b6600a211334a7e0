#!/usr/bin/env bash
# Runs every benchmark once, briefly, and writes JMH's JSON and a Markdown table of ratios to
# benchmarks/results/<date>.json and <date>.md. Finishes in under 10 minutes on 2 cores.
#
#   benchmarks/run-quick.sh            # quick profile: -f 1 -wi 2 -w 1s -i 3 -r 1s, 1M events
#   benchmarks/run-quick.sh --gc       # the same with -prof gc (allocation per operation)
#   benchmarks/run-quick.sh -- <regex> # only the benchmarks matching <regex>
#
# The ingestion benchmark measures single shots of a million events, which the time options do
# not bound: it runs in a second pass with 4 warm-up and 5 measured shots, enough for C2.
# PostgreSQL benchmarks run when USAGE_TEST_POSTGRES_URL is set (eval "$(bash .ci/postgres.sh start)").
set -euo pipefail

cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
results=benchmarks/results
stamp=$(date -u +%Y-%m-%d)

prof=()
if [ "${1:-}" = "--gc" ]; then
  prof=(-prof gc)
  stamp="$stamp-gc"
  shift
fi
filter=()
if [ "${1:-}" = "--" ]; then
  shift
  filter=("$@")
fi

if [ ! -f "$jar" ] || [ -n "$(find benchmarks/src usage-core/src usage-jdbc/src -newer "$jar" -name '*.java' 2>/dev/null | head -n 1)" ]; then
  echo "building $jar" >&2
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

mkdir -p "$results"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2
# the ingestion benchmark runs in its own pass; run each pass only if the filter leaves it work
if java -jar "$jar" ${filter[@]+"${filter[@]}"} -e IngestionBenchmark -l | grep -q '^dev\.usage'; then
  java -jar "$jar" ${filter[@]+"${filter[@]}"} -e IngestionBenchmark \
    -f 1 -wi 2 -w 1s -i 3 -r 1s -p events=1000000 ${prof[@]+"${prof[@]}"} \
    -rf json -rff "$tmp/quick.json"
fi
if java -jar "$jar" ${filter[@]+"${filter[@]}"} -l | grep -q 'IngestionBenchmark'; then
  java -jar "$jar" IngestionBenchmark -f 1 -wi 4 -i 5 ${prof[@]+"${prof[@]}"} \
    -rf json -rff "$tmp/ingestion.json"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$tmp"/*.json > "$results/$stamp.json" <<'PY'
import json, sys
merged = []
for path in sys.argv[1:]:
    with open(path) as f:
        merged.extend(json.load(f))
json.dump(merged, sys.stdout, indent=2)
PY
python3 benchmarks/ratios.py "$results/$stamp.json" > "$results/$stamp.md"
echo "wrote $results/$stamp.json and $results/$stamp.md" >&2
