#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The man pages: each formats without a single groff warning (man --warnings exits 0 even
then, so any complaint fails), and each says what the program's --help says: every command of
keyfob-tool with its usage as the heading of its own subsection, every option of each command
in that subsection, every program option under OPTIONS, and the version. A command or option
added to the code and not to the page fails here.

Usage: test-man-pages.py MAN MAN_DIR
with $KEYFOB_TOOL and $KEYFOB_APP the built programs.
"""

import os
import re
import subprocess
import sys

failures = []


def fail(message):
    failures.append(message)
    print(f"not ok: {message}", file=sys.stderr)


def untranslated_env():
    env = dict(os.environ)
    env.update({"LC_ALL": "C.UTF-8", "LANGUAGE": "", "MANWIDTH": "80"})
    return env


def run(argv):
    done = subprocess.run(argv, capture_output=True, text=True, env=untranslated_env(),
                          check=False)
    if done.returncode != 0:
        fail(f"{' '.join(argv)} exited with {done.returncode}: {done.stderr}")
    return done.stdout


def check_formats(man, page):
    done = subprocess.run([man, "--warnings", "-l", page], capture_output=True, text=True,
                          env=untranslated_env(), check=False)
    if done.returncode != 0 or done.stderr:
        fail(f"man --warnings -l {page}: exit {done.returncode}\n{done.stderr}")
    if "NAME" not in done.stdout:
        fail(f"{page} formats to nothing")


def roff_to_text(line):
    """A macro line's words as a reader sees them: fonts and quotes gone, escapes resolved."""
    line = re.sub(r"^\.\w+\s*", "", line)
    line = re.sub(r"\\f[BIRP]", "", line)
    return line.replace("\\-", "-").replace('"', "").strip()


def sections(page_text, macro):
    """The text under each SH or SS heading, keyed by its heading (as text)."""
    result = {}
    heading = None
    for line in page_text.splitlines():
        if line.startswith(".SH ") and macro == ".SS":
            heading = None
        if line.startswith(macro + " "):
            heading = roff_to_text(line)
            result[heading] = []
        elif heading is not None:
            result[heading].append(line)
    return {key: "\n".join(value) for key, value in result.items()}


def options_in_help(help_text):
    """(short, long) of every option a GLib --help lists, its help options left out."""
    options = []
    for match in re.finditer(r"^  (?:-(\w), )?--([a-z][a-z0-9-]*)", help_text, re.MULTILINE):
        if match.group(2) not in ("help", "help-all", "help-gapplication"):
            options.append((match.group(1), match.group(2)))
    return options


def check_option(where, text, short, long):
    text = text.replace("\\-", "-")
    if not re.search(rf"--{long}\b(?!-)", text):
        fail(f"{where}: --{long} is not described")
    if short is not None and not re.search(rf"(?<![-\w])-{short}\b", text):
        fail(f"{where}: -{short} is not described")


def check_version(page, page_text, program_version):
    version = program_version.split()[-1]
    heading = next(line for line in page_text.splitlines() if line.startswith(".TH "))
    if f"Keyfob {version}" not in heading:
        fail(f"{page}: .TH names another version than {version}: {heading}")


def check_tool(page):
    tool = os.environ["KEYFOB_TOOL"]
    with open(page, encoding="utf-8") as page_file:
        text = page_file.read()

    check_version(page, text, run([tool, "--version"]))

    help_text = run([tool, "--help"])
    commands_part = help_text.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
    commands = {}
    for line in commands_part.splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            name = line.split()[0]
            commands[name] = line.strip()

    subsections = sections(text.split("\n.SH COMMANDS\n", 1)[1].split("\n.SH ", 1)[0], ".SS")
    by_name = {heading.split()[0]: heading for heading in subsections}

    for name, usage in commands.items():
        if name not in by_name:
            fail(f"{page}: the command {name} has no subsection")
            continue
        if by_name[name] != usage:
            fail(f"{page}: the heading for {name} reads “{by_name[name]}”, "
                 f"--help says “{usage}”")
        for short, long in options_in_help(run([tool, name, "--help"])):
            check_option(f"{page}, {name}", subsections[by_name[name]], short, long)
    for name in by_name:
        if name not in commands:
            fail(f"{page}: documents a command {name} that keyfob-tool --help does not list")

    options = sections(text, ".SH").get("OPTIONS", "")
    for long in re.findall(r"^  (--[a-z-]+)$", help_text.split("\nOptions:\n", 1)[1],
                           re.MULTILINE):
        check_option(f"{page}, OPTIONS", options, None, long[2:])


def check_app(page):
    app = os.environ["KEYFOB_APP"]
    with open(page, encoding="utf-8") as page_file:
        text = page_file.read()

    check_version(page, text, run([app, "--version"]))
    options = sections(text, ".SH").get("OPTIONS", "")
    for short, long in options_in_help(run([app, "--help-all"])):
        check_option(f"{page}, OPTIONS", options, short, long)


def main():
    man, man_dir = sys.argv[1], sys.argv[2]
    pages = {name: os.path.join(man_dir, name) for name in ("keyfob.1", "keyfob-tool.1")}

    for page in pages.values():
        check_formats(man, page)
    check_tool(pages["keyfob-tool.1"])
    check_app(pages["keyfob.1"])

    if failures:
        sys.exit(1)
    print("ok: keyfob(1) and keyfob-tool(1)")


main()
