#!/usr/bin/env bash
# Tests a built cloudsync .deb for real, as CI does (scripts/package.sh --test):
#   lintian (any E: fails), dpkg -i, the installed files, systemd-analyze verify
#   of the installed unit, cloudsyncd --version, the installed config read as
#   the cloudsync user, dpkg -r (only the conffile stays), dpkg --purge (it goes).
# Installing needs root (or sudo); without either the install steps are skipped.
# It refuses to run when a cloudsync package, its config or its state directory
# is already there, and on exit, success or failure, it puts the machine back as
# it found it: the package purged, and the cloudsync user and the directories
# its install created removed again.
#   scripts/package-test.sh build/package/cloudsync_<version>_<arch>.deb
set -euo pipefail
deb=$(realpath "${1:?usage: package-test.sh PACKAGE.deb}")
started=$SECONDS

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

# --- lintian: errors fail, warnings are listed (docs/packaging.md says why) ----
command -v lintian >/dev/null || fail "lintian is not installed (scripts/install-deps.sh)"
# (lintian's advice not to run as root is no finding)
lint=$(lintian --tag-display-limit 0 "$deb" 2>&1 | grep -v '^running with root privileges') || true
[ -z "$lint" ] || echo "$lint"
if grep -q '^E:' <<<"$lint"; then fail "lintian reports errors"; fi
ok "lintian: no error ($(grep -c '^W:' <<<"$lint" || true) warnings)"

# --- privileges --------------------------------------------------------------
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "SKIP: installing the package needs root or password-less sudo"
    exit 0
  fi
fi
root() { "${as_root[@]}" "$@"; }

status=$(dpkg-query -W -f='${db:Status-Status}' cloudsync 2>/dev/null || true)
if [ -n "$status" ] && [ "$status" != not-installed ]; then
  fail "a cloudsync package is already on this machine (status: $status); this test" \
       "installs and purges its own, so it leaves that one alone: run it elsewhere"
fi
for path in /etc/cloudsync/cloudsync.yaml /var/lib/cloudsync; do
  [ ! -e "$path" ] || fail "$path exists and is not from a package: purging would remove it"
done

# --- what the machine looked like, so that the trap can restore it ----------
had_user=false; getent passwd cloudsync >/dev/null && had_user=true
had_group=false; getent group cloudsync >/dev/null && had_group=true
had_credstore=false; [ -e /etc/credstore ] && had_credstore=true
had_etc_dir=false; [ -e /etc/cloudsync ] && had_etc_dir=true
had_socket_wants=false; [ -e /etc/systemd/system/sockets.target.wants ] && had_socket_wants=true
installed=false
restore() {
  local code=$?
  set +e
  if $installed; then root dpkg --purge cloudsync >/dev/null 2>&1; fi
  $had_user || ! getent passwd cloudsync >/dev/null || root userdel cloudsync
  $had_group || ! getent group cloudsync >/dev/null || root groupdel cloudsync
  $had_credstore || root rmdir /etc/credstore 2>/dev/null
  $had_etc_dir || root rmdir /etc/cloudsync 2>/dev/null
  $had_socket_wants || root rmdir /etc/systemd/system/sockets.target.wants 2>/dev/null
  if [ "$code" -eq 0 ]; then
    echo "package test passed in $((SECONDS - started)) s"
  else
    echo "package test FAILED after $((SECONDS - started)) s (machine restored)" >&2
  fi
}
trap restore EXIT

# --- install ------------------------------------------------------------------
installed=true
out=$(root dpkg -i "$deb" 2>&1) || { echo "$out"; fail "dpkg -i"; }
echo "$out" | grep '^cloudsync:' || true
grep -q 'edit /etc/cloudsync/cloudsync.yaml' <<<"$out" || fail "postinst did not say to edit the config"
ok "dpkg -i"

files=(
  /usr/sbin/cloudsyncd
  /lib/systemd/system/cloudsyncd.service
  /lib/systemd/system/cloudsyncd.socket
  /usr/lib/sysusers.d/cloudsync.conf
  /usr/lib/tmpfiles.d/cloudsync.conf
  /etc/cloudsync/cloudsync.yaml
  /usr/share/man/man8/cloudsyncd.8.gz
  /usr/share/man/man5/cloudsync.yaml.5.gz
  /usr/share/doc/cloudsync/copyright
  /usr/share/doc/cloudsync/changelog.gz
  /usr/share/doc/cloudsync/README.md
)
listed=$(dpkg -L cloudsync)
for f in "${files[@]}"; do
  grep -qxF "$f" <<<"$listed" || fail "dpkg -L does not list $f"
  [ -f "$f" ] || fail "$f is not installed"
done
[ "$(dpkg-query -W -f='${Conffiles}' cloudsync | awk 'NF {print $1}')" = /etc/cloudsync/cloudsync.yaml ] ||
  fail "the conffiles are not exactly /etc/cloudsync/cloudsync.yaml"
depends=$(dpkg-query -W -f='${Depends}' cloudsync)
for lib in libc6 libpqxx libyaml-cpp libssl3 libsystemd0; do
  grep -q "$lib" <<<"$depends" || fail "Depends: lacks $lib ($depends)"
done
! readelf -S /usr/sbin/cloudsyncd | grep -qE '\.symtab|\.debug_info' || fail "cloudsyncd is not stripped"
ok "dpkg -L: ${#files[@]} files in place, the conffile, Depends: from dpkg-shlibdeps, stripped binary"

getent passwd cloudsync >/dev/null || fail "postinst did not create the cloudsync user"
[ "$(stat -c '%U:%G %a' /etc/cloudsync/cloudsync.yaml)" = "root:cloudsync 640" ] ||
  fail "/etc/cloudsync/cloudsync.yaml is $(stat -c '%U:%G %a' /etc/cloudsync/cloudsync.yaml)"
[ "$(stat -c '%U:%G %a' /etc/cloudsync)" = "root:cloudsync 750" ] || fail "/etc/cloudsync mode"
[ "$(stat -c '%U:%G %a' /var/lib/cloudsync)" = "cloudsync:cloudsync 750" ] || fail "/var/lib/cloudsync"
for link in /etc/systemd/system/multi-user.target.wants/cloudsyncd.service \
            /etc/systemd/system/sockets.target.wants/cloudsyncd.socket; do
  [ -L "$link" ] || fail "postinst did not enable $(basename "$link") ($link)"
done
ok "postinst: cloudsync user, root:cloudsync 0640 config, directories, units enabled"

# --- the installed unit and binary ---------------------------------------------
verify=$(systemd-analyze verify /lib/systemd/system/cloudsyncd.service 2>&1) ||
  { echo "$verify"; fail "systemd-analyze verify"; }
[ -z "$verify" ] || { echo "$verify"; fail "systemd-analyze verify printed warnings"; }
ok "systemd-analyze verify /lib/systemd/system/cloudsyncd.service"

version=$(/usr/sbin/cloudsyncd --version)
[ "$version" = "cloudsyncd $(dpkg-deb -f "$deb" Version)" ] || fail "--version printed '$version'"
ok "$version"

# The example config names secrets that only a real deployment has
# ($CREDENTIALS_DIRECTORY, /etc/cloudsync/gcp-prod.json), so --check must fail
# on the first of them (exit 2): after reading the file as the daemon's user,
# which proves the installed permissions let the daemon read its config.
set +e
check=$(root runuser -u cloudsync -- /usr/sbin/cloudsyncd --config /etc/cloudsync/cloudsync.yaml --check 2>&1)
code=$?
set -e
[ "$code" -eq 2 ] || { echo "$check"; fail "--check of the example exited $code, expected 2"; }
grep -q 'cannot read config' <<<"$check" && { echo "$check"; fail "the cloudsync user cannot read its config"; }
grep -q '^/etc/cloudsync/cloudsync.yaml:[0-9]*:[0-9]*: .*credential' <<<"$check" ||
  { echo "$check"; fail "--check did not stop at the first secret"; }
ok "--check as cloudsync reads the config and stops at its first secret: $check"

# --- remove: only the conffile stays ---------------------------------------------
out=$(root dpkg -r cloudsync 2>&1) || { echo "$out"; fail "dpkg -r"; }
[ "$(dpkg-query -W -f='${db:Status-Status}' cloudsync)" = config-files ] || fail "status after dpkg -r"
while read -r path; do
  [ "$path" = /etc/cloudsync/cloudsync.yaml ] && continue
  [ -d "$path" ] && continue # shared directories (/usr/sbin, ...) stay
  [ ! -e "$path" ] || fail "$path is still there after dpkg -r"
done <<<"$listed"
[ -f /etc/cloudsync/cloudsync.yaml ] || fail "dpkg -r removed the conffile"
ok "dpkg -r: every file gone but the conffile"

# --- purge: the conffile, the state and the enablement go; the user stays ------
out=$(root dpkg --purge cloudsync 2>&1) || { echo "$out"; fail "dpkg --purge"; }
installed=false
status=$(dpkg-query -W -f='${db:Status-Status}' cloudsync 2>/dev/null || true)
[ -z "$status" ] || [ "$status" = not-installed ] || fail "status after purge: $status"
for path in /etc/cloudsync/cloudsync.yaml /var/lib/cloudsync \
            /etc/systemd/system/multi-user.target.wants/cloudsyncd.service \
            /etc/systemd/system/sockets.target.wants/cloudsyncd.socket; do
  if [ -e "$path" ] || [ -L "$path" ]; then fail "$path is still there after dpkg --purge"; fi
done
getent passwd cloudsync >/dev/null || fail "purge removed the cloudsync user (it should stay)"
ok "dpkg --purge: conffile, /var/lib/cloudsync and unit links gone; the user stays"
