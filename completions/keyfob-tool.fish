# SPDX-License-Identifier: GPL-3.0-or-later
# fish completion for keyfob-tool.
#
# Commands and options come from keyfob-tool's own --help, so they follow the installed
# version; provider ids, field keys and token names from its machine-readable lists. fish
# inserts what these functions print as text, escaped, and never evaluates it.

function __keyfob_tool_help
    env LC_ALL=C.UTF-8 LANGUAGE= keyfob-tool $argv --help 2>/dev/null
end

function __keyfob_tool_commands
    __keyfob_tool_help | string replace -rf '^  ([a-z][a-z-]*)( .*)?$' '$1'
end

function __keyfob_tool_needs_command
    test (count (commandline -opc)) -eq 1
end

# After exec's --, the words belong to the command it runs.
function __keyfob_tool_command_is
    set -l words (commandline -opc)
    test (count $words) -ge 2; and contains -- $words[2] $argv
    and not __keyfob_tool_exec_command
end

# exec … -- COMMAND ARG…: the words after --, the one being typed last, as typed.
function __keyfob_tool_exec_command
    set -l words (commandline -opc)
    test (count $words) -ge 2; and test $words[2] = exec; or return 1
    set -l dashes (contains -i -- -- $words); or return 1
    string escape -- $words[(math $dashes + 1)..-1]
    commandline -ct
end

# What fish offers for that command line on its own.
function __keyfob_tool_exec_complete
    complete -C (string join -- ' ' (__keyfob_tool_exec_command))
end

# The options of the command on the line, as --help lists them.
function __keyfob_tool_options
    set -l words (commandline -opc)
    __keyfob_tool_help $words[2] |
        string replace -rf '^  (?:-[a-z], )?--([a-z][a-z-]*).*' -- '--$1' |
        string match -v -- --help
end

function __keyfob_tool_providers
    keyfob-tool providers 2>/dev/null | string split -f 1 \t
end

# The fields of the provider on the line; for edit, whose token names its provider, all.
function __keyfob_tool_fields
    set -l words (commandline -opc)
    set -l providers
    for i in (seq (count $words))
        switch $words[$i]
            case --provider
                set providers $words[(math $i + 1)]
            case '--provider=*'
                set providers (string replace -- --provider= '' $words[$i])
        end
    end
    test -n "$providers"; or set providers (__keyfob_tool_providers)
    for provider in $providers
        keyfob-tool providers --fields $provider 2>/dev/null
    end
end

function __keyfob_tool_names
    keyfob-tool list --names 2>/dev/null
end

# exec --env VAR=NAME: the token names, after the VAR= already typed.
function __keyfob_tool_env_names
    set -l variable (commandline -ct | string match -r '^[A-Za-z_][A-Za-z0-9_]*=')
    or return
    for name in (__keyfob_tool_names)
        printf '%s%s\n' $variable $name
    end
end

complete -c keyfob-tool -f
complete -c keyfob-tool -n __keyfob_tool_needs_command -a '(__keyfob_tool_commands)'
complete -c keyfob-tool -n __keyfob_tool_needs_command -l help -d 'Show the commands'
complete -c keyfob-tool -n __keyfob_tool_needs_command -l version -d 'Print the version'
complete -c keyfob-tool -n 'not __keyfob_tool_needs_command; and not __keyfob_tool_exec_command; and string match -q -- "-*" (commandline -ct)' \
    -a '(__keyfob_tool_options)'
complete -c keyfob-tool -n __keyfob_tool_exec_command -a '(__keyfob_tool_exec_complete)'

complete -c keyfob-tool -n '__keyfob_tool_command_is add' -l provider -x \
    -a '(__keyfob_tool_providers)'
complete -c keyfob-tool -n '__keyfob_tool_command_is providers' -l fields -x \
    -a '(__keyfob_tool_providers)'
complete -c keyfob-tool -n '__keyfob_tool_command_is exec' -s e -l env -x \
    -a '(__keyfob_tool_env_names)'
complete -c keyfob-tool -n '__keyfob_tool_command_is exec' -l env-file -r -F
# import's .env file; the files and folders scan searches.
complete -c keyfob-tool -n '__keyfob_tool_command_is import scan' -F
complete -c keyfob-tool -n '__keyfob_tool_command_is add edit' -l field -x \
    -a '(__keyfob_tool_fields)'
complete -c keyfob-tool -n '__keyfob_tool_command_is get edit test revoke delete' \
    -a '(__keyfob_tool_names)'
complete -c keyfob-tool -n '__keyfob_tool_command_is rename; and test (count (commandline -opc)) -eq 2' \
    -a '(__keyfob_tool_names)'
