#!/usr/bin/env bash
# Installs the Debian 12 packages cloudsync needs to build, test and run the demo,
# only those that are missing (idempotent). Needs root or sudo when something is missing.
set -euo pipefail

packages=(
  build-essential clang-16 libclang-rt-16-dev cmake ninja-build pkg-config ccache git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libpqxx-dev libyaml-cpp-dev libssl-dev libspdlog-dev libfmt-dev
  libsystemd-dev libpugixml-dev libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 postgresql-client-15 systemd util-linux procps curl wrk openssl
  dpkg-dev file lintian
  prometheus  # promtool: checks and unit-tests dashboards/cloudsync-alerts.yml
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

echo "installing: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
