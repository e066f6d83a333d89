# SPDX-License-Identifier: GPL-3.0-or-later
"""The window (issues #6 and #11): its first frame, a search keystroke, and the time until
every row is loaded, each against its floors."""

import os
import subprocess
import threading
import time

from .common import SCHEMA, SECRETS, cpu_ticks, log, median
from .session import stop, wait_for_idle_keyring

# The rows the window reads first (FIRST_PIECE in src/core/keyfob-token-list.c).
FIRST_ROWS = 16


def start_display(tmp):
    r, w = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=(w,),
                            stderr=open(os.path.join(tmp, "xvfb.log"), "w"))
    os.close(w)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(r, 16)
        if not chunk:
            raise SystemExit("bench: Xvfb did not start")
        number += chunk
    os.close(r)
    return xvfb, ":" + number.decode().strip()


def first_frame_once(program, env, tmp):
    """Starts the window; returns (seconds, rss_kib) for its first frame that shows rows, or
    None if no rows came within 20 s. The app's opt-in hook writes "MONOTONIC_US RSS_KIB"
    after that frame is painted, and quits."""
    stamp = os.path.join(tmp, "first-frame")
    if os.path.exists(stamp):
        os.unlink(stamp)
    env = dict(env, KEYFOB_BENCH_FIRST_FRAME=stamp, KEYFOB_BENCH_EXIT="1")
    wait_for_idle_keyring()
    start = time.monotonic()  # CLOCK_MONOTONIC, as g_get_monotonic_time()
    app = subprocess.Popen([program], env=env, stdout=subprocess.DEVNULL,
                           stderr=open(os.path.join(tmp, "app.log"), "a"))
    result = None
    while time.monotonic() < start + 20 and app.poll() is None:
        if os.path.exists(stamp) and os.path.getsize(stamp) > 0:
            break
        time.sleep(0.005)
    if os.path.exists(stamp) and os.path.getsize(stamp) > 0:
        with open(stamp) as f:
            us, rss = f.read().split()[:2]
        result = (int(us) / 1e6 - start, int(rss))
    else:
        log(f"{os.path.basename(program)} showed no rows within 20 s (exit status {app.poll()})")
    if app.poll() is None:
        app.terminate()
    try:
        app.wait(10)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()
    return result


# Under Xvfb GTK renders with GL on Mesa's llvmpipe, whose LLVM JIT alone maps about 50 MB;
# a desktop has a GPU driver instead. The window is measured both ways.
RENDERERS = {
    "software GL": {},
    "no GL": {"GDK_DEBUG": "gl-disable", "GSK_RENDERER": "cairo"},
}


def measure_first_frame(args, tmp, renderer):
    xvfb, display = start_display(tmp)
    env = dict(os.environ, DISPLAY=display, GDK_BACKEND="x11", GSETTINGS_BACKEND="memory",
               GSETTINGS_SCHEMA_DIR=os.path.join(args.builddir, "data"), GTK_A11Y="none",
               **RENDERERS[renderer])
    try:
        result = {}
        for key, program in (("keyfob", args.window), ("toolkit", args.toolkit)):
            first_frame_once(program, env, tmp)  # warm-up: page cache, fontconfig cache
            runs = [first_frame_once(program, env, tmp) for _ in range(args.reps)]
            done = [r for r in runs if r is not None]
            if len(done) < len(runs):
                result[key] = {"failed": len(runs) - len(done)}
            else:
                result[key] = {"seconds": median([r[0] for r in done]),
                               "rss_mib": median([r[1] for r in done]) / 1024}
        return result
    finally:
        stop(xvfb)


def measure_keyring_floor(n_items):
    """What gnome-keyring alone takes to give the window its first rows: one SearchItems, then
    the label and attributes of a screenful of items, over a connection of our own."""
    from gi.repository import Gio, GLib

    bus = Gio.bus_get_sync(Gio.BusType.SESSION)

    def call(path, interface, method, parameters):
        return bus.call_sync("org.freedesktop.secrets", path, interface, method, parameters,
                             None, Gio.DBusCallFlags.NONE, -1, None)

    times = []
    for _ in range(5):
        wait_for_idle_keyring()
        start = time.monotonic()
        paths = call("/org/freedesktop/secrets", "org.freedesktop.Secret.Service", "SearchItems",
                     GLib.Variant("(a{ss})", ({"xdg:schema": SCHEMA},)))[0]
        for path in paths[:n_items]:
            for prop in ("Label", "Attributes"):
                call(path, "org.freedesktop.DBus.Properties", "Get",
                     GLib.Variant("(ss)", ("org.freedesktop.Secret.Item", prop)))
        times.append(time.monotonic() - start)
    return median(times)


def measure_search(args):
    lines = subprocess.run([args.search, "10000", str(max(5, args.reps))], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    medians = [float(l.split()[2]) for l in lines if l.startswith("keystroke")]
    worst = [float(l.split()[4]) for l in lines if l.startswith("keystroke")]
    return {"median_ms": median(medians), "worst_ms": median(worst)}


# How long the window may take to read a keyring before the run counts as failed.
ALL_LOADED_TIMEOUT = 300
# The app's opt-in hook for "every row is loaded" (see all_loaded_once()).
ALL_LOADED_HOOK = "KEYFOB_BENCH_ALL_LOADED"


def proc_status(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def wait_for_idle_process(pid, quiet=0.5, limit=30):
    """Until the process has used no CPU for `quiet` seconds."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            before = cpu_ticks(pid)
            time.sleep(quiet)
            if cpu_ticks(pid) == before:
                return
        except (OSError, IndexError):
            return


class ItemReads:
    """Watches the session bus (dbus-monitor) for the app's Get calls on items and the
    keyring's answers, and says when every item has been answered once: when the app has read
    all it will show. Without the app's hook that is the figure, a lower bound of "all rows
    loaded" (the app still has to add the last piece to its model and paint it)."""

    def __init__(self, n_items):
        self.n_items = n_items
        self.pending, self.answered = {}, set()
        self.done_at = None
        self.proc = subprocess.Popen(
            ["stdbuf", "-oL", "dbus-monitor", "--session", "--profile",
             "type='method_call',interface='org.freedesktop.DBus.Properties',member='Get',"
             f"destination='{SECRETS}'",
             f"type='method_return',sender='{SECRETS}'"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()
        # It prints its header once it is a monitor.
        deadline = time.monotonic() + 10
        while not getattr(self, "ready", False) and time.monotonic() < deadline:
            time.sleep(0.01)

    def read(self):
        for line in self.proc.stdout:
            if line.startswith("#"):
                continue
            if line.startswith("sig"):  # its own NameAcquired/NameLost: it now monitors
                self.ready = True
                continue
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "mc" and len(fields) >= 8:
                path = fields[5]
                if path.startswith("/org/freedesktop/secrets/collection/") and path.count("/") >= 5:
                    self.pending[(fields[3], fields[2])] = path
            elif fields[0] == "mr" and len(fields) >= 6:
                path = self.pending.pop((fields[4], fields[5]), None)
                if path is not None:
                    self.answered.add(path)
                    if self.done_at is None and len(self.answered) >= self.n_items:
                        self.done_at = float(fields[1])  # CLOCK_REALTIME

    def stop(self):
        stop(self.proc)


def all_loaded_once(args, env, tmp, n_items, hook):
    """Starts the window; returns (seconds, rss_kib, last_read_seconds) once every row is
    loaded, or None if that did not happen within ALL_LOADED_TIMEOUT.

    With the hook, the app writes "MONOTONIC_US RSS_KIB [N_TOKENS]" to $KEYFOB_BENCH_ALL_LOADED
    once the frame after its first load ended is painted, and quits (KEYFOB_BENCH_EXIT=1).
    Without it, the time is that of the keyring's answer to the window's last item read and
    the RSS is taken once the app is idle after it. That answer's time (ItemReads) is kept
    either way: what comes after it is the window's own work."""
    stamp = os.path.join(tmp, "all-loaded")
    if os.path.exists(stamp):
        os.unlink(stamp)
    env = dict(env, KEYFOB_BENCH_EXIT="1", **{ALL_LOADED_HOOK: stamp})
    wait_for_idle_keyring()
    reads = ItemReads(n_items)
    start = time.monotonic()
    start_real = time.time()
    app = subprocess.Popen([args.window], env=env, stdout=subprocess.DEVNULL,
                           stderr=open(os.path.join(tmp, "app.log"), "a"))
    result = None

    def stamped():
        return hook and os.path.exists(stamp) and os.path.getsize(stamp) > 0

    try:
        while time.monotonic() < start + ALL_LOADED_TIMEOUT and app.poll() is None:
            if stamped() or (not hook and reads.done_at is not None):
                break
            time.sleep(0.005)
        last_read = reads.done_at - start_real if reads.done_at is not None else None
        if stamped():
            with open(stamp) as f:
                fields = f.read().split()
            result = (int(fields[0]) / 1e6 - start, int(fields[1]), last_read)
        elif not hook and last_read is not None:
            wait_for_idle_process(app.pid)
            result = (last_read, proc_status(app.pid, "VmRSS") or 0, last_read)
        else:
            log(f"the window loaded no rows within {ALL_LOADED_TIMEOUT} s "
                f"(exit status {app.poll()}, {len(reads.answered)} items read)")
    finally:
        reads.stop()
        if app.poll() is None:
            app.terminate()
        try:
            app.wait(10)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
    return result


def measure_load_floor(reps):
    """What gnome-keyring alone takes to hand over every row: one SearchItems, then every
    item's Attributes, 64 calls in flight (as the window reads them)."""
    from gi.repository import Gio, GLib

    bus = Gio.bus_get_sync(Gio.BusType.SESSION)
    times = []
    for _ in range(reps):
        wait_for_idle_keyring()
        start = time.monotonic()
        paths = bus.call_sync(SECRETS, "/org/freedesktop/secrets", "org.freedesktop.Secret.Service",
                              "SearchItems", GLib.Variant("(a{ss})", ({"xdg:schema": SCHEMA},)),
                              None, Gio.DBusCallFlags.NONE, -1, None)[0]
        loop = GLib.MainLoop()
        state = {"next": 0, "in_flight": 0}

        def answered(connection, result):
            connection.call_finish(result)
            state["in_flight"] -= 1
            more()

        def more():
            while state["in_flight"] < 64 and state["next"] < len(paths):
                path = paths[state["next"]]
                state["next"] += 1
                state["in_flight"] += 1
                bus.call(SECRETS, path, "org.freedesktop.DBus.Properties", "Get",
                         GLib.Variant("(ss)", ("org.freedesktop.Secret.Item", "Attributes")),
                         None, Gio.DBusCallFlags.NONE, -1, None, answered)
            if state["in_flight"] == 0:
                loop.quit()

        GLib.idle_add(lambda: more() and False)
        loop.run()
        times.append(time.monotonic() - start)
    return median(times)


def measure_all_loaded(args, tmp, n):
    with open(args.window, "rb") as f:
        hook = ALL_LOADED_HOOK.encode() in f.read()
    xvfb, display = start_display(tmp)
    env = dict(os.environ, DISPLAY=display, GDK_BACKEND="x11", GSETTINGS_BACKEND="memory",
               GSETTINGS_SCHEMA_DIR=os.path.join(args.builddir, "data"), GTK_A11Y="none",
               **RENDERERS["no GL"])
    loads = [os.getloadavg()[0]]
    try:
        # Warm-up, untimed: page cache, and the fontconfig cache of this session's fresh HOME.
        first_frame_once(args.window, env, tmp)
        runs = []
        for _ in range(args.reps):
            runs.append(all_loaded_once(args, env, tmp, n, hook))
            loads.append(os.getloadavg()[0])
    finally:
        stop(xvfb)
    done = [r for r in runs if r is not None]
    out = {"hook": hook, "failed": len(runs) - len(done), "load": [min(loads), max(loads)]}
    if done:
        reads = [r[2] for r in done if r[2] is not None]
        out.update(seconds=median([r[0] for r in done]),
                   rss_mib=median([r[1] for r in done]) / 1024,
                   seconds_all=[r[0] for r in done], last_read=median(reads) if reads else None)
    out["floor"] = measure_load_floor(args.reps)
    return out
