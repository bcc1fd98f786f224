#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets of fuzz/ (the `fuzz` preset: clang-16,
# ASan + UBSan), seeds each one, runs each for the given time and reports its
# executions, speed, coverage and whether it found anything.
#   scripts/fuzz.sh [SECONDS-PER-TARGET] [TARGET...]   default 60 s, every target
#   scripts/fuzz.sh 20 config azure_vm_page             names without the fuzz_ prefix
# Seeds are built at run time in build/fuzz/corpus/TARGET (kept between runs, so a
# corpus grows): the clouds' official examples beside the repository
# (../shared/fixtures, or $CLOUDSYNC_FIXTURES_DIR; they are never copied into the
# repository), values extracted from them (Retry-After headers, URLs, timestamps),
# and the small hand-written seeds of fuzz/seeds/. A finding's input lands in
# build/fuzz/artifacts/TARGET/, its log in build/fuzz/logs/TARGET.log; reproduce
# it with build/fuzz/fuzz/fuzz_TARGET FILE. Exits 1 when any target found a
# crash, a sanitizer report, a leak, a timeout or an out-of-memory.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-60}
shift || true
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS-PER-TARGET] [TARGET...]" >&2; exit 2; }

# Seed sources per target: fixture paths (globs under the examples) and the
# fuzz/seeds/ folders; the extracted values are added in seed_all below.
declare -A fixtures=(
  [api_request]="aws/*request*.http aws/*.request.txt aws/sigv4-testsuite/*/*.req"
  [config]=""
  [retry_after]=""
  [url]=""
  [oauth_token]="azure/identity.token.clientCredentials.*.json"
  [azure_arm]="azure/*.json"
  [azure_vm_page]="azure/compute.virtualMachines.*.json"
  [azure_network_pages]="azure/network.networkInterfaces.*.json azure/network.publicIPAddresses.*.json"
  [azure_virtual_network_page]="azure/network.virtualNetworks.*.json"
  [azure_storage_pages]="azure/storage.storageAccounts.*.json azure/storage.blobContainers.*.json"
  [azure_container_group_page]="azure/containerinstance.containerGroups.*.json"
  [azure_metric_page]="azure/monitor.metrics.*.json"
  [azure_alert_page]="azure/monitor.metricAlerts.*.json azure/alertsmanagement.alerts.*.json"
  [azure_subscriptions]="azure/resources.subscriptions.*.json"
  [azure_time]=""
  [gcp_instance_page]="gcp/compute/instances.*.json"
  [gcp_network_pages]="gcp/compute/networks.*.json gcp/compute/subnetworks.*.json"
  [gcp_bucket_page]="gcp/storage/buckets.*.json"
  [gcp_run_pages]="gcp/run/*.json"
  [gcp_alert_policy_page]="gcp/monitoring/alertPolicies.*.json"
  [gcp_error]="gcp/errors/*.json"
  [gcp_time_series_page]="" # no official example exists: fuzz/seeds/ only
  [aws_error]="aws/*Error*.xml aws/*Error*.json"
  [aws_ec2_pages]="aws/ec2.Describe*.xml"
  [aws_s3_pages]="aws/s3.ListBuckets*.xml aws/s3.GetBucketLocation*.xml"
  [aws_ecs_pages]="aws/ecs.*.json"
  [aws_cloudwatch_pages]="" # no AWS example exists: fuzz/seeds/ only
)
# The AWS page targets read a selector byte first (which parser of the family):
# each example is seeded once per parser.
declare -A selectors=([aws_ec2_pages]=4 [aws_s3_pages]=6 [aws_ecs_pages]=3)
declare -A dicts=(
  [api_request]=http [config]=yaml [oauth_token]=json [azure_time]=""
  [retry_after]="" [url]=""
  [aws_error]=xml [aws_ec2_pages]=xml [aws_s3_pages]=xml [aws_cloudwatch_pages]=xml
)
all_targets=(api_request config retry_after url oauth_token azure_arm azure_vm_page
             azure_network_pages azure_virtual_network_page azure_storage_pages
             azure_container_group_page azure_metric_page azure_alert_page
             azure_subscriptions azure_time gcp_instance_page gcp_network_pages gcp_bucket_page
             gcp_run_pages gcp_alert_policy_page gcp_error gcp_time_series_page aws_error
             aws_ec2_pages aws_s3_pages aws_ecs_pages aws_cloudwatch_pages)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [[ -v fixtures[$t] ]] || { echo "unknown target '$t' (one of: ${all_targets[*]})" >&2; exit 2; }
done

scripts/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(( $(nproc) < 2 ? $(nproc) : 2 ))"

out=$root/build/fuzz
examples=${CLOUDSYNC_FIXTURES_DIR:-$root/../shared/fixtures}
have_examples=0
[[ -d $examples/azure ]] && have_examples=1

# One file per distinct value, named by its hash (the same value is one seed).
put_value() { # dir value
  printf '%s' "$2" >"$1/value-$(printf '%s' "$2" | sha1sum | cut -c1-16)"
}

seed_all() { # target
  local t=$1 dir=$out/corpus/$1 f pattern
  mkdir -p "$dir"
  for f in fuzz/seeds/"$t"/*; do [[ -f $f ]] && cp "$f" "$dir/seed-${f##*/}"; done
  if [[ $t == azure_* ]]; then
    for f in fuzz/seeds/azure_page/*; do cp "$f" "$dir/seed-${f##*/}"; done
  fi
  if [[ $t == gcp_*_page* ]]; then
    for f in fuzz/seeds/gcp_page/*; do cp "$f" "$dir/seed-${f##*/}"; done
  fi
  [[ $t == config ]] && cp config/*.yaml "$dir/" 2>/dev/null || true
  ((have_examples)) || return 0
  for pattern in ${fixtures[$t]}; do
    for f in "$examples"/$pattern; do [[ -f $f ]] && cp "$f" "$dir/example-${f##*/}"; done
  done
  if [[ -v selectors[$t] ]]; then
    local i
    for f in "$dir"/example-*; do
      [[ -f $f ]] || continue
      for ((i = 0; i < selectors[$t]; i++)); do
        { printf "\\x$(printf %02x "$i")"; cat "$f"; } >"$dir/parser$i-${f##*/}"
      done
      rm "$f"
    done
  fi
  local value
  # awk 'NR <= n', not head: head exits early, and under pipefail the writer's
  # SIGPIPE (141) would end the script when the list outgrows a pipe buffer.
  case $t in
  retry_after) # Retry-After values of the examples' HTTP answers and notes
    grep -rhoiE '^retry-after: *[^[:cntrl:]]+' "$examples" 2>/dev/null | sed -E 's/^[^:]*: *//' |
      sort -u | awk 'NR <= 50' | while IFS= read -r value; do put_value "$dir" "$value"; done ;;
  url) # URLs the examples carry (nextLink, ids of endpoints, error links)
    grep -rhoE 'https?://[^]"'"'"' <>)`\\]+' "$examples" 2>/dev/null | sort -u | awk 'NR <= 200' |
      while IFS= read -r value; do put_value "$dir" "$value"; done ;;
  azure_time) # timestamps of the Azure examples
    grep -rhoE '"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][^"]{8,40}"' "$examples/azure" 2>/dev/null |
      tr -d '"' | sort -u | awk 'NR <= 100' | while IFS= read -r value; do put_value "$dir" "$value"; done ;;
  esac
}

# "stat::name: value" from a finished run's log.
stat_of() { sed -nE "s/^stat::$2: *([0-9]+).*/\1/p" "$1" | tail -n 1; }

mkdir -p "$out/logs"
# Stack traces with file:line (clang-16 comes without a symbolizer of its own).
symbolizer=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || echo none)
((have_examples)) ||
  echo "note: official examples not found in $examples: seeding from fuzz/seeds/ only (set CLOUDSYNC_FIXTURES_DIR)"
findings=0
summary=()
for t in "${targets[@]}"; do
  seed_all "$t"
  artifacts=$out/artifacts/$t
  mkdir -p "$artifacts"
  log=$out/logs/$t.log
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536
           -print_final_stats=1 -artifact_prefix="$artifacts/")
  dict=${dicts[$t]-json}
  [[ -n $dict ]] && options+=(-dict="fuzz/dicts/$dict.dict")
  seeds=$(find "$out/corpus/$t" -type f | wc -l)
  echo "== fuzz_$t: ${seconds}s from $seeds inputs"
  rc=0
  ASAN_OPTIONS=${ASAN_OPTIONS:-external_symbolizer_path=$symbolizer} \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:external_symbolizer_path=$symbolizer \
    "$out/fuzz/fuzz_$t" "${options[@]}" "$out/corpus/$t" >"$log" 2>&1 || rc=$?
  execs=$(stat_of "$log" number_of_executed_units)
  rate=$(stat_of "$log" average_exec_per_sec)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -n 1 || true)
  found=$(grep -oE '(crash|leak|timeout|oom|slow-unit)-[0-9a-f]+' "$log" | grep -v '^slow-unit' | sort -u | head -n 3 || true)
  if ((rc != 0)) || [[ -n $found ]]; then
    findings=$((findings + 1))
    result="FOUND (exit $rc): ${found:-see log} in $artifacts/, log $log"
    grep -m 1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" || true
  else
    result=ok
  fi
  line=$(printf '%-28s %10s execs %8s exec/s  %-30s %s' "fuzz_$t" "${execs:-?}" "${rate:-?}" \
         "${cov:-cov: ?}" "$result")
  echo "$line"
  summary+=("$line")
done

echo
echo "fuzzing summary (${seconds}s per target):"
printf '%s\n' "${summary[@]}"
if ((findings)); then
  echo "$findings target(s) found something: inputs in $out/artifacts/" >&2
  exit 1
fi
