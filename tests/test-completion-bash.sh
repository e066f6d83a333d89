#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# keyfob-tool's bash completion in a bash started without any start-up file: it registers
# itself, and completing a command line (COMP_WORDS split as readline splits them, at spaces
# and at =) offers the commands, options, provider ids, field keys and the names of real tokens
# in the session's throwaway keyring, one of them hostile.
#
# Usage: test-completion-bash.sh COMPLETION BASH_COMPLETION
# with $KEYFOB_TOOL the built keyfob-tool.
set -eu

completion=$1
bash_completion=$2

work=$(mktemp -d "${TMPDIR:-/tmp}/keyfob-completion.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

export PATH="$(dirname "$KEYFOB_TOOL"):$PATH"
export XDG_DATA_HOME="$work/data"
export WORK="$work"

pylon_token=pylon_api_4f2c9a7e1b3d5f60a8c2e4b6d8f0a1c3
pulsetic_token=33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4
pushly_token=pshly-7d41c0e98b2a4f53a1e6c9d07b38f2e4
hostile_name='$(touch '"$work"'/pwned)`touch '"$work"'/pwned`'

add() {
  token=$1
  shift
  printf '%s\n' "$token" | keyfob-tool add "$@" > /dev/null
}

add "$pylon_token" --provider pylon --name "Release bot" --field region=us
add "$pulsetic_token" --provider pulsetic --name "CI bot"
add "$pushly_token" --provider pushly --name "$hostile_name" --field domain_id=12

status=0
bash --norc --noprofile -s "$completion" "$bash_completion" > "$work/out" 2>&1 <<'BASH' ||
completion=$1
source "$2"
source "$completion"

failed=0

# complete_line LINE WORD...: completes LINE, the text before the cursor, which readline
# split into WORDs; COMPREPLY's entries then one a line in $got. Run in $WORK/project, where
# import, scan and exec --env-file complete file names.
complete_line() {
  COMP_LINE=$1
  COMP_POINT=${#1}
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _keyfob_tool keyfob-tool "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  got=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
}

expect() {
  local what=$1 expected
  expected=$(printf '%s\n' "${@:2}" | sort)
  if [[ $got != "$expected" ]]; then
    printf 'not ok: %s\n  expected: %s\n  got: %s\n' "$what" "${expected//$'\n'/|}" \
      "${got//$'\n'/|}"
    failed=1
  fi
}

expect_some() {
  local what=$1 word
  for word in "${@:2}"; do
    if ! grep -qxF -e "$word" <<< "$got"; then
      printf 'not ok: %s: %s missing from %s\n' "$what" "$word" "${got//$'\n'/|}"
      failed=1
    fi
  done
}

registered=$(complete -p keyfob-tool)
if [[ $registered != "complete -F _keyfob_tool keyfob-tool" ]]; then
  echo "not ok: complete -p keyfob-tool says: $registered"
  failed=1
fi

complete_line "keyfob-tool " keyfob-tool ""
expect_some "commands" providers add list get rename edit test revoke delete exec import scan \
  remind --help --version
if grep -qvE '^(--)?[a-z][a-z-]*$' <<< "$got"; then
  echo "not ok: commands: more than commands in ${got//$'\n'/|}"
  failed=1
fi

complete_line "keyfob-tool li" keyfob-tool li
expect "a command's start" list

complete_line "keyfob-tool get " keyfob-tool get ""
expect "token names" "Release bot" "CI bot" "$(keyfob-tool list --names | grep touch)"

complete_line "keyfob-tool delete Rel" keyfob-tool delete Rel
expect "a name's start" "Release bot"

complete_line 'keyfob-tool test Release\ b' keyfob-tool test 'Release\ b'
expect "a name's start, escaped" "Release bot"

complete_line 'keyfob-tool revoke "CI' keyfob-tool revoke '"CI'
expect "a name's start, quoted" "CI bot"

complete_line "keyfob-tool rename CI\ bot " keyfob-tool rename 'CI\ bot' ""
expect "rename's new name" ""

complete_line "keyfob-tool add --provider " keyfob-tool add --provider ""
expect "provider ids" cutover pulsetic pushly pylon

complete_line "keyfob-tool add --provider=p" keyfob-tool add --provider = p
expect "provider ids after =" pulsetic pushly pylon

complete_line "keyfob-tool add --provider pylon --field " \
  keyfob-tool add --provider pylon --field ""
expect "field keys" region=us region=eu

complete_line "keyfob-tool add --provider pushly --field api=l" \
  keyfob-tool add --provider pushly --field api = l
expect "a field's values after =" legacy

complete_line "keyfob-tool list --" keyfob-tool list --
expect "list's options" --json --names --expiring=

complete_line "keyfob-tool import --" keyfob-tool import --
expect "import's options" --dry-run --rewrite --keep-backup

complete_line "keyfob-tool exec --e" keyfob-tool exec --e
expect "exec's options" --env= --env-file=

mkdir -p "$WORK/project/src"
: > "$WORK/project/.env"
: > "$WORK/project/.envrc"
: > "$WORK/project/deploy.sh"
cd "$WORK/project"

complete_line "keyfob-tool import .e" keyfob-tool import .e
expect "import's file" .env .envrc

complete_line "keyfob-tool scan " keyfob-tool scan ""
expect "scan's paths" .env .envrc deploy.sh src

complete_line "keyfob-tool exec --env-file .env" keyfob-tool exec --env-file .env
expect "exec's .env file" .env .envrc

complete_line "keyfob-tool exec --env-file=d" keyfob-tool exec --env-file = d
expect "exec's .env file after =" deploy.sh

cd - > /dev/null

complete_line "keyfob-tool exec --env TOKEN=Rel" keyfob-tool exec --env TOKEN = Rel
expect "a name after VAR=" "Release bot"

complete_line "keyfob-tool exec --env T=CI -- tru" keyfob-tool exec --env T = CI -- tru
expect_some "exec's command" true

if [[ -e $WORK/pwned ]]; then
  echo "not ok: completing a hostile token name ran the command in it"
  failed=1
fi

exit "$failed"
BASH
  status=$?

cat "$work/out"
for token in "$pylon_token" "$pulsetic_token" "$pushly_token"; do
  if grep -qF "$token" "$work/out"; then
    echo "not ok: a token reached the completion's output"
    status=1
  fi
done
[ -e "$work/pwned" ] && status=1

for id in $(keyfob-tool list --json | grep -o '"id" *: *"[^"]*"' | cut -d '"' -f 4); do
  keyfob-tool delete "$id" > /dev/null
done

[ "$status" = 0 ] && echo "ok: keyfob-tool's bash completion"
exit "$status"
