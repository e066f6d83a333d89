# SPDX-License-Identifier: GPL-3.0-or-later
"""Driving the running app over AT-SPI and X, as a person with a screen reader would: the
helpers of test-e2e.py.

Notes on GTK 4.8 over AT-SPI:
- only some toplevels are SHOWING; widgets inside are VISIBLE, even on a hidden GtkStack page.
  A page never shown has empty extents, so "on screen" means VISIBLE with a non-empty extent;
  a page shown once keeps its old extents when hidden (see empty_state);
- a button with a mnemonic is named "_Save Save": match names with a regex;
- list rows have no action and GrabFocus does nothing: rows are chosen with the keyboard;
- asking the application for a toplevel by a stale index crashes the app (see App);
- there is no AT-SPI cache, so every property read is a D-Bus call: waits poll gently.
"""

import re
import subprocess
import sys
import time

import pyatspi
from gi.repository import Atspi

WAIT_SECONDS = 15
POLL_SECONDS = 0.15


class StepFailed(Exception):
    pass


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
