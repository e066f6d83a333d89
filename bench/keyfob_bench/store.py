# SPDX-License-Identifier: GPL-3.0-or-later
"""The store's single-token operations (issue #11) against secret-tool, and how soon a live
token list sees another process's change."""

import hashlib
import os
import subprocess
import tempfile
import time
import uuid

from .common import SCHEMA, log, median, verdict
from .session import restart_keyring, wait_for_idle_keyring
from .window import ALL_LOADED_HOOK, ALL_LOADED_TIMEOUT, measure_all_loaded

# Every single-token operation against the secret-tool command that does the same by one
# attribute, both in the same keyring session, runs interleaved. At STORE_WORKS_SIZE tokens only
# whether add and rename work at all (and how long they take).
STORE_TARGET = 3.0
STORE_WORKS_SIZE = 20000


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
