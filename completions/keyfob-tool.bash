# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for keyfob-tool, loaded by bash-completion (whose _init_completion it uses).
#
# Commands and options come from keyfob-tool's own --help, so they follow the installed
# version; provider ids, field keys and token names from its machine-readable lists. Token
# names come from the keyring, where any program may have written them: they are matched and
# added one by one, never passed through compgen -W, which would expand $(...) in them.

# Adds each line of standard input that starts with $1 to COMPREPLY, as it is.
_keyfob_tool_add_matching()
{
    local prefix=$1 line
    while IFS= read -r line; do
        [[ -n $line && $line == "$prefix"* ]] && COMPREPLY+=("$line")
    done
}

# The text the user typed, without the quote or backslashes readline will add back.
_keyfob_tool_unquote()
{
    local word=$1
    case $word in
        \"* | \'*) word=${word:1} ;;
    esac
    printf '%s' "${word//\\/}"
}

_keyfob_tool_help()
{
    LC_ALL=C.UTF-8 LANGUAGE= "$@" --help 2>/dev/null
}

_keyfob_tool_commands()
{
    _keyfob_tool_help "$1" |
        sed -n '/^Commands:$/,/^$/{s/^  \([a-z][a-z-]*\).*/\1/p}'
}

# Each option of a command, with a trailing = when it takes a value.
_keyfob_tool_options()
{
    _keyfob_tool_help "$1" "$2" |
        sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z][a-z-]*=\{0,1\}\).*/\2/p' |
        grep -v -x -e --help
}

# Token names: readline quotes what it inserts, as it does file names.
_keyfob_tool_names()
{
    compopt -o filenames 2>/dev/null
    _keyfob_tool_add_matching "$(_keyfob_tool_unquote "$2")" \
        < <("$1" list --names 2>/dev/null)
}

_keyfob_tool()
{
    local cur prev words cword split
    _init_completion -s -n = || return

    local tool=${words[0]} command=${words[1]} i provider=

    if ((cword == 1)); then
        COMPREPLY=($(compgen -W "$(_keyfob_tool_commands "$tool") --help --version" \
            -- "$cur"))
        return
    fi

    # exec: after --, the command and its own arguments. _command_offset counts in
    # COMP_WORDS, which readline split at = too.
    for ((i = 2; i < COMP_CWORD; i++)); do
        if [[ $command == exec && ${COMP_WORDS[i]} == -- ]]; then
            _command_offset $((i + 1))
            return
        fi
    done

    case $prev in
        --provider | --fields)
            _keyfob_tool_add_matching "$cur" < <("$tool" providers 2>/dev/null | cut -f 1)
            return
            ;;
        --field)
            for ((i = 2; i < cword; i++)); do
                case ${words[i]} in
                    --provider) provider=${words[i + 1]} ;;
                    --provider=*) provider=${words[i]#--provider=} ;;
                esac
            done
            # edit's token names its provider: offer every provider's fields then.
            if [[ -z $provider ]]; then
                provider=$("$tool" providers 2>/dev/null | cut -f 1)
            fi
            _keyfob_tool_add_matching "$cur" < <(
                for i in $provider; do
                    "$tool" providers --fields "$i" 2>/dev/null
                done
            )
            [[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
            # Readline replaces only what follows the last =: KEY=VALUE becomes VALUE then.
            if [[ $cur == *=* ]]; then
                COMPREPLY=("${COMPREPLY[@]#*=}")
            fi
            return
            ;;
        --env | -e)
            # VAR=NAME: the name after the =, which readline completes on its own.
            if [[ $cur == *=* ]]; then
                _keyfob_tool_names "$tool" "${cur#*=}"
            fi
            return
            ;;
        --env-file)
            _filedir
            return
            ;;
        --expires | --expiring | --days | --allow-host | --name)
            return
            ;;
    esac
    [[ $split == true ]] && return

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_keyfob_tool_options "$tool" "$command")" -- "$cur"))
        [[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
        return
    fi

    case $command in
        get | rename | edit | test | revoke | delete)
            # rename's second word is the new name: nothing to offer.
            if [[ $command == rename ]] && ((cword > 2)); then
                return
            fi
            _keyfob_tool_names "$tool" "$cur"
            ;;
        import | scan)
            # import's .env file; the files and folders scan searches.
            _filedir
            ;;
    esac
}

complete -F _keyfob_tool keyfob-tool
