#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The expiry reminder's user units as systemd --user would load them, its ExecStart pointed at
# the built keyfob-tool: any complaint fails the test, since systemd ignores a line it cannot
# parse and carries on.
#
# Usage: test-systemd-units.sh SYSTEMD-ANALYZE SERVICE.in TIMER BINDIR
set -eu

systemd_analyze=$1
service_in=$2
timer=$3
bindir=$4

work=$(mktemp -d "${TMPDIR:-/tmp}/keyfob-units.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -m 700 "$work/runtime"

sed "s|@bindir@|$bindir|g" "$service_in" > "$work/keyfob-remind.service"
cp "$timer" "$work/keyfob-remind.timer"

if grep -q @ "$work/keyfob-remind.service"; then
  echo "not ok: a placeholder is left in the service:" >&2
  cat "$work/keyfob-remind.service" >&2
  exit 1
fi

# The man pages have a test of their own; here systemd would look for them installed.
status=0
XDG_RUNTIME_DIR="$work/runtime" "$systemd_analyze" verify --user --man=no \
  "$work/keyfob-remind.timer" "$work/keyfob-remind.service" > "$work/out" 2>&1 || status=$?

if [ "$status" != 0 ] || [ -s "$work/out" ]; then
  echo "not ok: systemd-analyze verify (exit $status):" >&2
  cat "$work/out" >&2
  exit 1
fi

echo "ok: keyfob-remind.timer and keyfob-remind.service"
