#!/usr/bin/env bash
# Builds the published artifacts twice from this checkout and fails if any jar differs: with
# project.build.outputTimestamp set, two builds of one commit must be the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=usage-bom,usage-core,usage-tck,usage-jdbc,usage-micrometer,usage-kafka,usage-spring-boot-starter
build() {
  mvn -B -q -pl "$modules" -am clean package -DskipTests >/dev/null
  find usage-core/target usage-tck/target usage-jdbc/target usage-micrometer/target usage-kafka/target \
    usage-spring-boot-starter/target \
    -maxdepth 1 -name '*.jar' -print0 | sort -z | xargs -0 sha256sum
}

first=$(build)
sleep 2  # so that a timestamp taken from the clock would differ
second=$(build)
if [ "$first" != "$second" ]; then
  echo "two builds of the same commit differ:" >&2
  diff <(echo "$first") <(echo "$second") >&2 || true
  exit 1
fi
echo "reproducible: $(echo "$first" | wc -l) jars identical across two builds"
echo "$first"
