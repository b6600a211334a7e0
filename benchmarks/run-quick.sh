#!/usr/bin/env bash
# Runs every benchmark once, briefly, and writes JMH's JSON and a Markdown table of ratios to
# benchmarks/results/<date>.json and <date>.md. Takes about 10 minutes on 2 cores.
#
#   benchmarks/run-quick.sh              # quick profile: -f 1 -wi 2 -w 1s -i 3 -r 1s, 1M events
#   benchmarks/run-quick.sh --gc         # the same with -prof gc (allocation per operation)
#   benchmarks/run-quick.sh -- <regex>   # only the benchmarks matching <regex>
#
# Benchmarks that measure single shots (IngestionBenchmark, JdbcAppendBenchmark) ignore the time
# options; they run in a second pass of 3 warm-up and 4 measured shots, enough for C2.
# PostgreSQL runs when USAGE_TEST_POSTGRES_URL is set: eval "$(bash .ci/postgres.sh start)".
set -euo pipefail

cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
results=benchmarks/results
stamp=$(date -u +%Y-%m-%d)
shots='IngestionBenchmark|JdbcAppendBenchmark'
timed='ReportAggregationBenchmark|CreditCalculatorBenchmark|SmsSegmentsBenchmark|JdbcReportBenchmark'

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

if [ -n "${USAGE_TEST_POSTGRES_URL:-}" ]; then
  report_dbs=h2-file,postgres
  append_dbs=h2-mem,h2-file,postgres
else
  echo "USAGE_TEST_POSTGRES_URL is not set: the JDBC benchmarks run on H2 only" >&2
  report_dbs=h2-file
  append_dbs=h2-mem,h2-file
fi

if [ ! -f "$jar" ] || [ -n "$(find benchmarks/src usage-core/src usage-jdbc/src -newer "$jar" -name '*.java' 2>/dev/null | head -n 1)" ]; then
  echo "building $jar" >&2
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

mkdir -p "$results"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs one pass if the filter leaves it something to run.
pass() {
  local out=$1
  shift
  if java -jar "$jar" "$@" -l | grep -q '^dev\.usage'; then
    java -jar "$jar" "$@" ${prof[@]+"${prof[@]}"} -rf json -rff "$tmp/$out"
  fi
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2
start=$(date +%s)
pass timed.json ${filter[@]+"${filter[@]}"} -e "$shots" \
  -f 1 -wi 2 -w 1s -i 3 -r 1s -p events=1000000 -p database="$report_dbs"
if [ ${#filter[@]} -eq 0 ]; then
  pass shots.json "$shots" -f 1 -wi 3 -i 4 -p database="$append_dbs"
else
  pass shots.json "${filter[@]}" -e "$timed" -f 1 -wi 3 -i 4 -p database="$append_dbs"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); $(( ($(date +%s) - start) / 60 )) min" >&2

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
