#!/usr/bin/env bash
# Several daemons, one database: one full pass of many Azure accounts by N
# cloudsyncd instances sharing one PostgreSQL, for each N asked (default 1,
# then 3), against a cloudsim that delays every answer (default 100 ms).
# Prints one Markdown table (stdout), ready for the README's Performance
# section; progress and the daemons' logs go to stderr and the state folder.
#
#   bench/scale_out.sh [--instances 1,3] [--accounts 1000] [--kinds vms,storage,...]
#                      [--latency 100ms] [--concurrency 32] [--repeat 1]
#                      [--timeout 900] [--simultaneous] [--keep]
#   PG_PORT=54339 API_PORT=18080 bench/scale_out.sh
#
# Set-up, once per invocation: a throwaway PostgreSQL cluster (scripts/lib/pg.sh,
# the server as an unprivileged user, max_connections raised for 3 daemons),
# one cloudsim with --subscriptions ACCOUNTS (a small estate each: 10 VMs, the
# default few storage accounts, networks, container groups and alerts), and
# one account per subscription in the config (`subscriptions: [GUID]`), all
# signing in with cloudsim's one client secret. Every instance gets the same
# config but for api.listen (its own port); `cluster: { lease: 60s }` is added
# when the binary's config loader accepts it (checked with --check).
#
# Each measured pass (per N, per repeat) starts from an empty database: it is
# dropped and created again, the cloudsim counters are reset, then the N
# daemons are started one after the other, each once the previous one's API
# answers (its migrations, tenants and grants are applied), as a fleet comes
# up; --simultaneous starts them all at once. Every job (account x kind) is due at start
# (jitter 0s) and its interval is 24h, so one pass runs each job once per
# daemon that runs it; the pass ends when every job has a finished run.
#
# What is measured:
# - pass s: from the daemons' launch to the end of the last job's FIRST
#   finished run (sync_runs.finished_at; same clock), so the polling step does
#   not round it.
# - runs, duplicate jobs: runs started up to that end (sync_runs.started_at),
#   and the jobs with more than one of them (a job run twice, by two daemons).
# - failed: runs of the pass that failed (a pass with failures is not clean).
# - API calls: cloudsim's requests_total (GET /_sim/stats) when the end is
#   seen; reset before each pass. Tokens: its tokens_issued (one per account
#   and daemon that signed in).
# - DB CPU s: user + system CPU of the whole cluster, from /proc: the
#   postmaster's own utime+stime, plus its cutime+cstime (every child it has
#   reaped: backends that ended, autovacuum workers), plus utime+stime of its
#   live children (the daemons' backends live as long as the daemons, so they
#   are still running at the end). Sampled right before the launch and when the
#   end is seen; the difference is the pass's. The poller's own backend (one
#   persistent session) is left out. Checkpointer, WAL writer and autovacuum
#   are the database's work and are counted.
# - daemons CPU s: user + system CPU of the N cloudsyncd processes at the end.
# Medians over --repeat passes per N; N values alternate (1, 3, 1, 3, ...) so
# the machine's noise meets each N alike.
#
# Exits non-zero when a daemon dies or a pass does not end within --timeout.
# On any exit every process it started gets SIGTERM (then SIGKILL after 10 s)
# and the cluster is stopped; the state folder is removed unless --keep.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

instances_list=1,3
accounts=1000
kinds=vms,storage,networks,containers,alerts
latency=100ms
concurrency=32
repeat=1
timeout_s=900
keep=false
simultaneous=false
pg_port=${PG_PORT:-54339}
api_port=${API_PORT:-18080}

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while (($#)); do
  case $1 in
    --instances) instances_list=$2; shift 2 ;;
    --accounts) accounts=$2; shift 2 ;;
    --kinds) kinds=$2; shift 2 ;;
    --latency) latency=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    --simultaneous) simultaneous=true; shift ;;
    *) usage ;;
  esac
done
IFS=, read -r -a instance_counts <<<"$instances_list"
IFS=, read -r -a kind_list <<<"$kinds"
max_instances=0
for n in "${instance_counts[@]}"; do ((n > max_instances)) && max_instances=$n; done
jobs_expected=$((accounts * ${#kind_list[@]}))

log() { printf '[scale_out %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target cloudsyncd cloudsim >/dev/null
daemon_bin=$root/build/release/daemon/cloudsyncd
sim_bin=$root/build/release/tests/cloudsim/cloudsim

source scripts/lib/pg.sh
state=$(mktemp -d "${TMPDIR:-/tmp}/cloudsync-scale-out.XXXXXX")
chmod 755 "$state" # the cluster's owner (postgres, when we are root) walks into it
pg=$state/pg

sim_pid=
daemon_pids=()
poll_pid=
stop_pid() { # SIGTERM (once: a second one makes a daemon exit at once), SIGKILL after 10 s
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  await_exit "$pid"
}
await_exit() {
  local pid=$1
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
stop_daemons() {
  local pid
  for pid in "${daemon_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${daemon_pids[@]}"; do await_exit "$pid"; done
  daemon_pids=()
}
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  stop_daemons
  stop_poller
  [[ -n $sim_pid ]] && stop_pid "$sim_pid"
  pg_down "$pg"
  if $keep || ((code != 0)); then log "state kept in $state"; else rm -rf "$state"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# --- PostgreSQL: one cluster for every pass; 3 daemons hold ~(concurrency + 3) sessions each.
pg_up "$pg" "$pg_port"
pg_sql "$pg" "$pg_port" postgres -c \
  "ALTER SYSTEM SET max_connections = $((max_instances * (concurrency + 8) + 20))"
pg_up "$pg" "$pg_port" # restarts with it

# --- cloudsim: one subscription per account, small estates, the latency.
tenant_id=72f988bf-86f1-41af-91ab-2d7cd011db47
client_id=11111111-1111-1111-1111-111111111111
mkdir -p "$state/credentials"
(umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$state/credentials/azure-secret")
"$sim_bin" --port 0 --seed 7 --subscriptions "$accounts" --vms-per-subscription 10 \
  --latency "$latency" --tenant-id "$tenant_id" --client-id "$client_id" \
  --client-secret "$(cat "$state/credentials/azure-secret")" \
  --port-file "$state/sim.port" >"$state/cloudsim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 100); do [[ -s $state/sim.port ]] && break; sleep 0.1; done
[[ -s $state/sim.port ]] || { cat "$state/cloudsim.log" >&2; exit 1; }
sim="http://127.0.0.1:$(cat "$state/sim.port")"
mapfile -t subscriptions < <(curl -fsS "$sim/_sim/inventory" |
  grep -o '"subscriptions":\[[^]]*\]' | grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}')
((${#subscriptions[@]} == accounts)) || { log "cloudsim lists ${#subscriptions[@]} subscriptions"; exit 1; }

# --- The config: one Azure account per subscription; instance i differs by api.listen.
write_config() { # write_config FILE PORT WITH_CLUSTER
  local file=$1 port=$2 with_cluster=$3 i
  {
    cat <<YAML
# Written by bench/scale_out.sh; see config/cloudsync.example.yaml for every key.
database:
  dsn: "host=$pg/socket port=$pg_port dbname=cloudsync user=cloudsync"
  owner_role: cloudsync_owner
  writer_role: cloudsync_writer
api:
  listen: "127.0.0.1:$port"
log:
  level: warn
tenants:
  - name: bench
    readers: [bench_reader]
schedule:
  vms: 24h
  storage: 24h
  networks: 24h
  containers: 24h
  metrics: 24h
  alerts: 24h
  jitter: 0s
  max_concurrent_runs: $concurrency
collection:
  max_in_flight: 256
YAML
    $with_cluster && printf 'cluster:\n  lease: 60s\n'
    echo "accounts:"
    for i in "${!subscriptions[@]}"; do
      printf '  - name: sub-%05d\n    tenant: bench\n    provider: azure\n    collectors: [%s]\n' \
        "$i" "$kinds"
      printf '    azure:\n      tenant_id: "%s"\n      client_id: "%s"\n' "$tenant_id" "$client_id"
      printf '      client_secret: { credential: azure-secret }\n      subscriptions: ["%s"]\n' \
        "${subscriptions[$i]}"
      printf '      endpoints: { login: "%s", management: "%s", metrics: "%s/{region}" }\n' \
        "$sim" "$sim" "$sim"
    done
  } >"$file"
}
export CREDENTIALS_DIRECTORY=$state/credentials
write_config "$state/probe.yaml" "$api_port" false
"$daemon_bin" --config "$state/probe.yaml" --check >"$state/check.log" 2>&1 ||
  { cat "$state/check.log" >&2; exit 1; }
with_cluster=false
write_config "$state/probe.yaml" "$api_port" true
if "$daemon_bin" --config "$state/probe.yaml" --check >/dev/null 2>&1; then with_cluster=true; fi
log "cluster.lease key: $($with_cluster && echo accepted, set to 60s || echo 'not known to this binary, left out')"
for ((i = 0; i < max_instances; i++)); do
  write_config "$state/cloudsync-$i.yaml" $((api_port + i)) "$with_cluster"
done

# --- Measuring.
clk_tck=$(getconf CLK_TCK)
# CPU ticks of the cluster: postmaster (own + reaped children) + live children but $1.
pg_cpu_ticks() {
  local postmaster exclude=${1:-0}
  postmaster=$(head -1 "$pg/data/postmaster.pid")
  # A process may end between the glob and its read: cat then fails, harmlessly.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$postmaster" -v ex="$exclude" '
    { pid = $1; sub(/^.*\) /, ""); # after "pid (comm) ": $1 state, $2 ppid, $12.. utime stime cutime cstime
      if (pid == pm) total += $12 + $13 + $14 + $15
      else if ($2 == pm && pid != ex) total += $12 + $13 }
    END { print total + 0 }'
}
proc_cpu_ticks() { # utime + stime of the given processes
  local pid total=0
  for pid; do
    total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
  done
  echo "$total"
}
ticks_to_s() { awk -v t="$1" -v hz="$clk_tck" 'BEGIN { printf "%.1f", t / hz }'; }

# One persistent session polls, so that polling adds no backend start-ups to
# the cluster's CPU; its own backend is excluded by pid. poll SQL sets $reply
# (one line); no subshell, as a coprocess's pipes are not inherited by one.
start_poller() {
  stop_poller
  coproc POLL { pg_sql "$pg" "$pg_port" cloudsync -tA -v ON_ERROR_STOP=0 2>/dev/null; }
  poll_pid=$POLL_PID
  poll "SELECT pg_backend_pid();"
  poll_backend=$reply
}
stop_poller() {
  [[ -n $poll_pid ]] || return 0
  printf '\\q\n' >&"${POLL[1]}" 2>/dev/null || true
  stop_pid "$poll_pid"
  poll_pid=
}
poll() {
  printf '%s\n' "$1" >&"${POLL[1]}"
  IFS= read -r -t 60 reply <&"${POLL[0]}" || { log "the polling session stopped answering"; exit 1; }
}

schema_ready_sql="SELECT to_regclass('cloudsync.sync_runs') IS NOT NULL;"
pass_done_sql="SELECT count(*) FROM (SELECT DISTINCT account, kind FROM cloudsync.sync_runs
                                    WHERE status <> 'running') AS jobs;"
# Figures of the pass from sync_runs: jobs, pass end (epoch), runs, duplicate jobs, failed runs.
pass_sql="WITH first AS (SELECT account, kind, min(finished_at) AS done FROM cloudsync.sync_runs
                      WHERE status <> 'running' GROUP BY account, kind),
     pass AS (SELECT count(*) AS jobs, max(done) AS done FROM first),
     runs AS (SELECT account, kind, count(*) AS n, count(*) FILTER (WHERE status = 'failed') AS failed
              FROM cloudsync.sync_runs, pass WHERE started_at <= pass.done GROUP BY account, kind)
SELECT pass.jobs || '|' || extract(epoch FROM pass.done) || '|' || sum(n) || '|' ||
       count(*) FILTER (WHERE n > 1) || '|' || sum(failed)
FROM pass, runs GROUP BY pass.jobs, pass.done;"

fresh_database() {
  pg_sql "$pg" "$pg_port" postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS cloudsync WITH (FORCE)"
  pg_cloudsync_database "$pg" "$pg_port"
  pg_sql "$pg" "$pg_port" postgres <<'SQL'
SELECT 'CREATE ROLE bench_reader LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_reader') \gexec
SQL
}

# Rolling start: instance i's API answers once its store is prepared
# (migrations, tenants and grants applied), then the next one starts. An
# instance that exits before that is started again after 1 s, as systemd's
# Restart=on-failure would (at most 5 times); restarts counts those.
start_instance() { # start_instance I N
  local i=$1 n=$2 attempt
  for attempt in 1 2 3 4 5 6; do
    "$daemon_bin" --config "$state/cloudsync-$i.yaml" >>"$state/daemon-$n-$i.log" 2>&1 &
    daemon_pids[$i]=$!
    $simultaneous && return 0
    for _ in $(seq 600); do
      curl -fsS -o /dev/null "http://127.0.0.1:$((api_port + i))/healthz" 2>/dev/null && return 0
      kill -0 "${daemon_pids[$i]}" 2>/dev/null || break
      sleep 0.1
    done
    wait "${daemon_pids[$i]}" 2>/dev/null || true
    log "instance $i exited during start-up: $(grep -m1 error "$state/daemon-$n-$i.log" | tail -1 | cut -c1-160)"
    restarts=$((restarts + 1))
    sleep 1
  done
  log "instance $i did not start; its log:"; tail -20 "$state/daemon-$n-$i.log" >&2; exit 1
}

results=() # "n|pass_s|runs|dup|failed|api|tokens|db_cpu|daemon_cpu|restarts"
measure_pass() { # measure_pass N
  local n=$1 i start end restarts pg_before pg_after api tokens stats daemon_ticks pass_s runs dup failed
  local done_jobs=0 schema=f
  stop_poller # its session is in the database about to be dropped
  fresh_database
  start_poller
  curl -fsS -X POST "$sim/_sim/stats/reset" >/dev/null

  log "pass: $n instance(s), $accounts accounts x ${#kind_list[@]} kind(s) = $jobs_expected jobs"
  pg_before=$(pg_cpu_ticks "$poll_backend")
  start=$(date +%s.%N)
  restarts=0
  for ((i = 0; i < n; i++)); do start_instance "$i" "$n"; done
  while :; do
    sleep 0.5
    for i in "${!daemon_pids[@]}"; do
      kill -0 "${daemon_pids[$i]}" 2>/dev/null && continue
      log "instance $i died; its log:"; tail -20 "$state/daemon-$n-$i.log" >&2; exit 1
    done
    if [[ $schema != t ]]; then poll "$schema_ready_sql"; schema=$reply; continue; fi
    poll "$pass_done_sql"; done_jobs=$reply
    ((done_jobs >= jobs_expected)) && break
    if (($(date +%s) - ${start%.*} > timeout_s)); then
      log "no full pass within ${timeout_s}s: $done_jobs of $jobs_expected jobs"; exit 1
    fi
  done
  pg_after=$(pg_cpu_ticks "$poll_backend")
  stats=$(curl -fsS "$sim/_sim/stats")
  daemon_ticks=$(proc_cpu_ticks "${daemon_pids[@]}")
  stop_daemons
  api=$(grep -o '"requests_total":[0-9]*' <<<"$stats" | cut -d: -f2)
  tokens=$(grep -o '"tokens_issued":[0-9]*' <<<"$stats" | cut -d: -f2)
  poll "$pass_sql"
  IFS='|' read -r _ end runs dup failed <<<"$reply"
  pass_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  results+=("$n|$pass_s|$runs|$dup|$failed|$api|$tokens|$(ticks_to_s $((pg_after - pg_before)))|$(ticks_to_s "$daemon_ticks")|$restarts")
  log "  ${pass_s}s, $restarts restart(s) at start-up, $runs runs, $dup jobs run more than once, $failed failed, $api API calls" \
    "($tokens tokens), DB CPU $(ticks_to_s $((pg_after - pg_before)))s, daemons CPU $(ticks_to_s "$daemon_ticks")s"
}

for ((r = 0; r < repeat; r++)); do
  for n in "${instance_counts[@]}"; do measure_pass "$n"; done
done

# --- The table: medians per N over the repeats.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_of() { # column_of N FIELD
  local n=$1 field=$2 row
  for row in "${results[@]}"; do
    if [[ ${row%%|*} == "$n" ]]; then cut -d'|' -f"$field" <<<"$row"; fi
  done
}
echo
echo "Scale-out: $accounts Azure accounts x ${#kind_list[@]} kinds ($kinds) = $jobs_expected jobs," \
  "cloudsim latency $latency, max_concurrent_runs $concurrency per instance," \
  "cluster.lease $($with_cluster && echo 60s || echo 'not set (unknown to this binary)');" \
  "$(nproc) cores; $(git rev-parse --short HEAD); median of $repeat pass(es) per row."
echo
echo "| instances | pass s | runs | jobs run twice or more | failed runs | API calls | tokens | DB CPU s | daemons CPU s | start-up restarts |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${instance_counts[@]}"; do
  row="| $n"
  for field in 2 3 4 5 6 7 8 9 10; do row+=" | $(column_of "$n" "$field" | median)"; done
  echo "$row |"
done
