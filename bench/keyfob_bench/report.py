# SPDX-License-Identifier: GPL-3.0-or-later
"""The table of every figure against its peer and target, and the notes under it."""

import json
import os
import subprocess

from .common import verdict
from .importing import import_rows
from .scan import SCAN_FILE_BYTES, SCAN_FILES, SCAN_PLANTED, scan_rows
from .store import store_notes, store_rows
from .window import FIRST_ROWS


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
    rows += import_rows(results)
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


def print_report(args, results, search):
    """The table, its notes and the machine; the raw results too with --json."""
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
    if any("import" in r for r in results):
        print("\nImport: keyfob-tool import FILE, FILE a .env of new Pylon tokens (a 0600 file "
              "in the session's directory, deleted after), each tested live against the "
              "vendor emulator and stored with its result, against secret-tool store of as "
              "many secrets, one process after the other, with the attributes keyfob-tool add "
              "writes; runs interleaved (ABBA). Each run's new tokens, and the peer's, are "
              "deleted after it, untimed, so every run meets N. --dry-run of the same file "
              "(it tests and stores nothing) against keyfob-tool list. Peak RSS: GNU time's "
              "%M.")
        for r in results:
            if "import" in r:
                low, high = r["import"]["load"]
                print(f"- {r['n']:,} tokens: 1-minute load average {low:.2f}–{high:.2f}")
    print(f"\nMachine: {machine()}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"results": results, "search": search, "machine": machine()}, f, indent=1)
