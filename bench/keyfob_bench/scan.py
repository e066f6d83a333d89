# SPDX-License-Identifier: GPL-3.0-or-later
"""keyfob-tool scan (issue #13) over a fixed synthetic folder, against grep -rFl -f."""

import os
import random
import subprocess

from .common import log, median, run_measured
from .session import wait_for_idle_keyring

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
            seconds, rss, code, lines = run_measured(argv, tmp)
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
