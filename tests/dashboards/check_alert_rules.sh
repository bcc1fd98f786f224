#!/usr/bin/env bash
# Checks the Prometheus alerting rules with Prometheus' own tool: their syntax
# and PromQL (`promtool check rules`), then that each alert fires when it
# should and stays quiet when it should not (`promtool test rules` over the
# synthetic series of cloudsync-alerts.test.yml). Exits 77 (ctest: skipped)
# when promtool is not on PATH (scripts/install-deps.sh unpacks it into build/tools/bin).
set -euo pipefail
dashboards=${1:?usage: check_alert_rules.sh DASHBOARDS_DIR}
if ! command -v promtool >/dev/null; then
  echo "skipped: promtool not found (scripts/install-deps.sh unpacks Debian's prometheus package into build/tools/bin; scripts/test.sh puts that on PATH)"
  exit 77
fi
cd "$dashboards"
promtool check rules cloudsync-alerts.yml
promtool test rules cloudsync-alerts.test.yml
