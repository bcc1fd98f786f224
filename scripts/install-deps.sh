#!/usr/bin/env bash
# Installs the Debian 12 packages cloudsync needs to build, test and run the demo,
# only those that are missing (idempotent). Needs root or sudo when something is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# promtool (which checks and unit-tests dashboards/cloudsync-alerts.yml) comes
# from Debian's prometheus package, which would also install, enable and start
# a Prometheus server. Only the package's files are unpacked, into build/tools
# (scripts/test.sh puts build/tools/bin on PATH); nothing is installed.
fetch_promtool() {
  command -v promtool >/dev/null && return 0
  [[ -x $root/build/tools/bin/promtool ]] && return 0
  local work
  work=$(mktemp -d)
  if (cd "$work" && apt-get download prometheus >/dev/null 2>&1) ||
     { apt-get update -qq >/dev/null 2>&1 && (cd "$work" && apt-get download prometheus >/dev/null 2>&1); }; then
    dpkg-deb -x "$work"/prometheus_*.deb "$work/unpacked"
    mkdir -p "$root/build/tools/bin"
    install -m 0755 "$work/unpacked/usr/bin/promtool" "$root/build/tools/bin/promtool"
    echo "promtool unpacked into build/tools/bin"
  else
    echo "note: could not download Debian's prometheus package; the alert rules' promtool tests will be skipped"
  fi
  rm -rf "$work"
}

packages=(
  build-essential clang-16 libclang-rt-16-dev cmake ninja-build pkg-config ccache git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libpqxx-dev libyaml-cpp-dev libssl-dev libspdlog-dev libfmt-dev
  libsystemd-dev libpugixml-dev libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 postgresql-client-15 systemd util-linux procps curl wrk openssl
  dpkg-dev file lintian
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  fetch_promtool
  exit 0
fi

echo "installing: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fetch_promtool
