#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keyfob's benchmark suite (issue #6). Run it through bench/run, which builds what it runs.

Each size N gets its own private D-Bus session and throwaway gnome-keyring (the tests' set-up:
tests/keyfob-test-bus.conf, a keyring unlocked with the password "pw", HOME and XDG dirs in a
temporary directory), started from a cached, already filled keyring directory. Every figure is
the median of --reps runs and is compared with its peer measured in the same session.

--only scan measures keyfob-tool scan over a fixed synthetic folder against grep -rFl -f
(issue #13); --only import, keyfob-tool import of a .env of new tokens against secret-tool store,
and its --dry-run against keyfob-tool list.

--only store (bench/run store) measures the token store's single-token operations (issue #11)
against the secret-tool commands that do the same by one attribute, the window until every row
is loaded, and, at 20,000 tokens, whether add and rename work.

This script runs the sizes and their sessions; keyfob_bench/ holds the parts: session (the
throwaway keyring and the cache of filled ones), tool (list, test --all, start-up), window, store,
scan, importing, and report (the table).
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

from keyfob_bench.common import SRC, log
from keyfob_bench.importing import measure_import
from keyfob_bench.report import print_report
from keyfob_bench.scan import measure_scan
from keyfob_bench.session import (KEYRING, ensure_filled, inner_command, inner_fill,
                                  load_keyring, run_in_session, start_keyring, stop)
from keyfob_bench.store import inner_store
from keyfob_bench.tool import measure_list, measure_startup, measure_test_all
from keyfob_bench.window import (FIRST_ROWS, RENDERERS, measure_first_frame,
                                 measure_keyring_floor, measure_search)


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
        if "import" in args.only:
            log(f"{n} tokens: import")
            result["import"] = measure_import(args, tmp, n)
    finally:
        stop(KEYRING[0])
    with open(args.out, "w") as f:
        json.dump(result, f)


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
    args.script = os.path.abspath(__file__)
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
            proc = run_in_session(tmp, inner_command(args, "--inner-measure", str(n),
                                                     "--out", out))
            if proc.returncode != 0 or not os.path.exists(out):
                raise SystemExit(f"bench: measuring {n} failed:\n{proc.stderr}")
            with open(out) as f:
                results.append(json.load(f))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    search = measure_search(args) if "search" in args.only else None
    print_report(args, results, search)


if __name__ == "__main__":
    sys.exit(main())
