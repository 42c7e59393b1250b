#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and CI (Debian's postgresql package, run as root).
#   scripts/ci/pg-cluster.sh start   → prints DATABASE_URL=postgresql://app:app@127.0.0.1:<port>/app
#                                       and PG_CLUSTER_DIR=<dir> (eval the output)
#   scripts/ci/pg-cluster.sh stop <dir>
# The cluster lives in a fresh folder under /tmp, listens on 127.0.0.1 only, on a free port, with
# trust authentication (it is reachable from this machine only, and deleted on stop).
set -euo pipefail
cmd=${1:-}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "pg-cluster: no PostgreSQL server found (apt-get install -y postgresql)" >&2
  exit 1
fi
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi; }
case "$cmd" in
  start)
    dir=$(mktemp -d /tmp/tcp-drill-pg-XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_pg "$PGBIN/initdb -D $dir/pg -U postgres --auth=trust -E UTF8 --no-locale" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync stays on: the crash tests rely on committed transactions surviving the app's SIGKILL
    # (the cluster itself is never killed, so this costs little).
    as_pg "$PGBIN/pg_ctl -D $dir/pg -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300' -l $dir/pg.log -w start" >/dev/null
    as_pg "psql -q -h 127.0.0.1 -p $port -U postgres -c \"create role app login password 'app' createdb\"" >/dev/null
    as_pg "psql -q -h 127.0.0.1 -p $port -U postgres -c 'create database app owner app'" >/dev/null
    echo "DATABASE_URL=postgresql://app:app@127.0.0.1:$port/app"
    echo "PG_CLUSTER_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: pg-cluster.sh stop <dir>}
    case "$dir" in /tmp/tcp-drill-pg-*) ;; *) echo "pg-cluster: refusing to stop $dir" >&2; exit 1;; esac
    as_pg "$PGBIN/pg_ctl -D $dir/pg -m fast -w stop" >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: pg-cluster.sh start | stop <dir>" >&2; exit 2;;
esac
