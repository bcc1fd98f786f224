#!/bin/sh
# Checks the shipped unit files the way a packager would:
#   systemd-analyze verify        (syntax, dependencies, executables)
#   systemd-analyze security      (exposure must be 2.0 or lower)
#   systemd-sysusers / -tmpfiles  (applied to a throwaway root; as root only)
# ExecStart is rewritten to an existing binary in a temporary copy, since
# verify insists that the executable exists. Exit 77 = skipped (ctest SKIP).
set -eu
src=${1:?usage: check_units.sh SYSTEMD_DIR}
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIP: systemd-analyze is not installed"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's#^ExecStart=/usr/sbin/cloudsyncd#ExecStart=/bin/true#' "$src/cloudsyncd.service" > "$work/cloudsyncd.service"
cp "$src/cloudsyncd.socket" "$work/"
grep -q '^ExecStart=/usr/sbin/cloudsyncd --config /etc/cloudsync/cloudsync.yaml$' "$src/cloudsyncd.service"
grep -q '^Type=notify$' "$src/cloudsyncd.service"
grep -q '^WatchdogSec=30$' "$src/cloudsyncd.service"
grep -q '^ListenStream=127.0.0.1:8080$' "$src/cloudsyncd.socket"

cd "$work"
out=$(systemd-analyze verify ./cloudsyncd.service ./cloudsyncd.socket 2>&1) || {
    echo "FAIL: systemd-analyze verify"; echo "$out"; exit 1; }
# verify reports many problems as warnings with exit code 0: any output is a failure.
if [ -n "$out" ]; then echo "FAIL: systemd-analyze verify printed:"; echo "$out"; exit 1; fi
echo "ok: systemd-analyze verify"

# --threshold is in tenths: 20 means an exposure of 2.0.
report=$(systemd-analyze security --offline=true --threshold=20 ./cloudsyncd.service 2>&1) || {
    echo "FAIL: exposure above 2.0"; echo "$report"; exit 1; }
echo "$report" | grep 'Overall exposure level'

if [ "$(id -u)" = 0 ] && command -v systemd-sysusers >/dev/null 2>&1; then
    mkdir -p "$work/root/etc"
    systemd-sysusers --root="$work/root" "$src/sysusers.d/cloudsync.conf"
    grep -q '^cloudsync:' "$work/root/etc/passwd"
    systemd-tmpfiles --root="$work/root" --create "$src/tmpfiles.d/cloudsync.conf"
    [ -d "$work/root/var/lib/cloudsync" ] && [ -d "$work/root/etc/credstore" ]
    echo "ok: sysusers.d and tmpfiles.d apply to a fresh root"
else
    echo "note: not root, sysusers.d/tmpfiles.d application not checked"
fi
