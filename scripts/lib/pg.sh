# Shell helpers for a private PostgreSQL cluster in a folder of ours (demo, bench).
# Runs the server as an unprivileged user: when we are root, the `postgres` system
# user owns the cluster. Listens on a unix socket inside the folder and on
# 127.0.0.1:$PGPORT only. Source this file; call pg_up DIR PORT, pg_down DIR,
# pg_sql DIR PORT DB, pg_cloudsync_database DIR PORT.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_up DIR PORT: initializes DIR/data once, (re)starts the server; idempotent.
pg_up() {
  local dir=$1 port=$2
  mkdir -p "$dir/socket"
  [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$dir"
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
      --no-instructions >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" stop -m fast >/dev/null
  fi
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
    -o "-k $dir/socket -p $port -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
}

pg_down() {
  local dir=$1
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" stop -m fast >/dev/null 2>&1 || true
}

# pg_sql DIR PORT DB SQL...: runs SQL as the cluster superuser.
pg_sql() {
  local dir=$1 port=$2 db=$3; shift 3
  psql -X -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$port" -U postgres -d "$db" "$@"
}

# pg_cloudsync_database DIR PORT: the daemon's three roles (see the README's
# "Roles": cloudsync_owner owns the schema, cloudsync_writer writes the
# inventory, and cloudsync, the login, may act as either) and the database
# cloudsync, owned by cloudsync_owner. Idempotent.
pg_cloudsync_database() {
  local dir=$1 port=$2
  pg_sql "$dir" "$port" postgres <<'SQL'
SET client_min_messages = warning;
SELECT 'CREATE ROLE cloudsync_owner NOLOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cloudsync_owner') \gexec
SELECT 'CREATE ROLE cloudsync_writer NOLOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cloudsync_writer') \gexec
SELECT 'CREATE ROLE cloudsync LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cloudsync') \gexec
GRANT cloudsync_owner, cloudsync_writer TO cloudsync;
SELECT 'CREATE DATABASE cloudsync OWNER cloudsync_owner' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'cloudsync') \gexec
ALTER DATABASE cloudsync OWNER TO cloudsync_owner;
SQL
}
