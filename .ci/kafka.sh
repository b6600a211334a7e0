#!/usr/bin/env bash
# Starts or stops a throwaway three-broker Apache Kafka cluster in KRaft mode on loopback.
#
#   eval "$(bash .ci/kafka.sh start)"   # resolves the broker jars from Maven Central, formats and
#                                       # starts three nodes, prints `export USAGE_TEST_KAFKA_...`
#   bash .ci/kafka.sh kill-node 2       # SIGKILLs node 2 (fault tests)
#   bash .ci/kafka.sh start-node 2      # starts node 2 again on its old ports and data
#   bash .ci/kafka.sh stop              # stops every node and removes the cluster's directory
#
# Each node is both broker and controller (process.roles=broker,controller) with static voters,
# so the cluster needs nothing but the kafka_2.13 jar and its dependencies: no ZooKeeper, no
# download outside Maven. Topics default to 6 partitions with 3 replicas and min.insync.replicas=2,
# so one node may die without losing an acknowledged record (producers use acks=all).
set -euo pipefail

state=${USAGE_KAFKA_STATE:-/tmp/usage-kafka}
here=$(cd "$(dirname "$0")" && pwd)
nodes=3

# shellcheck source=ports.sh
. "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

wait_port() {
  local port=$1 tries=${2:-120}
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    tries=$((tries - 1))
    if [ "$tries" -le 0 ]; then return 1; fi
    sleep 0.5
  done
}

classpath() {
  if [ ! -s "$state/classpath" ]; then
    echo "resolving kafka_2.13 and its dependencies with Maven" >&2
    mvn -B -q -f "$here/kafka/pom.xml" dependency:build-classpath -Dmdep.outputFile="$state/classpath" >&2
  fi
  cat "$state/classpath"
}

start_node() {
  local n=$1
  local port
  port=$(sed -n 's/^broker.port=//p' "$state/node$n/ports")
  java -Xms256m -Xmx512m -XX:+UseG1GC -Dlog4j2.level=WARN -cp "$(classpath)" kafka.Kafka \
    "$state/node$n/server.properties" >"$state/node$n/out.log" 2>&1 &
  echo $! >"$state/node$n/pid"
}

# A broker opens its listener only once the controllers have a quorum, so wait after starting all.
await_node() {
  local n=$1
  local port
  port=$(sed -n 's/^broker.port=//p' "$state/node$n/ports")
  if ! wait_port "$port"; then
    echo "kafka node $n did not open 127.0.0.1:$port; its log:" >&2
    tail -n 40 "$state/node$n/out.log" >&2
    return 1
  fi
}

kill_node() {
  local n=$1
  if [ -f "$state/node$n/pid" ]; then
    kill -9 "$(cat "$state/node$n/pid")" 2>/dev/null || true
    rm -f "$state/node$n/pid"
  fi
}

case "${1:-}" in
  start)
    rm -rf "$state"
    mkdir -p "$state"
    cp_line=$(classpath)
    voters=""
    for n in $(seq 1 $nodes); do
      mkdir -p "$state/node$n/data"
      printf 'broker.port=%s\ncontroller.port=%s\n' "$(free_port)" "$(free_port)" >"$state/node$n/ports"
      c=$(sed -n 's/^controller.port=//p' "$state/node$n/ports")
      voters="${voters:+$voters,}$n@127.0.0.1:$c"
    done
    cluster=$(java -cp "$cp_line" kafka.tools.StorageTool random-uuid 2>/dev/null)
    bootstrap=""
    for n in $(seq 1 $nodes); do
      b=$(sed -n 's/^broker.port=//p' "$state/node$n/ports")
      c=$(sed -n 's/^controller.port=//p' "$state/node$n/ports")
      bootstrap="${bootstrap:+$bootstrap,}127.0.0.1:$b"
      cat >"$state/node$n/server.properties" <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$b,CONTROLLER://127.0.0.1:$c
advertised.listeners=PLAINTEXT://127.0.0.1:$b
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$state/node$n/data
num.partitions=6
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
      java -cp "$cp_line" kafka.tools.StorageTool format -t "$cluster" \
        -c "$state/node$n/server.properties" >"$state/node$n/format.log" 2>&1
    done
    for n in $(seq 1 $nodes); do
      start_node "$n"
    done
    for n in $(seq 1 $nodes); do
      await_node "$n"
    done
    echo "$bootstrap" >"$state/bootstrap"
    echo "export USAGE_TEST_KAFKA_BOOTSTRAP=$bootstrap"
    echo "export USAGE_KAFKA_STATE=$state"
    ;;
  kill-node)
    kill_node "${2:?node number}"
    ;;
  start-node)
    start_node "${2:?node number}"
    await_node "$2"
    ;;
  stop)
    for n in $(seq 1 $nodes); do
      if [ -f "$state/node$n/pid" ]; then
        kill "$(cat "$state/node$n/pid")" 2>/dev/null || true
      fi
    done
    for n in $(seq 1 $nodes); do
      if [ -f "$state/node$n/pid" ]; then
        pid=$(cat "$state/node$n/pid")
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
      fi
    done
    rm -rf "$state"
    ;;
  *)
    echo "usage: $0 start|stop|kill-node N|start-node N" >&2
    exit 2
    ;;
esac
