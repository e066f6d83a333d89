#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# keyfob-tool's fish completion: it parses (fish --no-execute), and fish's own complete -C
# offers the commands, options, provider ids, field keys and the names of real tokens in the
# session's throwaway keyring, one of them hostile.
#
# Usage: test-completion-fish.sh FISH COMPLETION
# with $KEYFOB_TOOL the built keyfob-tool.
set -eu

fish=$1
completion=$2

work=$(mktemp -d "${TMPDIR:-/tmp}/keyfob-completion.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

PATH="$(dirname "$KEYFOB_TOOL"):$PATH"
XDG_DATA_HOME="$work/data"
XDG_CONFIG_HOME="$work/config"
export PATH XDG_DATA_HOME XDG_CONFIG_HOME

"$fish" --no-execute "$completion"

pylon_token=pylon_api_4f2c9a7e1b3d5f60a8c2e4b6d8f0a1c3
pulsetic_token=33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4
hostile_name='(touch '"$work"'/pwned)$(touch '"$work"'/pwned)'
printf '%s\n' "$pylon_token" |
  keyfob-tool add --provider pylon --name "Release bot" --field region=us > /dev/null
printf '%s\n' "$pulsetic_token" |
  keyfob-tool add --provider pulsetic --name "$hostile_name" > /dev/null

status=0

# check LINE EXPECTED: what fish offers for LINE, one a line and sorted, is EXPECTED.
check() {
  got=$("$fish" --no-config -c "source \$argv[1]; complete -C \$argv[2]" "$completion" "$1" |
        cut -f 1 | LC_ALL=C sort)
  expected=$(printf '%s\n' "$2" | LC_ALL=C sort)
  if [ "$got" != "$expected" ]; then
    printf 'not ok: completing “%s”\n  expected: %s\n  got: %s\n' "$1" "$expected" "$got"
    status=1
  fi
}

check "keyfob-tool li" "list"
check "keyfob-tool list --" "--expiring
--json
--names"
check "keyfob-tool add --provider p" "pulsetic
pushly
pylon"
check "keyfob-tool add --provider pushly --field " "api=current
api=legacy
domain_id="
check "keyfob-tool get " "$hostile_name
Release bot"
check "keyfob-tool rename Release\\ bot " ""
check "keyfob-tool exec --env TOKEN=Rel" "TOKEN=Release bot"
check "keyfob-tool import --" "--dry-run
--keep-backup
--rewrite"

# File names for import's .env file, scan's paths and exec --env-file.
mkdir -p "$work/project/src"
: > "$work/project/.env"
: > "$work/project/deploy.sh"
cd "$work/project"
check "keyfob-tool import .e" ".env"
check "keyfob-tool scan s" "src/"
check "keyfob-tool exec --env-file d" "deploy.sh"
# After --, the command exec runs completes as it would on its own line.
check "keyfob-tool exec --env T=Release\\ bot -- sh d" "deploy.sh"
check "keyfob-tool exec -- sh --e" ""
check "keyfob-tool exec -e T=x -- ech" "$("$fish" --no-config -c 'complete -C ech' | cut -f 1)"
cd - > /dev/null

# Every command keyfob-tool --help lists, and nothing else.
commands=$(LC_ALL=C.UTF-8 LANGUAGE= keyfob-tool --help |
           sed -n '/^Commands:$/,/^$/{s/^  \([a-z][a-z-]*\).*/\1/p}')
check "keyfob-tool " "$commands"

if [ -e "$work/pwned" ]; then
  echo "not ok: completing a hostile token name ran the command in it"
  status=1
fi

for name in "Release bot" "$hostile_name"; do
  keyfob-tool delete "$name" > /dev/null
done

[ "$status" = 0 ] && echo "ok: keyfob-tool's fish completion"
exit "$status"
