#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test: drive the real keyfob app over AT-SPI, as a person with a screen reader would.

Runs under tests/keyfob-test-session with KEYFOB_TEST_DISPLAY=1 and KEYFOB_TEST_ATSPI=1: a
throwaway keyring, an Xvfb display and the accessibility bus. It starts the vendor emulator
(keyfob-emulator-server) and the app pointed at it, then adds a Cutover token through the Add
dialog, tests it, copies it, renames it and revokes it, checking the keyring with keyfob-tool.

Environment: KEYFOB_APP, KEYFOB_TOOL, KEYFOB_EMULATOR_SERVER (paths), GSETTINGS_SCHEMA_DIR.
Output is TAP; on a failure a screenshot goes to the meson log directory.

The AT-SPI helpers, and what GTK 4.8 makes of AT-SPI, are in keyfob_test_atspi.py.
"""

import json
import os
import re
import select
import signal
import subprocess
import sys
import traceback
from pathlib import Path

# The helper beside this file, imported without leaving a __pycache__ in the source tree.
sys.dont_write_bytecode = True
from keyfob_test_atspi import (  # noqa: E402
    WAIT_SECONDS, App, StepFailed, activate, choose_list_item, click, diag, empty_state, find,
    find_all, n_rows, name, press_key, row_named, safe, screen_text, set_text, wait_for)

# The first window waits for the keyring and the accessibility bus: on a loaded machine, longer.
STARTUP_SECONDS = 45

NAME = "Release bot"
NEW_NAME = "Release bot (prod)"
INSTANCE = "acme"
TOKEN = "3f9a1c0d5e7b2a4968c1d0e3f5a7b9c2d4e6f8a0b1c3d5e7"
ACCOUNT = "Acme Inc"

assert len(TOKEN) == 48


# TAP

class Tap:
    def __init__(self, plan):
        self.plan = plan
        self.n = 0
        print(f"1..{plan}", flush=True)

    def ok(self, description):
        self.n += 1
        print(f"ok {self.n} - {description}", flush=True)

    def not_ok(self, description, message):
        self.n += 1
        print(f"not ok {self.n} - {description}", flush=True)
        for line in message.splitlines():
            print(f"# {line}", flush=True)

    def skip_rest(self, reason):
        while self.n < self.plan:
            self.n += 1
            print(f"ok {self.n} # SKIP {reason}", flush=True)


# Processes

class Processes:
    """The emulator and the app, stopped whatever happens."""

    def __init__(self):
        self.emulator = None
        self.app = None

    def start_emulator(self, server):
        self.emulator = subprocess.Popen([server], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         text=True, bufsize=1)
        url = self.read_emulator_line("its URL")
        if not re.fullmatch(r"http://127\.0\.0\.1:\d+", url):
            raise StepFailed(f"the emulator printed {url!r}, not its URL")
        return url

    def read_emulator_line(self, what):
        ready, _, _ = select.select([self.emulator.stdout], [], [], WAIT_SECONDS)
        if not ready:
            raise StepFailed(f"the emulator did not answer with {what} within {WAIT_SECONDS} s")
        line = self.emulator.stdout.readline()
        if not line:
            raise StepFailed(f"the emulator exited (status {self.emulator.poll()})")
        return line.strip()

    def tell_emulator(self, command):
        self.emulator.stdin.write(command + "\n")
        self.emulator.stdin.flush()
        answer = self.read_emulator_line("ok")
        if answer != "ok":
            raise StepFailed(f"the emulator answered {answer!r} to {command.split()[0]!r}")

    def start_app(self, app, env):
        # stdout carries TAP only: the app's output goes to stderr, which meson logs.
        # KEYFOB_E2E_WRAPPER="gdb -q -batch -ex run -ex bt --args" gets a backtrace of a crash.
        wrapper = env.get("KEYFOB_E2E_WRAPPER", "").split()
        self.app = subprocess.Popen(wrapper + [app], env=env, stdout=sys.stderr, stderr=sys.stderr,
                                    stdin=subprocess.DEVNULL)
        # Under a wrapper the pid is the wrapper's: find the app by its name then.
        return None if wrapper else self.app.pid

    def stop(self):
        if self.app is not None and self.app.poll() is None:
            self.app.send_signal(signal.SIGTERM)
            try:
                self.app.wait(10)
            except subprocess.TimeoutExpired:
                self.app.kill()
                self.app.wait()
        if self.emulator is not None and self.emulator.poll() is None:
            try:
                self.emulator.stdin.close()  # closing stdin ends it
                self.emulator.wait(10)
            except (subprocess.TimeoutExpired, OSError):
                self.emulator.kill()
                self.emulator.wait()


def screenshot(log_dir, label):
    path = log_dir / f"e2e-{label}.png"
    try:
        subprocess.run(["import", "-window", "root", str(path)], timeout=20, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return path
    except Exception as e:
        diag(f"could not take a screenshot: {e!r}")
        return None


def keyring_tokens(tool, env):
    out = subprocess.run([tool, "list", "--json"], env=env, capture_output=True, text=True,
                         timeout=WAIT_SECONDS)
    if out.returncode != 0:
        raise StepFailed(f"keyfob-tool list --json failed ({out.returncode}): {out.stderr}")
    return json.loads(out.stdout)


def clipboard():
    out = subprocess.run(["xclip", "-o", "-selection", "clipboard"], capture_output=True,
                         text=True, timeout=5)
    return out.stdout if out.returncode == 0 else None


# The steps

def main():
    app_path = os.environ.get("KEYFOB_APP")
    tool_path = os.environ.get("KEYFOB_TOOL")
    server_path = os.environ.get("KEYFOB_EMULATOR_SERVER")
    if not (app_path and tool_path and server_path):
        print("1..0 # SKIP KEYFOB_APP, KEYFOB_TOOL and KEYFOB_EMULATOR_SERVER must be set")
        return 0
    if not os.environ.get("DISPLAY"):
        print("1..0 # SKIP no display: run under tests/keyfob-test-session with "
              "KEYFOB_TEST_DISPLAY=1")
        return 0

    log_dir = Path(os.environ.get("KEYFOB_TEST_LOG_DIR")
                   or Path(app_path).resolve().parents[2] / "meson-logs")
    log_dir.mkdir(parents=True, exist_ok=True)

    procs = Processes()
    env = dict(os.environ)
    # The real accessibility bus, not GTK's in-process test backend.
    if env.get("GTK_A11Y") not in (None, "atspi"):
        del env["GTK_A11Y"]

    app = None

    def main_window():
        return app.window("Keyfob")

    def add_dialog():
        return app.window("Add Token")

    def dialog(title):
        return lambda: app.window(title)

    def step_emulator():
        url = procs.start_emulator(server_path)
        procs.tell_emulator(f"set {TOKEN} valid")
        env["KEYFOB_ENDPOINT_OVERRIDE"] = url

    def step_window():
        nonlocal app
        tokens = keyring_tokens(tool_path, env)
        if tokens:
            raise StepFailed(f"the keyring is not empty: {tokens!r}; the test needs the "
                             "throwaway keyring of tests/keyfob-test-session")
        pid = procs.start_app(app_path, env)
        app = App(procs.app, pid)
        app.window("Keyfob", STARTUP_SECONDS)
        wait_for("the empty state “No Tokens Yet”", lambda: empty_state(main_window()),
                 STARTUP_SECONDS)

    def step_pick_provider():
        click(main_window, r"Add Token", "Add Token")
        app.window("Add Token")
        # GTK 4.8 gives list rows no AT-SPI action and ignores GrabFocus: as a keyboard user,
        # Tab into the list, arrow to Cutover, press Enter.
        choose_list_item(add_dialog, "Add Token", r"Providers", r"Cutover")
        wait_for("Cutover’s own steps",
                 lambda: find(add_dialog(), roles=("label",), texts=r"CREATE USER APP TOKEN"))
        click(add_dialog, r"(_Next )?Next", "Next")

    def step_form():
        # The name field carries the vendor's word for it: Cutover calls it Label.
        set_text(add_dialog, r"Label", NAME, "Label")
        set_text(add_dialog, r"Instance", INSTANCE, "Instance")
        set_text(add_dialog, r"Token", TOKEN, "Token")

    def step_test_in_dialog():
        click(add_dialog, r"(_Test )?Test", "Test")
        wait_for(f"the check to report “{ACCOUNT}”",
                 lambda: find(add_dialog(), roles=("label",), texts=re.escape(ACCOUNT)))

    def step_save():
        click(add_dialog, r"(_Save )?Save", "Save")
        app.wait_closed("Add Token")
        wait_for(f"the row “{NAME}” in the table", lambda: row_named(main_window(), NAME))
        tokens = keyring_tokens(tool_path, env)
        if [t.get("name") for t in tokens] != [NAME]:
            raise StepFailed(f"the keyring holds {tokens!r}, not one token “{NAME}”")

    def step_row_test():
        click(main_window, re.escape(f"Test {NAME}"), f"Test {NAME}")
        wait_for("the Valid badge in its row",
                 lambda: find(row_named(main_window(), NAME), roles=("label",),
                              texts=r"^Valid$"))

    def step_copy():
        click(main_window, re.escape(f"Copy {NAME}"), f"Copy {NAME}")
        # Read it well before the 30 s are up: then Keyfob clears it.
        wait_for("the clipboard to hold the token", lambda: clipboard() == TOKEN)
        # Toasts queue: this one may wait for the test's "Valid" toast to go.
        wait_for("the toast “Copied. Clears in 30 s”",
                 lambda: find(main_window(), roles=("label",), texts=r"Copied\. Clears in 30 s"))

    def open_row_menu_item(token_name, item):
        # The menu button of the row that shows TOKEN_NAME, whatever its accessible name says
        # (a separate step checks that).
        click(lambda: row_named(main_window(), token_name), r"More actions for .*",
              f"More actions in the row “{token_name}”")
        entry = wait_for(f"the menu item {item}",
                         lambda: find(main_window(), item, roles=("menu item", "push button",
                                                                 "check menu item")))
        activate(entry, item)

    def step_rename():
        open_row_menu_item(NAME, r"Re_?name…")
        rename = dialog("Rename Token")
        rename()
        # The name field carries the vendor's word for it, as in the Add dialog.
        set_text(rename, r"Label", NEW_NAME, "Label")
        click(rename, r"(_Rename )?Rename", "Rename")
        app.wait_closed("Rename Token")
        wait_for(f"the row “{NEW_NAME}”", lambda: row_named(main_window(), NEW_NAME))
        if row_named(main_window(), NAME) is not None:
            raise StepFailed(f"the row “{NAME}” is still there")
        tokens = keyring_tokens(tool_path, env)
        if [t.get("name") for t in tokens] != [NEW_NAME]:
            raise StepFailed(f"the keyring holds {tokens!r}, not one token “{NEW_NAME}”")

    def step_renamed_labels():
        # A screen reader names the row's buttons after the token: after a rename, the new name.
        row = wait_for(f"the row “{NEW_NAME}”", lambda: row_named(main_window(), NEW_NAME))
        names = sorted(name(b) for b in find_all(row, roles=("push button",), actionable=True))
        expected = sorted(f"{verb} {NEW_NAME}" for verb in ("Copy", "Test", "More actions for"))
        if names != expected:
            raise StepFailed(f"the row “{NEW_NAME}” has buttons named {names}, not {expected}")

    def step_revoke():
        procs.tell_emulator(f"set {TOKEN} invalid")
        open_row_menu_item(NEW_NAME, r"Re_?voke…")
        # Cutover's own modal title.
        revoke = dialog("Revoke User App Token")
        revoke()
        click(revoke, r"(_Check Revocation )?Check Revocation", "Check Revocation")
        app.wait_closed("Revoke User App Token")
        wait_for(f"the row “{NEW_NAME}” to disappear",
                 lambda: row_named(main_window(), NEW_NAME) is None)
        wait_for("the table to list no token", lambda: n_rows(main_window()) == 0)
        wait_for("the empty state “No Tokens Yet”", lambda: empty_state(main_window()))

    def step_keyring_empty():
        tokens = keyring_tokens(tool_path, env)
        if tokens:
            raise StepFailed(f"the keyring still holds {tokens!r}")

    # (description, step, whether the later steps need it to pass)
    steps = [
        ("the emulator starts and knows the token", step_emulator, True),
        ("the window opens on the empty state", step_window, True),
        ("Add Token shows Cutover's own steps", step_pick_provider, True),
        ("the form takes label, instance and token", step_form, True),
        ("Test in the dialog reports the account", step_test_in_dialog, True),
        ("Save closes the dialog, the row and the keyring have the token", step_save, True),
        ("the row's Test button shows Valid", step_row_test, False),
        ("the row's Copy button puts the token on the clipboard", step_copy, False),
        ("Rename… renames the row and the keyring item", step_rename, True),
        ("the renamed row's buttons carry the new name", step_renamed_labels, False),
        ("Revoke… proves the token dead and removes the row", step_revoke, True),
        ("the keyring no longer holds the token", step_keyring_empty, True),
    ]

    tap = Tap(len(steps))
    status = 0
    n_shots = 0
    try:
        for description, fn, needed in steps:
            try:
                fn()
            except Exception as e:
                n_shots += 1
                shot = screenshot(log_dir, f"failure-{n_shots}")
                message = str(e) if isinstance(e, StepFailed) else traceback.format_exc()
                if shot:
                    message += f"\nscreenshot: {shot}"
                if procs.app is not None and procs.app.poll() is not None:
                    message += f"\nthe app exited with status {procs.app.returncode}"
                tap.not_ok(description, message)
                if app is not None:
                    for f in app.known_windows():
                        diag(f"--- on screen in “{name(f)}”:\n{screen_text(f)}")
                status = 1
                if needed:
                    tap.skip_rest("an earlier step failed")
                    break
                # Leave no menu or dialog open for the next step.
                safe(lambda: press_key("Keyfob", "Escape"))
                continue
            tap.ok(description)
    finally:
        procs.stop()

    return status


if __name__ == "__main__":
    sys.exit(main())
