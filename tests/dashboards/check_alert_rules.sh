#!/usr/bin/env bash
# Checks the Prometheus alerting rules with Prometheus' own tool: their syntax
# and PromQL (`promtool check rules`), then that each alert fires when it
# should and stays quiet when it should not (`promtool test rules` over the
# synthetic series of cloudsync-alerts.test.yml). Exits 77 (ctest: skipped)
# when promtool is not installed (Debian package prometheus).
set -euo pipefail
dashboards=${1:?usage: check_alert_rules.sh DASHBOARDS_DIR}
if ! command -v promtool >/dev/null; then
  echo "skipped: promtool not found (the Debian package prometheus ships it; scripts/install-deps.sh installs it)"
  exit 77
fi
cd "$dashboards"
promtool check rules cloudsync-alerts.yml
promtool test rules cloudsync-alerts.test.yml
