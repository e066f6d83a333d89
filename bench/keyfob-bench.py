#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keyfob's benchmark suite (issue #6). Run it through bench/run, which builds the helpers.

Each size N gets its own private D-Bus session and throwaway gnome-keyring (the tests' set-up:
tests/keyfob-test-bus.conf, a keyring unlocked with the password "pw", HOME and XDG dirs in a
temporary directory), started from a cached, already filled keyring directory. Every figure is
the median of --reps runs and is compared with its peer measured in the same session.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
PASSWORD = "pw"
SCHEMA = "io.github.keyfob.Token"
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
        for key, program in (("keyfob", args.app), ("toolkit", args.toolkit)):
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
    finally:
        stop(KEYRING[0])
    with open(args.out, "w") as f:
        json.dump(result, f)


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
    args.app = os.path.join(args.builddir, "src", "app", "keyfob")
    args.emulator = os.path.join(args.builddir, "tests", "emulator", "keyfob-emulator-server")
    args.fill = os.path.join(args.helpers, "keyfob-bench-fill")
    args.search = os.path.join(args.helpers, "keyfob-bench-search")
    args.toolkit = os.path.join(args.helpers, "keyfob-bench-toolkit")
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
    print(f"\nMachine: {machine()}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"results": results, "search": search, "machine": machine()}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
