# SPDX-License-Identifier: GPL-3.0-or-later
"""The throwaway session each size gets (a private D-Bus session and gnome-keyring), and the
cache of filled keyrings it starts from."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

from .common import PASSWORD, SCHEMA, SRC, cpu_ticks, log

# Stores through the Secret Service up to this size; above it gnome-keyring's
# rewrite-the-file-per-store makes that quadratic, so the filler writes the file instead.
STORE_FILL_MAX = 1000


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


class Emulator:
    """keyfob-emulator-server, the tests' vendor emulators in a process: its URL, for
    KEYFOB_ENDPOINT_OVERRIDE, and its commands on stdin, where tokens go (never to argv)."""

    def __init__(self, args):
        self.proc = subprocess.Popen([args.emulator], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.url = self.proc.stdout.readline().strip()

    def command(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def stop(self):
        self.proc.stdin.close()
        stop(self.proc)


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
    start_keyring()
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
        result = run_in_session(tmp, inner_command(args, "--inner-fill", str(n)))
        if result.returncode != 0:
            raise SystemExit(f"bench: filling failed:\n{result.stderr}")
        os.makedirs(cached, exist_ok=True)
        shutil.rmtree(os.path.join(cached, "keyrings"), ignore_errors=True)
        shutil.copytree(os.path.join(tmp, "data", "keyrings"), os.path.join(cached, "keyrings"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"filled {n} in {time.monotonic() - start:.0f} s")
    return cached


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


def inner_command(args, *inner):
    """The bench script again, in one of its inner modes, with this run's options."""
    return [sys.executable, args.script] + list(inner) + \
        ["--builddir", args.builddir, "--helpers", args.helpers, "--reps", str(args.reps),
         "--sizes", ",".join(map(str, args.sizes)), "--only", ",".join(args.only)]
