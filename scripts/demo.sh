#!/usr/bin/env bash
# The demo: cloudsyncd in the foreground syncing Azure subscriptions, Google
# Cloud projects and AWS regions from cloudsim (the local fake cloud) into a private PostgreSQL,
# with its HTTP API up. Installs what is missing, builds, and keeps its state in
# .demo/ (safe to run again). Ctrl-C stops everything it started.
#   API_PORT=8080 PG_PORT=54329 SIM_PORT=54330 scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
state=$root/.demo
api_port=${API_PORT:-8080}
pg_port=${PG_PORT:-54329}
sim_port=${SIM_PORT:-54330}

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target cloudsyncd cloudsim

source scripts/lib/pg.sh
mkdir -p "$state/credentials"
pg_up "$state/pg" "$pg_port"

# The daemon's three roles and its database (pg_cloudsync_database), then two
# tenants' readers: a login role per team.
pg_cloudsync_database "$state/pg" "$pg_port"
pg_sql "$state/pg" "$pg_port" postgres <<'SQL'
SELECT 'CREATE ROLE platform_analyst LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'platform_analyst') \gexec
SELECT 'CREATE ROLE data_analyst LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'data_analyst') \gexec
SQL
# A database an older demo created belongs to the login role: hand it over.
pg_sql "$state/pg" "$pg_port" cloudsync <<'SQL'
REASSIGN OWNED BY cloudsync TO cloudsync_owner;
SQL

# Secrets reach the daemon the systemd way: files in $CREDENTIALS_DIRECTORY.
umask 077
printf '%s' "demo-secret-platform" >"$state/credentials/azure-platform-secret"
# The AWS account: an IAM user's key that assumes a read-only role with an
# ExternalId (the cross-account pattern); cloudsim is given the same values.
printf '%s' "AKIADEMOPLATFORM0001" >"$state/credentials/aws-platform-key-id"
printf '%s' "demo/Platform+Secret/0000000000000000001" >"$state/credentials/aws-platform-secret"
printf '%s' "demo-external-id-7f3a" >"$state/credentials/aws-platform-external-id"
# The API token: at least 32 bytes (an older, shorter demo token is replaced).
if (( $(wc -c 2>/dev/null <"$state/credentials/api-token" || echo 0) < 32 )); then
  head -c 48 /dev/urandom | base64 | tr -d '/+=\n' >"$state/credentials/api-token"
fi
# The data team's service principal signs in with a certificate (cert + key, one PEM).
if [[ ! -s $state/credentials/azure-data-cert.pem ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=cloudsync-demo -days 365 \
    -keyout "$state/data.key" -out "$state/data.crt" >/dev/null 2>&1
  cat "$state/data.crt" "$state/data.key" >"$state/credentials/azure-data-cert.pem"
  rm -f "$state/data.key"
fi
# The GCP account signs in with a service-account key file (cloudsim is given
# the same file, as Google holds the public half of a real one).
if [[ ! -s $state/credentials/gcp-ops-key.json ]]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$state/gcp.key" 2>/dev/null
  pem=$(awk '{printf "%s\\n", $0}' "$state/gcp.key")
  printf '{"type":"service_account","project_id":"sim-project-0001","private_key_id":"%s",%s' \
    "$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    "\"private_key\":\"$pem\",\"client_email\":\"cloudsync-demo@sim-project-0001.iam.gserviceaccount.com\",\"client_id\":\"100000000000000000001\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}" \
    >"$state/credentials/gcp-ops-key.json"
  rm -f "$state/gcp.key"
fi
umask 022
token=$(cat "$state/credentials/api-token")

cleanup() {
  [[ -n ${sim_pid:-} ]] && kill "$sim_pid" 2>/dev/null || true
  pg_down "$state/pg"
}
trap cleanup EXIT

rm -f "$state/sim.port"
build/release/tests/cloudsim/cloudsim --port "$sim_port" --seed 42 --subscriptions 3 \
  --vms-per-subscription 400 --page-size 100 \
  --tenant-id 72f988bf-86f1-41af-91ab-2d7cd011db47 \
  --client-id 11111111-1111-1111-1111-111111111111 --client-secret demo-secret-platform \
  --client-certificate 22222222-2222-2222-2222-222222222222="$state/data.crt" \
  --gcp-service-account-key "$state/credentials/gcp-ops-key.json" --gcp-projects 3 \
  --gcp-instances-per-project 60 --gcp-services-per-project 4 --gcp-alert-policies-per-project 3 \
  --aws-account 123456789012 --aws-access-key-id AKIADEMOPLATFORM0001 \
  --aws-secret-access-key "demo/Platform+Secret/0000000000000000001" \
  --aws-role-arn arn:aws:iam::123456789012:role/CloudsyncReadOnly \
  --aws-external-id demo-external-id-7f3a --aws-regions us-east-1,eu-west-1 \
  --aws-instances-per-region 50 --aws-buckets 6 \
  --port-file "$state/sim.port" >"$state/cloudsim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 50); do [[ -s $state/sim.port ]] && break; sleep 0.1; done
[[ -s $state/sim.port ]] || { cat "$state/cloudsim.log" >&2; exit 1; }
sim="http://127.0.0.1:$(cat "$state/sim.port")"

cat >"$state/cloudsync.yaml" <<YAML
# Written by scripts/demo.sh; see config/cloudsync.example.yaml for every key.
database:
  dsn: "host=$state/pg/socket port=$pg_port dbname=cloudsync user=cloudsync"
  owner_role: cloudsync_owner
  writer_role: cloudsync_writer
api:
  listen: "127.0.0.1:$api_port"
  token: { credential: api-token }
tenants:
  - name: platform
    readers: [platform_analyst]
  - name: data
    readers: [data_analyst]
accounts:
  # Every kind, signing in with a client secret.
  - name: azure-platform
    tenant: platform
    provider: azure
    azure:
      tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47"
      client_id: "11111111-1111-1111-1111-111111111111"
      client_secret: { credential: azure-platform-secret }
      subscriptions: []
      endpoints: { login: "$sim", management: "$sim", metrics: "$sim/{region}" }
  # Storage, networks and containers, signing in with a client certificate.
  - name: azure-data
    tenant: data
    provider: azure
    collectors: [storage, networks, containers]
    azure:
      tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47"
      client_id: "22222222-2222-2222-2222-222222222222"
      client_certificate: { credential: azure-data-cert.pem }
      endpoints: { login: "$sim", management: "$sim", metrics: "$sim/{region}" }
  # Alerts through the instance's managed identity (cloudsim plays the metadata endpoint).
  - name: azure-ops
    tenant: platform
    provider: azure
    collectors: [alerts]
    azure:
      managed_identity: { endpoint: "$sim/metadata/identity/oauth2/token" }
      endpoints: { login: "$sim", management: "$sim", metrics: "$sim/{region}" }
  # Every kind of three Google Cloud projects, signing in with a service-account key.
  - name: gcp-ops
    tenant: data
    provider: gcp
    gcp:
      key: { credential: gcp-ops-key.json }
      projects: []
      endpoints: { token: "$sim/token", compute: "$sim", storage: "$sim", run: "$sim",
                   monitoring: "$sim", cloudresourcemanager: "$sim" }
  # Every kind of two AWS regions, through a role assumed with an ExternalId.
  - name: aws-platform
    tenant: platform
    provider: aws
    aws:
      access_key_id: { credential: aws-platform-key-id }
      secret_access_key: { credential: aws-platform-secret }
      role_arn: "arn:aws:iam::123456789012:role/CloudsyncReadOnly"
      external_id: { credential: aws-platform-external-id }
      regions: [us-east-1, eu-west-1]
      endpoints: { sts: "$sim/aws/sts/{region}", ec2: "$sim/aws/ec2/{region}",
                   s3: "$sim/aws/s3/{region}", monitoring: "$sim/aws/monitoring/{region}",
                   ecs: "$sim/aws/ecs/{region}" }
schedule:
  vms: 1m
  storage: 2m
  networks: 2m
  containers: 1m
  metrics: 1m
  alerts: 1m
  jitter: 5s
metrics:
  lookback: 5m
YAML

cat <<TXT

cloudsync demo
  API        http://127.0.0.1:$api_port   (token: $state/credentials/api-token)
             curl -s localhost:$api_port/healthz
             curl -s -H "Authorization: Bearer $token" localhost:$api_port/status
             curl -s -XPOST -H "Authorization: Bearer $token" localhost:$api_port/sync
  SQL        psql "host=$state/pg/socket port=$pg_port dbname=cloudsync user=platform_analyst" \\
               -c "select name, state, size, region, private_ips from cloudsync.vms where state = 'running' and not tags ? 'owner' limit 10"
             (as data_analyst: only the data tenant's rows: azure-data and gcp-ops)
             select provider, name, region from cloudsync.vms where state = 'running' and not tags ? 'owner';
             select kind, count(*) from cloudsync.resources group by kind;
             select metric, count(*), round(avg(value)::numeric, 2) from cloudsync.metric_samples group by metric;
  cloudsim   $sim  (fake Azure, Google Cloud and AWS; log in $state/cloudsim.log)
  Ctrl-C stops the daemon, cloudsim and PostgreSQL.

TXT
# The daemon runs in a session of its own as a child the script waits for:
# Ctrl-C, or SIGINT or SIGTERM sent to the script, reaches the script alone,
# which stops the daemon with one SIGTERM (a clean shutdown; a second signal
# would make it exit at once) and then, on EXIT, cloudsim and PostgreSQL.
CREDENTIALS_DIRECTORY="$state/credentials" setsid build/release/daemon/cloudsyncd \
  --config "$state/cloudsync.yaml" &
daemon_pid=$!
trap 'kill -TERM "$daemon_pid" 2>/dev/null || true' INT TERM
status=0
wait "$daemon_pid" || status=$?
# A trapped signal ends the first wait early; the second waits for the exit.
if kill -0 "$daemon_pid" 2>/dev/null; then
  status=0
  wait "$daemon_pid" || status=$?
fi
exit "$status"
