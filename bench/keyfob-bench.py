#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keyfob's benchmark suite (issue #6). Run it through bench/run, which builds it and its helpers.

Each size N gets its own private D-Bus session and throwaway gnome-keyring (the tests' set-up:
tests/keyfob-test-bus.conf, a keyring unlocked with the password "pw", HOME and XDG dirs in a
temporary directory), started from a cached, already filled keyring directory. Every figure is
the median of --reps runs and is compared with its peer measured in the same session.

--only scan measures keyfob-tool scan over a fixed synthetic folder against grep -rFl -f
(issue #13).

--only store (bench/run store) measures the token store's single-token operations (issue #11)
against the secret-tool commands that do the same by one attribute, the window until every row
is loaded, and, at 20,000 tokens, whether add and rename work.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
PASSWORD = "pw"
SCHEMA = "io.github.keyfob.Token2"
# Stores through the Secret Service up to this size; above it gnome-keyring's
# rewrite-the-file-per-store makes that quadratic, so the filler writes the file instead.
STORE_FILL_MAX = 1000
# The rows the window reads first (FIRST_PIECE in src/core/keyfob-token-list.c).
FIRST_ROWS = 16


def log(*args):
    print("bench:", *args, file=sys.stderr, flush=True)


def median(values):
    return statistics.median(values) if values else float("nan")


# ---------------------------------------------------------------- the throwaway session


def session_env(tmp):
    env = dict(os.environ)
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY",
                 "GNOME_KEYRING_CONTROL", "SSH_AUTH_SOCK", "G_DEBUG"):
        env.pop(name, None)
    for sub in ("home", "data", "config", "cache", "state", "runtime"):
        os.makedirs(os.path.join(tmp, sub), exist_ok=True)
    os.chmod(os.path.join(tmp, "runtime"), 0o700)
    env.update(HOME=f"{tmp}/home", XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config",
               XDG_CACHE_HOME=f"{tmp}/cache", XDG_STATE_HOME=f"{tmp}/state",
               XDG_RUNTIME_DIR=f"{tmp}/runtime", KEYFOB_BENCH_TMP=tmp)
    return env


def run_in_session(tmp, argv):
    """Runs argv (this script's --inner mode) inside dbus-run-session."""
    env = session_env(tmp)
    conf = os.path.join(SRC, "tests", "keyfob-test-bus.conf")
    cmd = ["dbus-run-session", f"--config-file={conf}", "--"] + argv
    return subprocess.run(cmd, env=env, stderr=subprocess.PIPE, text=True)


KEYRING = [None]  # the session's gnome-keyring-daemon, as restart_keyring() replaces it


def start_keyring():
    tmp = os.environ["KEYFOB_BENCH_TMP"]
    logf = open(os.path.join(tmp, "keyring.log"), "w")
    proc = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock",
                             "--components=secrets"], stdin=subprocess.PIPE, stdout=logf,
                            stderr=subprocess.STDOUT)
    proc.stdin.write(PASSWORD.encode())
    proc.stdin.close()
    subprocess.run(["gdbus", "wait", "--session", "--timeout", "600", "org.freedesktop.secrets"],
                   check=True)
    KEYRING[0] = proc
    return proc


def stop(proc):
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- filling and the cache


def cache_dir(args, n):
    version = subprocess.run([args.fill, "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "keyfob-bench", f"fill-{version}", str(n))


def inner_fill(args):
    """In a fresh session: fill the keyring with N tokens."""
    n = args.inner_fill
    keyrings = os.path.join(os.environ["XDG_DATA_HOME"], "keyrings")
    if n > STORE_FILL_MAX:
        os.makedirs(keyrings, mode=0o700, exist_ok=True)
        subprocess.run([args.fill, "--keyfile", str(n), os.path.join(keyrings, "login.keyring")],
                       check=True)
    keyring = start_keyring()
    try:
        if n > STORE_FILL_MAX:
            # The daemon reads the plain-text file (slowly: its parser is quadratic), then
            # writes it encrypted with the bench password, once.
            subprocess.run([args.fill, "--rekey", PASSWORD, PASSWORD], check=True)
        else:
            subprocess.run([args.fill, str(n)], check=True)
    finally:
        stop(KEYRING[0])
    with open(os.path.join(keyrings, "login.keyring"), "rb") as f:
        if not f.read(16).startswith(b"GnomeKeyring"):
            raise SystemExit("bench: the filled keyring is not encrypted")


def ensure_filled(args, n):
    cached = cache_dir(args, n)
    if os.path.exists(os.path.join(cached, "keyrings", "login.keyring")):
        return cached
    log(f"filling a keyring with {n} tokens (cached in {cached} for later runs)")
    start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="keyfob-bench-fill.")
    try:
        result = run_in_session(tmp, [sys.executable, __file__, "--inner-fill", str(n)]
                                + common_args(args))
        if result.returncode != 0:
            raise SystemExit(f"bench: filling failed:\n{result.stderr}")
        os.makedirs(cached, exist_ok=True)
        shutil.rmtree(os.path.join(cached, "keyrings"), ignore_errors=True)
        shutil.copytree(os.path.join(tmp, "data", "keyrings"), os.path.join(cached, "keyrings"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"filled {n} in {time.monotonic() - start:.0f} s")
    return cached


# ---------------------------------------------------------------- measurements


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_for_idle_keyring():
    """Every timed run starts with an idle daemon."""
    pid = KEYRING[0].pid
    start = time.monotonic()
    while time.monotonic() - start < 600:
        before = cpu_ticks(pid)
        time.sleep(0.5)
        if cpu_ticks(pid) - before <= 2:  # under 4 % of a CPU
            return
    log("gnome-keyring stayed busy for 10 minutes; measuring anyway")


def load_keyring():
    # The daemon loads the keyring on first use: do that before timing anything.
    subprocess.run(["secret-tool", "search", "xdg:schema", SCHEMA, "token-id", "none"],
                   capture_output=True)
    wait_for_idle_keyring()


def restart_keyring():
    """gnome-keyring goes on working long after some clients leave: after `secret-tool search
    --all` over 10,000 items it is busy for many minutes, tearing down what that client made,
    and answers nobody meanwhile. A fresh daemon, with the keyring loaded, is the fair start."""
    stop(KEYRING[0])
    start_keyring()
    load_keyring()


def timed(argv, env=None, stdin=None):
    """Wall time of one run, and its peak RSS in KiB (from wait4)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL if stdin is None else stdin,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode


def measure_list(args, n):
    tool = [args.tool, "list"]
    peer = ["secret-tool", "search", "--all", "xdg:schema", SCHEMA]
    listed = subprocess.run(tool, capture_output=True, text=True)
    rows = len([l for l in listed.stdout.splitlines() if l.strip()])
    if listed.returncode != 0:
        log(f"keyfob-tool list failed: {listed.stderr.strip()}")
    ours, theirs = [], []
    codes = {"keyfob": {listed.returncode}, "peer": set()}
    for argv, times, key in ((tool, ours, "keyfob"), (peer, theirs, "peer")):
        for _ in range(args.reps):
            if argv is peer:
                restart_keyring()
            wait_for_idle_keyring()
            seconds, _, code = timed(argv)
            times.append(seconds)
            codes[key].add(code)
    restart_keyring()
    # A failed run's time is the time to its failure: the row says so.
    return {"keyfob": median(ours), "peer": median(theirs), "rows": rows,
            "exit": max(codes["keyfob"]), "peer_exit": max(codes["peer"]),
            "error": listed.stderr.strip()[:300], "keyfob_all": ours, "peer_all": theirs}


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


def measure_test_all(args, tmp, n):
    server = subprocess.Popen([args.emulator], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    url = server.stdout.readline().strip()

    def command(line):
        server.stdin.write(line + "\n")
        server.stdin.flush()
        return server.stdout.readline().strip()

    try:
        assert command("delay 100") == "ok", "the emulator has no delay command"
        commands = subprocess.run([args.fill, "--emulator", str(n), "valid-delayed"],
                                  capture_output=True, text=True, check=True).stdout
        for line in commands.splitlines():
            command(line)
        env = dict(os.environ, KEYFOB_ENDPOINT_OVERRIDE=url)
        # Peak RSS of listing the same tokens: the delta is what the checks cost.
        base_rss = median([timed([args.tool, "list"])[1] for _ in range(3)])
        ours, rss, codes = [], [], []
        timed([args.tool, "test", "--all"], env=env)  # warm-up
        for _ in range(args.reps):
            seconds, peak, code = timed([args.tool, "test", "--all"], env=env)
            ours.append(seconds)
            rss.append(peak)
            codes.append(code)
        max_in_flight = int(command("max-in-flight").split()[1])

        # The peer: one request per token, one after the other, as a shell loop would.
        first = commands.splitlines()[0].split()[1]  # token 0 is a Pylon token
        header = os.path.join(tmp, "curl-header")
        with open(header, "w") as f:
            os.fchmod(f.fileno(), 0o600)
            f.write(f"Authorization: Bearer {first}\n")
        curl = ["curl", "-s", "-o", "/dev/null", "-H", f"@{header}", f"{url}/me"]
        theirs = []
        for _ in range(args.reps):
            start = time.monotonic()
            for _ in range(n):
                subprocess.run(curl, check=True)
            theirs.append(time.monotonic() - start)
        os.unlink(header)
    finally:
        server.stdin.close()
        stop(server)
    return {"keyfob": median(ours), "peer": median(theirs), "exit_codes": sorted(set(codes)),
            "rss_delta_mib": max(0.0, (median(rss) - base_rss) / 1024), "peak_rss_mib": median(rss) / 1024,
            "max_in_flight": max_in_flight}


def measure_startup(args, tmp):
    cmds = {"version": [args.tool, "--version"], "providers": [args.tool, "providers"],
            "peer": ["secret-tool", "--version"]}
    out = {}
    if shutil.which("hyperfine"):
        for key, argv in cmds.items():
            export = os.path.join(tmp, f"hyperfine-{key}.json")
            subprocess.run(["hyperfine", "-N", "-i", "--warmup", "5", "--runs", str(max(30, args.reps)),
                            "--export-json", export, " ".join(argv)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            with open(export) as f:
                out[key] = json.load(f)["results"][0]["median"]
        out["tool"] = "hyperfine"
    else:
        for key, argv in cmds.items():
            out[key] = median([timed(argv)[0] for _ in range(max(30, args.reps))])
        out["tool"] = "loop"
    return out


def measure_search(args):
    lines = subprocess.run([args.search, "10000", str(max(5, args.reps))], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    medians = [float(l.split()[2]) for l in lines if l.startswith("keystroke")]
    worst = [float(l.split()[4]) for l in lines if l.startswith("keystroke")]
    return {"median_ms": median(medians), "worst_ms": median(worst)}


def inner_measure(args):
    n = args.inner_measure
    tmp = os.environ["KEYFOB_BENCH_TMP"]
    start_keyring()
    result = {"n": n}
    try:
        load_keyring()
        if "list" in args.only:
            result["list"] = measure_list(args, n)
        if "frame" in args.only:
            result["frame"] = {renderer: measure_first_frame(args, tmp, renderer)
                               for renderer in RENDERERS}
            result["keyring_floor"] = measure_keyring_floor(FIRST_ROWS)
        if "test" in args.only and n == 100:
            result["test_all"] = measure_test_all(args, tmp, n)
        if "startup" in args.only and n == min(args.sizes):
            result["startup"] = measure_startup(args, tmp)
        if "store" in args.only:
            inner_store(args, n, result)
        if "scan" in args.only:
            log(f"{n} tokens: scan")
            result["scan"] = measure_scan(args, tmp, n)
    finally:
        stop(KEYRING[0])
    with open(args.out, "w") as f:
        json.dump(result, f)


# ---------------------------------------------------------------- store operations (issue #11)

# Every single-token operation against the secret-tool command that does the same by one
# attribute, both in the same keyring session, runs interleaved. At STORE_WORKS_SIZE tokens only
# whether add and rename work at all (and how long they take).
STORE_TARGET = 3.0
STORE_WORKS_SIZE = 20000
SECRETS = "org.freedesktop.secrets"
# How long the window may take to read a keyring before the run counts as failed.
ALL_LOADED_TIMEOUT = 300
# The app's opt-in hook for "every row is loaded" (see all_loaded_once()).
ALL_LOADED_HOOK = "KEYFOB_BENCH_ALL_LOADED"


class Tokens:
    """Hands out filled tokens by index, each to one run only: a token one run changed or
    deleted is never another run's. A prime stride spreads them over the collection."""

    def __init__(self, args, n):
        self.args, self.n, self.step, self.used = args, n, 0, set()

    def take(self, provider=None):
        while True:
            self.step += 1
            index = (self.step * 7919 + 13) % self.n
            if index in self.used or (provider is not None and index % 4 != provider):
                continue
            self.used.add(index)
            return self.attributes(index)

    def attributes(self, index):
        out = subprocess.run([self.args.fill, "--attributes", str(index)], capture_output=True,
                             text=True, check=True).stdout
        return dict(line.split("\t", 1) for line in out.splitlines())


def secret_tool_store(attributes, label):
    argv = ["secret-tool", "store", f"--label={label}"]
    for key, value in sorted(attributes.items()):
        argv += [key, value]
    return argv


def synthetic_pylon_secret():
    return "pylon_api_" + os.urandom(16).hex()


def new_pylon_attributes(name):
    """What keyfob-tool add writes for a Pylon token in region us, for secret-tool store."""
    return {"xdg:schema": SCHEMA, "keyfob-format": "2", "application": "Keyfob", "name": name,
            "provider": "pylon", "token-id": str(uuid.uuid4()),
            "preview": "pylon_" + "\u2022" * 8 + "beef",
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "check-host": "api.usepylon.com", "region": "us"}


def run_once(argv, secret=None):
    """Wall time of one run, its exit status, the end of its stderr and a hash of its stdout
    (what get printed is compared, never kept). A secret goes to stdin, never to argv."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        start = time.monotonic()
        stdin = subprocess.DEVNULL if secret is None else subprocess.PIPE
        proc = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=err)
        if secret is not None:
            proc.stdin.write(secret.encode())
            proc.stdin.close()
        _, status, _ = os.wait4(proc.pid, 0)
        elapsed = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode(errors="replace").strip().splitlines()
        out.seek(0)
        printed = hashlib.sha256(out.read().strip()).hexdigest()
    return elapsed, proc.returncode, message[-1][:200] if message else "", printed


def items_with(attribute, value):
    """The labels of the items that carry the attribute: to check what a peer did."""
    out = subprocess.run(["secret-tool", "search", "--all", attribute, value],
                         capture_output=True, text=True).stdout
    return [line.split(" = ", 1)[1] for line in out.splitlines() if line.startswith("label = ")]


# Each operation: a function of (args, tokens, rep) that returns the Keyfob run and its peer,
# each as (argv, stdin or None, expected exit status), and optionally a check of what the peer
# did, run after both. (key, figure's words, peer's words, function)
def op_get_name(args, tokens, rep):
    t = tokens.take()
    return ([args.tool, "get", t["name"]], None, 0), \
        (["secret-tool", "lookup", "name", t["name"]], None, 0), None


def op_get_id(args, tokens, rep):
    t = tokens.take()
    return ([args.tool, "get", t["token-id"]], None, 0), \
        (["secret-tool", "lookup", "token-id", t["token-id"]], None, 0), None


def op_get_missing(args, tokens, rep):
    name = f"no such token {rep}"
    return ([args.tool, "get", name], None, 1), \
        (["secret-tool", "lookup", "name", name], None, 1), None


def op_add(args, tokens, rep):
    name = f"bench add {rep}"
    peer = new_pylon_attributes(f"bench peer add {rep}")
    return ([args.tool, "add", "--provider", "pylon", "--name", name, "--field", "region=us"],
            synthetic_pylon_secret() + "\n", 0), \
        (secret_tool_store(peer, peer["name"]), synthetic_pylon_secret(), 0), None


def op_add_duplicate(args, tokens, rep):
    t = tokens.take(provider=0)  # a Pylon token, so the fields below are valid
    return ([args.tool, "add", "--provider", "pylon", "--name", t["name"], "--field",
             "region=us"], synthetic_pylon_secret() + "\n", 2), \
        (["secret-tool", "lookup", "name", t["name"]], None, 0), None


def replaced_in_place(peer, label):
    """The peer of rename and edit must rewrite one item, not add a second."""
    def check():
        labels = items_with("token-id", peer["token-id"])
        return labels == [label]
    return check


def op_rename(args, tokens, rep):
    t, peer = tokens.take(), tokens.take()
    label = peer["name"] + " renamed"
    return ([args.tool, "rename", t["name"], t["name"] + " renamed"], None, 0), \
        (secret_tool_store(peer, label), synthetic_pylon_secret(), 0), \
        replaced_in_place(peer, label)


def op_edit(args, tokens, rep):
    t, peer = tokens.take(), tokens.take()
    label = peer["name"] + " edited"
    return ([args.tool, "edit", t["name"], "--expires", "2030-01-01"], None, 0), \
        (secret_tool_store(peer, label), synthetic_pylon_secret(), 0), \
        replaced_in_place(peer, label)


def op_delete_id(args, tokens, rep):
    t, peer = tokens.take(), tokens.take()
    return ([args.tool, "delete", t["token-id"]], None, 0), \
        (["secret-tool", "clear", "token-id", peer["token-id"]], None, 0), None


def op_delete_name(args, tokens, rep):
    t, peer = tokens.take(), tokens.take()
    return ([args.tool, "delete", t["name"]], None, 0), \
        (["secret-tool", "clear", "name", peer["name"]], None, 0), None


STORE_OPS = [
    ("get_name", "get NAME", "secret-tool lookup name", op_get_name),
    ("get_id", "get UUID", "secret-tool lookup token-id", op_get_id),
    ("get_missing", "get of a missing name (exit 1)", "secret-tool lookup name", op_get_missing),
    ("add", "add", "secret-tool store", op_add),
    ("add_duplicate", "add of a taken name (exit 2)", "secret-tool lookup name", op_add_duplicate),
    ("rename", "rename", "secret-tool store over 1 item", op_rename),
    ("edit", "edit --expires", "secret-tool store over 1 item", op_edit),
    ("delete_id", "delete UUID", "secret-tool clear token-id", op_delete_id),
    ("delete_name", "delete NAME", "secret-tool clear name", op_delete_name),
]
STORE_WORKS_OPS = ("add", "rename")


def attribute_names(attribute, value):
    # secret-tool prints the attributes to stderr, the rest to stdout
    out = subprocess.run(["secret-tool", "search", "--all", attribute, value],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    # secret-tool shows xdg:schema as "schema = ..."
    return {line.split(" = ", 1)[0][len("attribute."):] for line in out.splitlines()
            if line.startswith("attribute.")} | \
        {"xdg:schema" for line in out.splitlines() if line.startswith("schema = ")}


def fill_matches_add(tokens):
    """Whether the filled tokens carry what keyfob-tool add writes: the attributes of the token
    the first add run stored, against filled token 0 (Pylon in region us, like it), which also
    has the attributes a check or --expires adds."""
    added = attribute_names("name", "bench add 0")
    filled = set(tokens.attributes(0))
    optional = {"expires", "last-checked", "last-result", "account"}
    ok = bool(added) and added <= filled and filled - added <= optional
    if not ok:
        log(f"the filled tokens differ from what keyfob-tool add writes: add {sorted(added)}, "
            f"fill {sorted(filled)}")
    return ok


def tool_has_command(args, command):
    return subprocess.run([args.tool, command, "--help"], capture_output=True).returncode == 0


def measure_store_op(args, tokens, op, reps):
    ours, theirs = [], []
    codes, peer_codes, errors, peer_ok, same = [], [], [], [], []
    loads = [os.getloadavg()[0]]
    for rep in range(reps):
        keyfob, peer, check = op(args, tokens, rep)
        runs = [("keyfob", keyfob), ("peer", peer)]
        if rep % 2:  # ABBA: neither side always goes first
            runs.reverse()
        printed = {}
        for side, (argv, secret, expected) in runs:
            wait_for_idle_keyring()
            seconds, code, message, printed[side] = run_once(argv, secret)
            if side == "keyfob":
                ours.append(seconds)
                codes.append(code)
                if code != expected:
                    errors.append(f"exit {code}: {message}")
            else:
                theirs.append(seconds)
                peer_codes.append(code)
                if code != expected:
                    errors.append(f"peer exit {code}: {message}")
        if check is not None:
            peer_ok.append(check())
        if op in (op_get_name, op_get_id):  # the same secret as secret-tool's
            same.append(printed["keyfob"] == printed["peer"])
        loads.append(os.getloadavg()[0])
    expected_codes = (keyfob[2], peer[2])
    return {"keyfob": median(ours), "peer": median(theirs), "keyfob_all": ours,
            "peer_all": theirs, "codes": codes, "peer_codes": peer_codes,
            "expected": expected_codes, "errors": errors[:3],
            "failed": sum(c != keyfob[2] for c in codes),
            "peer_failed": sum(c != peer[2] for c in peer_codes),
            "peer_replaced": all(peer_ok) if peer_ok else None,
            "same_secret": all(same) if same else None, "load": [min(loads), max(loads)]}


def measure_store(args, n):
    tokens = Tokens(args, n)
    ops = [op for op in STORE_OPS if n < STORE_WORKS_SIZE or op[0] in STORE_WORKS_OPS]
    out = {}
    # Page in both programs once, untimed.
    first = tokens.take()
    run_once([args.tool, "get", first["token-id"]])
    run_once(["secret-tool", "lookup", "token-id", first["token-id"]])
    for key, _, _, op in ops:
        if key == "edit" and not tool_has_command(args, "edit"):
            out[key] = {"missing": "keyfob-tool has no edit command in this build"}
            continue
        log(f"{n} tokens: {key}")
        out[key] = measure_store_op(args, tokens, op, args.reps)
        if key == "add":
            out["fill_matches_add"] = fill_matches_add(tokens)
    return out


# ---- the window, until every row is loaded


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


# An outside change shows in an open window within this long (issue #11).
LIVE_TARGET_MS = 1000


def measure_live(args):
    """keyfob-tool adds and renames while a live token list watches (bench/keyfob-bench-live.c):
    milliseconds from the tool's exit to the list having the change."""
    proc = subprocess.run([args.live, args.tool, str(args.reps)], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"failed": proc.stderr.strip()[-300:]}
    out = {}
    for kind in ("add", "rename"):
        ms = [float(line.split()[1]) for line in proc.stdout.splitlines()
              if line.startswith(kind + " ")]
        out[kind] = {"median": median(ms), "max": max(ms), "all": ms}
    return out


def inner_store(args, n, result):
    load = os.getloadavg()
    result["load_start"] = list(load)
    if n < STORE_WORKS_SIZE:
        # First, while the keyring holds exactly the N filled tokens.
        log(f"{n} tokens: the window, until every row is loaded")
        result["all_loaded"] = measure_all_loaded(args, os.environ["KEYFOB_BENCH_TMP"], n)
        restart_keyring()
        log(f"{n} tokens: an outside change, until a live list has it")
        result["live"] = measure_live(args)
    result["store"] = measure_store(args, n)
    result["load_end"] = list(os.getloadavg())


def store_rows(results):
    rows = []
    for r in results:
        n = r["n"]
        for key, words, peer_words, _ in STORE_OPS:
            s = r.get("store", {}).get(key)
            if s is None:
                continue
            works = n >= STORE_WORKS_SIZE
            target = "works" if works else (f"≤ {STORE_TARGET:g}x" if n == 10000 else "(scaling)")
            figure = f"{words}, {n:,} tokens (ms)"
            if "missing" in s:
                rows.append((figure, "not run: no `edit` yet", "-", "-", target, "- ◊"))
                continue
            ratio = s["keyfob"] / s["peer"]
            failed = f", **failed {s['failed']}/{len(s['codes'])}: exit " \
                f"{','.join(str(c) for c in sorted(set(s['codes'])) if c != s['expected'][0])}**" \
                if s["failed"] else ""
            peer_failed = f", failed {s['peer_failed']}/{len(s['peer_codes'])}" \
                if s["peer_failed"] else ""
            if s.get("peer_replaced") is False:
                peer_failed += ", did not replace in place"
            if s.get("same_secret") is False:
                failed += ", **printed another secret than the peer**"
            wrong = s["failed"] or s.get("same_secret") is False
            if works:
                ok = not wrong
            elif n == 10000:
                ok = not wrong and ratio <= STORE_TARGET
            else:
                ok = None
            rows.append((figure, f"{s['keyfob'] * 1000:.1f}{failed}",
                         f"{s['peer'] * 1000:.1f} {peer_words}{peer_failed}", f"{ratio:.1f}",
                         target, "-" if ok is None and not wrong else verdict(bool(ok))))
        live = r.get("live")
        if live and "failed" in live:
            rows.append((f"outside change in a live list, {n:,} tokens (ms)",
                         f"**failed**: {live['failed']}", "-", "-", f"≤ {LIVE_TARGET_MS}", "FAIL"))
        elif live:
            for kind, words in (("add", "keyfob-tool add"), ("rename", "keyfob-tool rename")):
                l = live[kind]
                rows.append((f"{words} seen by a live list, {n:,} tokens (ms, worst)",
                             f"{l['median']:.0f} ({l['max']:.0f})", "-", "-",
                             f"≤ {LIVE_TARGET_MS}", verdict(l["max"] <= LIVE_TARGET_MS)))
        a = r.get("all_loaded")
        if a:
            how = "" if a["hook"] else " ‖"
            if "seconds" not in a:
                rows.append((f"window, all rows loaded, {n:,} tokens (s){how}",
                             f"none in {ALL_LOADED_TIMEOUT} s ({a['failed']} runs)", "-", "-",
                             "(scaling)", "FAIL"))
                continue
            failed = f" ({a['failed']} runs failed)" if a["failed"] else ""
            last = f" (its last read answered at {a['last_read']:.2f})" \
                if a["hook"] and a.get("last_read") is not None else ""
            rows.append((f"window, all rows loaded, {n:,} tokens (s){how}",
                         f"{a['seconds']:.2f}{failed}", f"{a['floor']:.2f} keyring floor{last}",
                         f"{a['seconds'] / a['floor']:.1f}", "(scaling)", "-"))
            rows.append((f"window RSS, all rows loaded, {n:,} tokens (MB){how}",
                         f"{a['rss_mib']:.1f}", "-", "-", "(scaling)", "-"))
    return rows


def store_notes(results):
    lines = []
    for r in results:
        if "store" not in r:
            continue
        spans = [s["load"] for s in r["store"].values() if isinstance(s, dict) and "load" in s]
        if r["store"].get("fill_matches_add") is False:
            lines.append(f"{r['n']:,} tokens: **the filled tokens' attributes differ from what "
                         "keyfob-tool add writes** (bench/keyfob-bench-fill.c is out of date)")
        if "all_loaded" in r:
            spans.append(r["all_loaded"]["load"])
        low = min(s[0] for s in spans) if spans else float("nan")
        high = max(s[1] for s in spans) if spans else float("nan")
        lines.append(f"{r['n']:,} tokens: 1-minute load average {low:.2f}–{high:.2f} while "
                     f"measuring")
        if "missing" in r["store"].get("edit", {}):
            lines.append(f"◊ {r['n']:,} tokens: this keyfob-tool has no `edit` command; the row "
                         "is measured once it has")
        a = r.get("all_loaded")
        if a and not a["hook"]:
            lines.append(f"‖ {r['n']:,} tokens: this build has no {ALL_LOADED_HOOK} hook: the "
                         "time is when the keyring answered the window's last item read "
                         "(dbus-monitor), the RSS once the window was idle after it")
    return lines


# ---------------------------------------------------------------- scan (issue #13)

# keyfob-tool scan DIR over a fixed synthetic folder, against grep -rFl -f PATTERNS DIR with the
# same N secrets in PATTERNS. The folder is the same at every N: SCAN_FILES text files of about
# SCAN_FILE_BYTES each, one of which holds a copy of stored token SCAN_PLANTED (a Pylon token,
# stored at every size).
SCAN_FILES = 200
SCAN_FILE_BYTES = 50 * 1024
SCAN_PLANTED = 40
SCAN_PLANTED_FILE = 117
SCAN_WORDS = ("the", "config", "server", "timeout", "retry", "value", "return", "import", "user",
              "token", "options", "python", "output", "script", "deploy", "export", "path",
              "request", "response", "header", "cache", "error", "warning", "public", "static",
              "const", "struct", "buffer", "length", "print", "apt", "pkg", "opt", "empty")


def scan_file_name(i):
    return f"file-{i:03}.txt"


def make_scan_dir(path, planted):
    """The same files at every run: lines of words and short numbers, with no underscore and
    no run of 16 digits, so that no stored secret occurs in them by chance; file
    SCAN_PLANTED_FILE has `planted` on one line in its middle."""
    rng = random.Random(13)
    os.makedirs(path, mode=0o700)
    for i in range(SCAN_FILES):
        lines, size = [], 0
        while size < SCAN_FILE_BYTES:
            words = [rng.choice(SCAN_WORDS) if rng.random() < 0.85
                     else str(rng.randrange(10 ** 6)) for _ in range(rng.randrange(3, 14))]
            line = rng.choice(("", "  ", "    ", "# ")) + " ".join(words) + \
                rng.choice(("", ";", ":", " =", ","))
            lines.append(line)
            size += len(line) + 1
        if i == SCAN_PLANTED_FILE:
            lines.insert(len(lines) // 2, f"PYLON_API_KEY={planted}")
        with open(os.path.join(path, scan_file_name(i)), "w") as f:
            f.write("\n".join(lines) + "\n")


def run_scan(argv, tmp):
    """Wall time, peak RSS in KiB, exit status and the lines printed. The RSS is GNU time's %M:
    wait4()'s ru_maxrss of a child of this script starts at this script's own RSS (Linux keeps
    the high-water mark across exec), about 20 MB, which hides anything smaller. The time
    includes time(1)'s own start, about a millisecond, on both sides."""
    rss_file = os.path.join(tmp, "scan-rss")
    with tempfile.TemporaryFile(dir=tmp) as out:
        start = time.monotonic()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.DEVNULL)
        proc.wait()
        elapsed = time.monotonic() - start
        out.seek(0)
        lines = out.read().decode(errors="replace").splitlines()
    with open(rss_file) as f:
        # "Command exited with non-zero status 1" comes first when it did
        rss = int(f.read().split()[-1])
    os.unlink(rss_file)
    return elapsed, rss, proc.returncode, lines


def measure_scan(args, tmp, n):
    secrets = subprocess.run([args.fill, "--secrets", str(n)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    planted = secrets[SCAN_PLANTED]
    # The fill tool's secrets are the ones stored: one of them, read back from the keyring.
    stored = subprocess.run(["secret-tool", "lookup", "token-id",
                             f"00000000-0000-4000-8000-{SCAN_PLANTED:012}"],
                            capture_output=True, text=True).stdout.strip()
    if stored != planted or len(secrets) != n:
        raise SystemExit("bench: keyfob-bench-fill --secrets does not give the stored secrets")
    folder = os.path.join(tmp, "scan")
    make_scan_dir(folder, planted)
    planted_path = os.path.join(folder, scan_file_name(SCAN_PLANTED_FILE))
    empty = os.path.join(tmp, "scan-empty")
    os.makedirs(empty, mode=0o700)
    # grep needs the secrets in a file; Keyfob never writes them anywhere.
    patterns = os.path.join(tmp, "scan-patterns")
    fd = os.open(patterns, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write("\n".join(secrets) + "\n")
        del secrets
        sides = {
            "keyfob": ([args.tool, "scan", folder], 1,
                       lambda lines: len(lines) == 1 and lines[0].startswith(planted_path + ":")),
            "peer": (["grep", "-rFl", "-f", patterns, folder], 0,
                     lambda lines: lines == [planted_path]),
            # What reading the secrets costs alone: the same run over an empty folder.
            "empty": ([args.tool, "scan", empty], 0, lambda lines: lines == []),
        }
        out = {k: {"seconds": [], "rss": [], "codes": [], "found": []} for k in sides}
        loads = [os.getloadavg()[0]]

        def once(side, keep=True):
            argv, expected, check = sides[side]
            wait_for_idle_keyring()
            seconds, rss, code, lines = run_scan(argv, tmp)
            if keep:
                o = out[side]
                o["seconds"].append(seconds)
                o["rss"].append(rss)
                o["codes"].append(code)
                o["found"].append(check(lines))
            if code != expected or not check(lines):
                log(f"{n} tokens: {side} scan exited {code} (expected {expected}), printed "
                    f"{len(lines)} lines, {'not ' if not check(lines) else ''}the planted file")

        # Untimed first runs: the page cache holds the folder, the keyring has been read once.
        once("keyfob", keep=False)
        once("peer", keep=False)
        for rep in range(args.reps):
            order = ["keyfob", "peer"] if rep % 2 == 0 else ["peer", "keyfob"]  # ABBA
            for side in order + ["empty"]:
                once(side)
            loads.append(os.getloadavg()[0])
            log(f"{n} tokens: scan {rep + 1}/{args.reps}: keyfob "
                f"{out['keyfob']['seconds'][-1]:.2f} s (empty folder "
                f"{out['empty']['seconds'][-1]:.2f} s), grep {out['peer']['seconds'][-1]:.3f} s")
    finally:
        os.unlink(patterns)
    result = {"load": [min(loads), max(loads)], "expected": {k: v[1] for k, v in sides.items()}}
    for side, o in out.items():
        result[side] = {"seconds": median(o["seconds"]), "rss_mib": median(o["rss"]) / 1024,
                        "seconds_all": o["seconds"], "codes": o["codes"],
                        "failed": sum(c != sides[side][1] or not found
                                      for c, found in zip(o["codes"], o["found"]))}
    return result


def scan_rows(results):
    rows = []
    for r in results:
        s = r.get("scan")
        if s is None:
            continue
        n, k, p = r["n"], s["keyfob"], s["peer"]
        failed = f", **failed {k['failed']}/{len(k['codes'])}**" if k["failed"] else ""
        peer_failed = f", failed {p['failed']}/{len(p['codes'])}" if p["failed"] else ""
        verdict_ = "FAIL" if k["failed"] else "-"
        kib = SCAN_FILE_BYTES // 1024
        rows.append((f"scan, {SCAN_FILES} files of {kib} KiB, {n:,} tokens (s)",
                     f"{k['seconds']:.3f}{failed}",
                     f"{p['seconds']:.3f} grep -rFl -f{peer_failed}",
                     f"{k['seconds'] / p['seconds']:.1f}", "(scaling)", verdict_))
        e = s["empty"]
        rows.append((f"scan of an empty folder, {n:,} tokens (s)",
                     f"{e['seconds']:.3f}" + (f", **failed {e['failed']}**" if e["failed"] else ""),
                     "-", "-", "(scaling)", "FAIL" if e["failed"] else "-"))
        rows.append((f"scan peak RSS, {n:,} tokens (MB)", f"{k['rss_mib']:.1f}",
                     f"{p['rss_mib']:.1f} grep -rFl -f", f"{k['rss_mib'] / p['rss_mib']:.1f}",
                     "(scaling)", "-"))
    return rows


# ---------------------------------------------------------------- the table


def verdict(ok):
    return "PASS" if ok else "FAIL"


def table(args, results, search):
    rows = []
    for r in results:
        n = r["n"]
        if "list" in r:
            l = r["list"]
            ratio = l["keyfob"] / l["peer"]
            failed = " (failed: exit %d)" % l["exit"] if l.get("exit") else ""
            peer_failed = " (failed: exit %d)" % l["peer_exit"] if l.get("peer_exit") else ""
            rows.append((f"list, {n:,} tokens (s){failed}", f"{l['keyfob']:.3f}",
                         f"{l['peer']:.3f} secret-tool{peer_failed}", f"{ratio:.2f}",
                         "≤ 0.45" if n == 1000 else "(scaling)",
                         verdict(ratio <= 0.45 and not failed) if n == 1000
                         else ("FAIL" if failed else "-")))
        for renderer, frame in r.get("frame", {}).items():
            fr, floor = frame["keyfob"], frame["toolkit"]
            target = n == 10000
            if "failed" in fr:
                rows.append((f"first frame, {n:,} tokens, {renderer} (s)",
                             f"no rows in 20 s ({fr['failed']} runs)", "-", "-",
                             "≤ 0.3 s" if target else "(scaling)", "FAIL"))
                continue
            rows.append((f"first frame, {n:,} tokens, {renderer} (s)", f"{fr['seconds']:.3f}",
                         f"{floor.get('seconds', float('nan')):.3f} toolkit + "
                         f"{r['keyring_floor']:.3f} keyring",
                         f"{fr['seconds'] / (floor.get('seconds', float('nan')) + r['keyring_floor']):.2f}",
                         "≤ 0.3 s" if target else "(scaling)",
                         verdict(fr["seconds"] <= 0.3) if target else "-"))
            rows.append((f"first-frame RSS, {n:,} tokens, {renderer} (MB)",
                         f"{fr['rss_mib']:.1f}", f"{floor.get('rss_mib', float('nan')):.1f} toolkit",
                         f"{fr['rss_mib'] / floor.get('rss_mib', float('nan')):.2f}",
                         "≤ 60 MB" if target else "(scaling)",
                         verdict(fr["rss_mib"] <= 60) if target else "-"))
    if search:
        rows.append(("search keystroke, 10,000 rows (ms)", f"{search['median_ms']:.1f}",
                     f"worst {search['worst_ms']:.1f}", "-", "≤ 16 ms",
                     verdict(search["median_ms"] <= 16)))
    for r in results:
        if "test_all" in r:
            t = r["test_all"]
            speedup = t["peer"] / t["keyfob"]
            rows.append(("test all, 100 tokens @ 100 ms (s)", f"{t['keyfob']:.2f}",
                         f"{t['peer']:.2f} curl×100", f"{speedup:.1f}x faster", "≥ 3.5x",
                         verdict(speedup >= 3.5)))
            rows.append(("test all, requests in flight", str(t["max_in_flight"]), "-", "-", "≤ 4",
                         verdict(t["max_in_flight"] <= 4)))
            rows.append(("test all, peak RSS over list (MB)", f"{t['rss_delta_mib']:.2f}",
                         f"{t['peak_rss_mib']:.1f} peak", "-", "≤ 2 MB",
                         verdict(t["rss_delta_mib"] <= 2)))
        if "startup" in r:
            s = r["startup"]
            for key, label in (("version", "keyfob-tool --version"),
                               ("providers", "keyfob-tool providers")):
                ratio = s[key] / s["peer"]
                rows.append((f"start-up, {label} (ms)", f"{s[key] * 1000:.1f}",
                             f"{s['peer'] * 1000:.1f} secret-tool --version", f"{ratio:.2f}",
                             "≤ 2", verdict(ratio <= 2)))
    rows += store_rows(results)
    rows += scan_rows(results)
    head = ("figure", "Keyfob", "peer", "ratio", "target", "verdict")
    widths = [max(len(str(x[i])) for x in rows + [head]) for i in range(len(head))]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(head, widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |")
    return "\n".join(lines)


def machine():
    def first(path, key):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith(key):
                        return line.split(":", 1)[1].strip()
        except OSError:
            return "?"
    mem = first("/proc/meminfo", "MemTotal")
    keyring = subprocess.run(["gnome-keyring-daemon", "--version"], capture_output=True,
                             text=True).stdout.split("\n")[0]
    with open("/etc/debian_version") as f:
        debian = f.read().strip()
    load = os.getloadavg()
    return (f"{os.cpu_count()} CPUs ({first('/proc/cpuinfo', 'model name')}), "
            f"{int(mem.split()[0]) // 1024} MiB RAM, Debian {debian}, {keyring}, "
            f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def common_args(args):
    return ["--builddir", args.builddir, "--helpers", args.helpers, "--reps", str(args.reps),
            "--sizes", ",".join(map(str, args.sizes)), "--only", ",".join(args.only)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--builddir", default=os.path.join(SRC, "_build"))
    parser.add_argument("--helpers", required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--only", default="list,frame,search,test,startup")
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--inner-fill", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--inner-measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.sizes = sorted(int(s) for s in str(args.sizes).split(","))
    args.only = args.only.split(",") if isinstance(args.only, str) else args.only
    args.tool = os.path.join(args.builddir, "src", "tool", "keyfob-tool")
    # The app with the bench's probes (bench/keyfob-bench-window.c), built by bench/meson.build.
    args.window = os.path.join(args.helpers, "keyfob-bench-window")
    args.emulator = os.path.join(args.builddir, "tests", "emulator", "keyfob-emulator-server")
    args.fill = os.path.join(args.helpers, "keyfob-bench-fill")
    args.search = os.path.join(args.helpers, "keyfob-bench-search")
    args.toolkit = os.path.join(args.helpers, "keyfob-bench-toolkit")
    args.live = os.path.join(args.helpers, "keyfob-bench-live")
    if args.reps < 5:
        parser.error("--reps: every figure is a median of at least 5 runs")

    if args.inner_fill:
        return inner_fill(args)
    if args.inner_measure:
        return inner_measure(args)

    results = []
    for n in args.sizes:
        cached = ensure_filled(args, n)
        tmp = tempfile.mkdtemp(prefix="keyfob-bench.")
        try:
            os.makedirs(os.path.join(tmp, "data"))
            shutil.copytree(os.path.join(cached, "keyrings"), os.path.join(tmp, "data", "keyrings"))
            out = os.path.join(tmp, "result.json")
            log(f"measuring with {n} tokens")
            proc = run_in_session(tmp, [sys.executable, __file__, "--inner-measure", str(n),
                                        "--out", out] + common_args(args))
            if proc.returncode != 0 or not os.path.exists(out):
                raise SystemExit(f"bench: measuring {n} failed:\n{proc.stderr}")
            with open(out) as f:
                results.append(json.load(f))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    search = measure_search(args) if "search" in args.only else None
    text = table(args, results, search)
    print(text)
    if any("frame" in r for r in results):
        print("\nThe first frame's peers are its floors: the toolkit alone (bench/keyfob-bench-"
              "toolkit.c, an AdwApplicationWindow with a header bar and 16 labels, to its first "
              f"frame) and gnome-keyring alone (SearchItems, then {FIRST_ROWS} items' Label and "
              "Attributes, one call at a time); the ratio is to their sum.")
    if any("store" in r for r in results):
        print("\nStore operations: each run is interleaved with its peer's (ABBA), on tokens no "
              "other run touched, in the same keyring session; rename's and edit's peer is "
              "`secret-tool store` with one item's exact attributes and a new label, which "
              "gnome-keyring applies to that item in place (checked after each run). The "
              "window's floor is gnome-keyring alone: SearchItems, then every item's "
              "Attributes, 64 calls in flight.")
        for line in store_notes(results):
            print(f"- {line}")
    if any("scan" in r for r in results):
        print(f"\nScan: keyfob-tool scan DIR against grep -rFl -f PATTERNS DIR, the same N "
              "secrets in PATTERNS (a 0600 file in the session's directory, deleted after: "
              f"grep needs the secrets in a file, Keyfob never does), over {SCAN_FILES} files "
              f"of about {SCAN_FILE_BYTES // 1024} KiB, one of which holds stored token "
              f"{SCAN_PLANTED}; runs interleaved (ABBA), each checked for its exit status "
              "(keyfob-tool 1, grep 0) and for naming the planted file and no other. The empty "
              "folder's scan is what reading the N secrets costs alone. Peak RSS: GNU time's %M.")
        for r in results:
            if "scan" in r:
                low, high = r["scan"]["load"]
                print(f"- {r['n']:,} tokens: 1-minute load average {low:.2f}–{high:.2f}")
    print(f"\nMachine: {machine()}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"results": results, "search": search, "machine": machine()}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
