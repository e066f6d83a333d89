#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test: drive the real keyfob app over AT-SPI, as a person with a screen reader would.

Runs under tests/keyfob-test-session with KEYFOB_TEST_DISPLAY=1 and KEYFOB_TEST_ATSPI=1: a
throwaway keyring, an Xvfb display and the accessibility bus. It starts the vendor emulator
(keyfob-emulator-server) and the app pointed at it, then adds a Cutover token through the Add
dialog, tests it, copies it, renames it and revokes it, checking the keyring with keyfob-tool.

Environment: KEYFOB_APP, KEYFOB_TOOL, KEYFOB_EMULATOR_SERVER (paths), GSETTINGS_SCHEMA_DIR.
Output is TAP; on a failure a screenshot goes to the meson log directory.

Notes on GTK 4.8 over AT-SPI:
- only some toplevels are SHOWING; widgets inside are VISIBLE, even on a hidden GtkStack page.
  A page never shown has empty extents, so "on screen" means VISIBLE with a non-empty extent;
  a page shown once keeps its old extents when hidden (see empty_state);
- a button with a mnemonic is named "_Save Save": match names with a regex;
- list rows have no action and GrabFocus does nothing: rows are chosen with the keyboard;
- asking the application for a toplevel by a stale index crashes the app (see App);
- there is no AT-SPI cache, so every property read is a D-Bus call: waits poll gently.
"""

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pyatspi
from gi.repository import Atspi

WAIT_SECONDS = 15
# The first window waits for the keyring and the accessibility bus: on a loaded machine, longer.
STARTUP_SECONDS = 45
POLL_SECONDS = 0.15

NAME = "Release bot"
NEW_NAME = "Release bot (prod)"
INSTANCE = "acme"
TOKEN = "3f9a1c0d5e7b2a4968c1d0e3f5a7b9c2d4e6f8a0b1c3d5e7"
ACCOUNT = "Acme Inc"

assert len(TOKEN) == 48


class StepFailed(Exception):
    pass


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


def diag(message):
    print(message, file=sys.stderr, flush=True)


# AT-SPI helpers

def safe(fn, default=None):
    try:
        return fn()
    except Exception:
        return default


def children(node):
    n = safe(lambda: node.childCount, 0) or 0
    for i in range(min(n, 2000)):
        c = safe(lambda: node.getChildAtIndex(i))
        if c is not None:
            yield c


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for c in children(node):
        yield from walk(c, depth + 1)


def extents(node):
    ext = safe(lambda: node.queryComponent().getExtents(pyatspi.WINDOW_COORDS))
    if ext is None:
        return (0, 0, 0, 0)
    return (ext.x, ext.y, ext.width, ext.height)


def on_screen(node):
    """Visible and given room: hidden stack pages and unrevealed revealers have no extent."""
    states = safe(lambda: node.getState())
    if states is None:
        return False
    if not (states.contains(pyatspi.STATE_VISIBLE) or states.contains(pyatspi.STATE_SHOWING)):
        return False
    _x, _y, w, h = extents(node)
    return w > 0 and h > 0


def role(node):
    return safe(lambda: node.getRoleName(), "") or ""


def name(node):
    return safe(lambda: node.name, "") or ""


def text(node):
    t = safe(lambda: node.queryText())
    if t is None:
        return ""
    return safe(lambda: t.getText(0, min(t.characterCount, 2000)), "") or ""


def sensitive(node):
    return safe(lambda: node.getState().contains(pyatspi.STATE_SENSITIVE), False)


def x_window_shown(title):
    """Whether X has a mapped window titled TITLE (xdotool matches a regex)."""
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{re.escape(title)}$"],
                         capture_output=True, text=True, timeout=10)
    return bool(out.stdout.split())


class App:
    """The running keyfob process, seen through the accessibility bus.

    GTK 4.8 crashes (NULL object path in GetChildAtIndex on the application) when a client asks
    for a toplevel by an index that a closing window just made stale: the app hands out its
    hidden, never realised GtkShortcutsWindow instead. So the toplevels are listed only while
    no window closes: a window's accessible is looked up once X shows the window, kept, and
    windows are seen to close through X alone."""

    def __init__(self, process, pid):
        self.process = process
        self.pid = pid
        self._root = None
        self._windows = {}

    def check_alive(self):
        status = self.process.poll()
        if status is not None:
            raise StepFailed(f"the app exited with status {status} (another instance running "
                             "on this bus takes over and exits 0)")

    def root(self):
        self.check_alive()
        if self._root is not None:
            return self._root
        desktop = pyatspi.Registry.getDesktop(0)
        for a in children(desktop):
            if (safe(lambda: a.get_process_id()) == self.pid
                    or (self.pid is None and name(a) == "keyfob")):
                # GTK 4.8 offers no AT-SPI cache; read every property fresh rather than trust
                # values libatspi kept from events.
                safe(lambda: a.set_cache_mask(Atspi.Cache.NONE))
                self._root = a
                return a
        return None

    def _lookup(self, title):
        root = self.root()
        if root is None:
            return None
        # Only some toplevels are SHOWING in GTK 4.8 (the Rename dialog is a VISIBLE "filler").
        for f in children(root):
            if name(f) == title and on_screen(f):
                return f
        return None

    def window(self, title, timeout=WAIT_SECONDS):
        """The accessible of the window titled TITLE, once X shows it."""
        if title not in self._windows:
            wait_for(f"the window “{title}”", lambda: x_window_shown(title), timeout)
            self._windows[title] = wait_for(f"the window “{title}” on the accessibility bus",
                                            lambda: self._lookup(title), timeout)
        return self._windows[title]

    def wait_closed(self, title):
        wait_for(f"the window “{title}” to close", lambda: not x_window_shown(title))
        self._windows.pop(title, None)

    def known_windows(self):
        return [w for t, w in self._windows.items() if x_window_shown(t)]


# GTK 4.8 labels carry eight clipboard and menu actions; only these press something. A
# GtkMenuButton shows as two push buttons of the same name: only the inner one has "click".
ACTIVATE = ("click", "press", "activate", "toggle", "select", "jump")


def activating_actions(node):
    action = safe(lambda: node.queryAction())
    if action is None:
        return []
    names = [safe(lambda: action.getName(i), "") for i in range(safe(lambda: action.nActions, 0))]
    return [(i, n) for i, n in enumerate(names) if n in ACTIVATE]


def find_all(scope, pattern=None, roles=None, texts=None, actionable=False, editable=False):
    """Objects on screen under SCOPE named like PATTERN (regex, full match) or whose text
    matches TEXTS (regex, search)."""
    rx = re.compile(pattern) if pattern else None
    tx = re.compile(texts) if texts else None
    out = []
    if scope is None:
        return out
    for n in walk(scope):
        if n is scope:
            continue
        if roles and role(n) not in roles:
            continue
        if rx and not rx.fullmatch(name(n)):
            continue
        if tx and not tx.search(text(n)):
            continue
        if actionable and not activating_actions(n):
            continue
        if editable and safe(lambda: n.queryEditableText()) is None:
            continue
        if not on_screen(n):
            continue
        out.append(n)
    return out


def find(scope, *args, **kwargs):
    found = find_all(scope, *args, **kwargs)
    return found[0] if found else None


def poll(predicate, timeout):
    """PREDICATE's first true value within TIMEOUT seconds, or None."""
    try:
        return wait_for("", predicate, timeout)
    except StepFailed:
        return None


def wait_for(what, predicate, timeout=WAIT_SECONDS):
    """Poll PREDICATE until it returns something true; raise StepFailed after TIMEOUT."""
    if what:
        diag(f"{time.strftime('%H:%M:%S')}.{int(time.time() * 1000) % 1000:03d} waiting for {what}")
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except StepFailed:
            raise
        except Exception as e:  # the tree changes under us: retry
            last_error = e
        if time.monotonic() > deadline:
            detail = f" (last error: {last_error!r})" if last_error else ""
            raise StepFailed(f"timed out after {timeout} s waiting for {what}{detail}")
        time.sleep(POLL_SECONDS)


def activate(node, what):
    actions = activating_actions(node)
    if not actions:
        raise StepFailed(f"{what} ({role(node)} {name(node)!r}) has no action to press it")
    i, n = actions[0]
    if not node.queryAction().doAction(i):
        raise StepFailed(f"{what}: the {n!r} action failed")


def press_key(window_title, keysym):
    """Press a key in the X window titled WINDOW_TITLE, as a keyboard user would.

    Without a window manager X input focus stays where it was: focus the window first."""
    ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--name",
                          f"^{re.escape(window_title)}$"],
                         capture_output=True, text=True, timeout=10).stdout.split()
    if not ids:
        raise StepFailed(f"no X window titled “{window_title}” to type into")
    subprocess.run(["xdotool", "windowfocus", "--sync", ids[-1]], timeout=10, check=True)
    subprocess.run(["xdotool", "key", "--clearmodifiers", keysym], timeout=10, check=True)


def focused(node):
    return safe(lambda: node.getState().contains(pyatspi.STATE_FOCUSED), False)


def choose_list_item(scope_fn, window_title, list_name, item_name):
    """Move the keyboard focus onto the list item named ITEM_NAME in the list LIST_NAME and
    press Enter."""
    def items():
        lst = find(scope_fn(), list_name, roles=("list",))
        return [i for i in children(lst) if role(i) == "list item"] if lst else []

    def focused_index():
        for i, item in enumerate(items()):
            if focused(item):
                return i
        return None

    wait_for(f"the {list_name} list", items)
    names = [name(i) for i in items()]
    target = next((i for i, n in enumerate(names) if re.fullmatch(item_name, n)), None)
    if target is None:
        raise StepFailed(f"no {item_name!r} in the {list_name} list: {names}")

    # The focus starts on the Cancel button: Tab until it lands in the list.
    for _ in range(8):
        if poll(lambda: focused_index() is not None, 2):
            break
        press_key(window_title, "Tab")
    current = wait_for(f"the keyboard focus in the {list_name} list",
                       lambda: focused_index() is not None and (focused_index(),))[0]
    while current != target:
        press_key(window_title, "Down" if current < target else "Up")
        expected = current + (1 if current < target else -1)
        wait_for(f"the focus to move to {names[expected]!r}",
                 lambda: focused_index() == expected)
        current = expected
    press_key(window_title, "Return")


def click(scope_fn, pattern, what, roles=("push button", "toggle button")):
    """Wait until a sensitive button named like PATTERN is on screen in scope_fn(), press it."""
    def ready():
        for b in find_all(scope_fn(), pattern, roles=roles, actionable=True):
            if sensitive(b):
                return b
        return None

    button = wait_for(f"the {what} button", ready)
    activate(button, what)
    return button


def set_text(scope_fn, pattern, value, what):
    entry = wait_for(f"the {what} entry",
                     lambda: find(scope_fn(), pattern, roles=("text", "entry", "password text"),
                                  editable=True))
    safe(lambda: entry.queryComponent().grabFocus())
    editable = entry.queryEditableText()
    editable.setTextContents(value)
    # Secret entries read back as bullets: compare lengths there.
    wait_for(f"the {what} entry to hold what was typed",
             lambda: len(text(entry)) == len(value))
    return entry


def screen_text(scope):
    return "\n".join(f"{role(n)}: {name(n)} {text(n)}".strip()
                     for n in walk(scope) if n is not scope and on_screen(n))


# The rows of the token table: each a "table row" under the column view's list.

def row_named(window, token_name):
    """The table row whose Name cell reads TOKEN_NAME, or None."""
    table = find(window, "Tokens", roles=("tree table", "table"))
    if table is None:
        return None
    for r in walk(table):
        if role(r) != "table row" or not on_screen(r):
            continue
        for label in walk(r):
            if role(label) == "label" and text(label) == token_name and on_screen(label):
                return r
    return None


def n_rows(window):
    """How many tokens the table lists (the header row aside)."""
    table = find(window, "Tokens", roles=("tree table", "table"))
    if table is None:
        return 0
    return sum(1 for r in walk(table) if role(r) == "table row" and name(r) == "GtkListItemWidget"
               and find(r, roles=("table cell",)) is not None)


def empty_state(window):
    # A GtkStack page keeps its last extents when hidden, so on its own this only proves the
    # page was shown once. (A hit test would tell, but GetAccessibleAtPoint crashes GTK 4.8
    # when it lands on a widget whose accessible was never realised.)
    return find(window, roles=("label",), texts=r"^No Tokens Yet$")


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
