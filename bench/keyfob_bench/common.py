# SPDX-License-Identifier: GPL-3.0-or-later
"""What every part of the bench shares: the keyring's names, logging, timed runs."""

import os
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "pw"
SCHEMA = "io.github.keyfob.Token2"
SECRETS = "org.freedesktop.secrets"


def log(*args):
    print("bench:", *args, file=sys.stderr, flush=True)


def median(values):
    return statistics.median(values) if values else float("nan")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def timed(argv, env=None, stdin=None):
    """Wall time of one run, and its peak RSS in KiB (from wait4)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL if stdin is None else stdin,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode


def run_measured(argv, tmp, env=None, secret=None):
    """Wall time, peak RSS in KiB, exit status and the lines printed. The RSS is GNU time's %M:
    wait4()'s ru_maxrss of a child of this script starts at this script's own RSS (Linux keeps
    the high-water mark across exec), about 20 MB, which hides anything smaller. The time
    includes time(1)'s own start, about a millisecond, on both sides. A secret goes to stdin,
    never to argv."""
    rss_file = os.path.join(tmp, "time-rss")
    with tempfile.TemporaryFile(dir=tmp) as out:
        start = time.monotonic()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv, env=env,
                                stdin=subprocess.DEVNULL if secret is None else subprocess.PIPE,
                                stdout=out, stderr=subprocess.DEVNULL)
        if secret is not None:
            proc.stdin.write(secret.encode())
            proc.stdin.close()
        proc.wait()
        elapsed = time.monotonic() - start
        out.seek(0)
        lines = out.read().decode(errors="replace").splitlines()
    with open(rss_file) as f:
        # "Command exited with non-zero status 1" comes first when it did
        rss = int(f.read().split()[-1])
    os.unlink(rss_file)
    return elapsed, rss, proc.returncode, lines


def verdict(ok):
    return "PASS" if ok else "FAIL"
