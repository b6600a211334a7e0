#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster on loopback for the tests.
#
#   eval "$(bash .ci/postgres.sh start)"   # installs PostgreSQL if missing, starts a cluster and
#                                          # prints `export USAGE_TEST_POSTGRES_URL=...`
#   bash .ci/postgres.sh stop              # stops it and removes its directory
#
# The cluster lives in a temporary directory owned by an unprivileged user, listens on 127.0.0.1
# on a free port, trusts local connections and holds one database, usage_test. It runs with
# fsync=on, as production does: the crash test stops it with `pg_ctl restart -m immediate` and
# checks that every acknowledged event survived, which fsync=off would not promise.
set -euo pipefail

state=${USAGE_PG_STATE:-/tmp/usage-pg}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ]; then
    echo "installing PostgreSQL from Debian packages" >&2
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    else
      sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$owner" -- "$@"
  else
    "$@"
  fi
}

# shellcheck source=ports.sh
. "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

case "${1:-}" in
  start)
    bin=$(pg_bin)
    owner=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
      owner=postgres
      id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"
    fi
    rm -rf "$state"
    mkdir -p "$state"
    chown "$owner" "$state"
    port=$(free_port)
    as_owner "$bin/initdb" -D "$state/data" -U postgres --auth=trust -E UTF8 --locale=C >"$state/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$state/data" -l "$state/server.log" -w \
      -o "-p $port -k $state -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=50" start >&2
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres usage_test
    echo "$port" >"$state/port"
    echo "export USAGE_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$port/usage_test?user=postgres'"
    echo "export USAGE_TEST_POSTGRES_BIN='$bin'"
    echo "export USAGE_TEST_POSTGRES_DATA='$state/data'"
    ;;
  stop)
    if [ -d "$state/data" ]; then
      bin=$(pg_bin)
      owner=$(stat -c %U "$state")
      as_owner "$bin/pg_ctl" -D "$state/data" -m immediate stop >&2 || true
    fi
    rm -rf "$state"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
