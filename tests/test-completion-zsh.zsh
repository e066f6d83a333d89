#!/usr/bin/zsh -f
# SPDX-License-Identifier: GPL-3.0-or-later
# keyfob-tool's zsh completion, run by zsh's own completion system: an interactive zsh on a
# pseudo-terminal (zpty) loads it with compinit, and each command line is typed and completed
# there; a compadd wrapper writes what the completion offers to a file. The steps wait for
# markers the shell prints, never for a time. Tokens are real ones in the session's throwaway
# keyring, one with a hostile name.
#
# Usage: test-completion-zsh.zsh COMPLETIONS_DIR
# with $KEYFOB_TOOL the built keyfob-tool.
emulate -L zsh
setopt err_exit no_unset

completions=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/keyfob-completion.XXXXXX")
trap 'zpty -d shell 2>/dev/null; rm -rf $work' EXIT

export PATH="${KEYFOB_TOOL:h}:$PATH" XDG_DATA_HOME=$work/data

zsh -n $completions/_keyfob-tool

pylon_token=pylon_api_4f2c9a7e1b3d5f60a8c2e4b6d8f0a1c3
pulsetic_token=33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4
hostile_name='$(touch '$work'/pwned)`touch '$work'/pwned`'
print -r -- $pylon_token |
  keyfob-tool add --provider pylon --name "Release bot" --field region=us > /dev/null
print -r -- $pulsetic_token |
  keyfob-tool add --provider pulsetic --name $hostile_name > /dev/null

zmodload zsh/zpty
zpty shell "zsh -f -i"
zpty -w shell "fpath=(${(q)completions} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w shell 'compadd() { local -a hits; builtin compadd -O hits "$@";' \
  '(( $#hits )) && print -rl -- $hits >> $OUT; builtin compadd "$@" }'
zpty -w shell 'complete-and-mark() { zle complete-word; zle -M "<completed-$N>" };' \
  'zle -N complete-and-mark; bindkey "^T" complete-and-mark'

typeset -i n=0 failed=0

# check LINE EXPECTED...: completing LINE offers EXPECTED, in any order (once each: _files
# offers its matches to compadd twice).
check() {
  local line=$1 out got expected
  shift
  n+=1
  # Markers are printed by concatenation, so the shell's echo of the command never matches.
  zpty -w shell "OUT=$work/offered-$n N=$n; : > \$OUT; print '<ready-'\$N'>'"
  zpty -r shell out "*<ready-$n>*"
  zpty -n -w shell "$line"$'\C-t'
  zpty -r shell out "*<completed-$n>*"
  zpty -n -w shell $'\C-u'
  got=${(F)${(ou)${(f)"$(<$work/offered-$n)"}}}
  expected=${(F)${(o)@}}
  if [[ $got != $expected ]]; then
    print -r -- "not ok: completing “$line”"$'\n'"  expected: ${expected//$'\n'/|}"$'\n'"  got: ${got//$'\n'/|}"
    failed=1
  fi
}

check "keyfob-tool li" list
check "keyfob-tool list --" --json --names --expiring
check "keyfob-tool add --provider " cutover pulsetic pushly pylon
check "keyfob-tool add --provider=p" pulsetic pushly pylon
check "keyfob-tool add --provider pushly --field " domain_id= api=current api=legacy
check "keyfob-tool get " "Release bot" $hostile_name
check "keyfob-tool delete Rel" "Release bot"
check "keyfob-tool exec --env TOKEN=Rel" "Release bot"
check "keyfob-tool rename Release\\ bot "
check "keyfob-tool import --" --dry-run --rewrite --keep-backup

# File names for import's .env file, scan's paths and exec --env-file.
mkdir -p $work/project/src
: > $work/project/.env
: > $work/project/deploy.sh
zpty -w shell "cd ${(q)work}/project"
check "keyfob-tool import .e" .env
check "keyfob-tool scan s" src
check "keyfob-tool exec --env-file d" deploy.sh
check "keyfob-tool exec --env-file=d" deploy.sh
zpty -w shell "cd /"
check "keyfob-tool " ${(f)"$(LC_ALL=C.UTF-8 LANGUAGE= keyfob-tool --help |
                             sed -n '/^Commands:$/,/^$/{s/^  \([a-z][a-z-]*\).*/\1/p}')"}

if [[ -e $work/pwned ]]; then
  print "not ok: completing a hostile token name ran the command in it"
  failed=1
fi

for name in "Release bot" $hostile_name; do
  keyfob-tool delete $name > /dev/null
done

(( failed )) || print "ok: keyfob-tool's zsh completion"
exit $failed
