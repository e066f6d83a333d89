# SPDX-License-Identifier: GPL-3.0-or-later
"""keyfob-tool import (issue #13): a .env of a few new tokens into a keyring of N, against
secret-tool store of as many secrets, and its --dry-run against keyfob-tool list."""

import os
import random
import subprocess

from .common import log, median, run_measured
from .session import Emulator, wait_for_idle_keyring
from .store import new_pylon_attributes, secret_tool_store

# The new tokens in each .env: Pylon's, which import recognises by their value alone (no other
# variable needed), each under a variable name no stored token has.
IMPORT_TOKENS = 5
IMPORT_SIDES = ("import", "peer", "dry_run", "list")


def new_secrets(rep, stored):
    """IMPORT_TOKENS Pylon secrets of the stored ones' form, the same at every run of rep, none
    with a stored Pylon token's preview (pylon_••••••••XXXX, the last four characters): import
    then finds no look-alike whose secret it must read to tell them apart."""
    taken = {s[-4:] for s in stored if s.startswith("pylon_api_")}
    rng = random.Random(f"import {rep}")
    secrets = []
    while len(secrets) < IMPORT_TOKENS:
        secret = "pylon_api_%032x" % rng.getrandbits(128)
        if secret[-4:] not in taken and secret not in secrets:
            secrets.append(secret)
    return secrets


def write_env(path, names, secrets):
    """import reads a file: 0600, in the session's directory, deleted after the run."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("# Keyfob's bench: new tokens to import\n")
        for name, secret in zip(names, secrets):
            f.write(f"{name}={secret}\n")


def says(lines, words):
    """Whether import named every new token with these words (it prints no secret)."""
    return sum(words in line for line in lines) == IMPORT_TOKENS


class ImportRuns:
    """The runs of one size: each side's times, peak RSS and failures."""

    def __init__(self, args, tmp, n, env):
        self.args, self.tmp, self.n, self.env = args, tmp, n, env
        self.out = {side: {"seconds": [], "rss": [], "ok": []} for side in IMPORT_SIDES}

    def keep(self, side, seconds, rss, ok, what):
        o = self.out[side]
        o["seconds"].append(seconds)
        o["rss"].append(rss)
        o["ok"].append(ok)
        if not ok:
            log(f"{self.n} tokens: {side}: {what}")

    def dry_run(self, path):
        wait_for_idle_keyring()
        seconds, rss, code, lines = run_measured([self.args.tool, "import", "--dry-run", path],
                                                 self.tmp)
        self.keep("dry_run", seconds, rss, code == 0 and says(lines, "would be imported"),
                  f"exit {code}, {len(lines)} lines")

    def listing(self):
        wait_for_idle_keyring()
        seconds, rss, code, lines = run_measured([self.args.tool, "list"], self.tmp)
        self.keep("list", seconds, rss, code == 0 and len(lines) >= self.n,
                  f"exit {code}, {len(lines)} lines")

    def store(self, path):
        wait_for_idle_keyring()
        seconds, rss, code, lines = run_measured([self.args.tool, "import", path], self.tmp,
                                                 env=self.env)
        self.keep("import", seconds, rss, code == 0 and says(lines, ": valid"),
                  f"exit {code}, {len(lines)} lines")

    def peer(self, secrets, peers):
        """secret-tool store of as many secrets, one process after the other, as a loop would."""
        total, peak, codes = 0.0, 0, []
        wait_for_idle_keyring()
        for secret, attributes in zip(secrets, peers):
            seconds, rss, code, _ = run_measured(
                secret_tool_store(attributes, attributes["name"]), self.tmp, secret=secret)
            total += seconds
            peak = max(peak, rss)
            codes.append(code)
        self.keep("peer", total, peak, codes == [0] * len(codes), f"exits {codes}")

    def clean_up(self, names, peers):
        """Untimed: what each side stored goes, so that every run meets N tokens. A token that
        is not there to delete was not stored: its run failed."""
        gone = [subprocess.run([self.args.tool, "delete", name], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL).returncode == 0 for name in names]
        # secret-tool clear exits 1 when it removed nothing.
        cleared = [subprocess.run(["secret-tool", "clear", "token-id", a["token-id"]],
                                  stderr=subprocess.DEVNULL).returncode == 0 for a in peers]
        for side, done in (("import", gone), ("peer", cleared)):
            if not all(done):
                self.out[side]["ok"][-1] = False
                log(f"{self.n} tokens: {side} stored {sum(done)} of {len(done)} tokens")


def measure_import(args, tmp, n):
    stored = subprocess.run([args.fill, "--secrets", str(n)], capture_output=True, text=True,
                            check=True).stdout.splitlines()
    emulator = Emulator(args)
    runs = ImportRuns(args, tmp, n, dict(os.environ, KEYFOB_ENDPOINT_OVERRIDE=emulator.url))
    loads = [os.getloadavg()[0]]
    try:
        # Untimed: the page cache holds the programs, the keyring has been read once.
        run_measured([args.tool, "list"], tmp)
        for rep in range(args.reps):
            names = [f"BENCH_IMPORT_{rep}_{i}" for i in range(IMPORT_TOKENS)]
            secrets = new_secrets(rep, stored)
            peers = [new_pylon_attributes(f"bench peer import {rep} {i}")
                     for i in range(IMPORT_TOKENS)]
            for secret in secrets:
                if emulator.command(f"set {secret} valid") != "ok":
                    raise SystemExit("bench: the emulator took no token")
            path = os.path.join(tmp, f"import-{rep}.env")
            write_env(path, names, secrets)
            try:
                # The dry run first: after the import its tokens are stored.
                runs.dry_run(path)
                runs.listing()
                if rep % 2 == 0:  # ABBA
                    runs.store(path)
                    runs.peer(secrets, peers)
                else:
                    runs.peer(secrets, peers)
                    runs.store(path)
            finally:
                os.unlink(path)
            runs.clean_up(names, peers)
            loads.append(os.getloadavg()[0])
            o = runs.out
            log(f"{n} tokens: import {rep + 1}/{args.reps}: {o['import']['seconds'][-1]:.2f} s "
                f"(dry run {o['dry_run']['seconds'][-1]:.2f} s, list "
                f"{o['list']['seconds'][-1]:.2f} s), secret-tool store "
                f"×{IMPORT_TOKENS} {o['peer']['seconds'][-1]:.2f} s")
    finally:
        emulator.stop()
    result = {"load": [min(loads), max(loads)], "tokens": IMPORT_TOKENS}
    for side, o in runs.out.items():
        result[side] = {"seconds": median(o["seconds"]), "rss_mib": median(o["rss"]) / 1024,
                        "seconds_all": o["seconds"], "failed": o["ok"].count(False)}
    return result


def import_rows(results):
    rows = []
    for r in results:
        m = r.get("import")
        if m is None:
            continue
        n, k = r["n"], m["tokens"]

        def failed(side):
            return f", **failed {m[side]['failed']}**" if m[side]["failed"] else ""

        def row(figure, ours, theirs, peer_words, unit, digits):
            a, b = m[ours], m[theirs]
            rows.append((figure, f"{a[unit]:.{digits}f}{failed(ours)}",
                         f"{b[unit]:.{digits}f} {peer_words}{failed(theirs)}",
                         f"{a[unit] / b[unit]:.1f}", "(scaling)", "FAIL" if a["failed"] else "-"))

        row(f"import of {k} new tokens, {n:,} tokens (s)", "import", "peer",
            f"secret-tool store ×{k}", "seconds", 3)
        row(f"import --dry-run, {n:,} tokens (s)", "dry_run", "list", "keyfob-tool list",
            "seconds", 3)
        row(f"import peak RSS, {n:,} tokens (MB)", "import", "peer", "secret-tool store",
            "rss_mib", 1)
        row(f"import --dry-run peak RSS, {n:,} tokens (MB)", "dry_run", "list",
            "keyfob-tool list", "rss_mib", 1)
    return rows
