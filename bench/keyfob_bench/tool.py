# SPDX-License-Identifier: GPL-3.0-or-later
"""keyfob-tool against its peers (issue #6): list, test --all, start-up."""

import json
import os
import shutil
import subprocess
import time

from .common import SCHEMA, log, median, timed
from .session import Emulator, restart_keyring, wait_for_idle_keyring


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


def measure_test_all(args, tmp, n):
    emulator = Emulator(args)
    url, command = emulator.url, emulator.command
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
        emulator.stop()
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
