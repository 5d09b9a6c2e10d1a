"""Same fixture × scenario, N consecutive runs: are the findings byte-identical (ignoring times and ids)?

    .venv/bin/python bench/determinism.py --runs 5 [--apps a,b] [--scenarios first-launch-refuse,first-launch-agree]
        [--run-timeout 300]

Each run's findings (findings.json's list) are reduced to what must not change between runs — rule, api, caller,
phase, severity, category, kind — plus the normalised JSON of the whole finding with times, ids, counts and
object hashes removed; the script prints per cell whether the N runs agree, and exits 1 when one does not.
Default apps: every fixture under emulator/apps. Runs on the embedded emulator, one at a time.

Each run is bounded (``--run-timeout`` s): past it the JVMs of its device are SIGKILLed (the run then ends as
its app died) and the run counts as HUNG; a run that still does not return a minute later has every thread's
stack printed and the bench exits 2 — it never waits forever.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import re
import signal
import sys
import tempfile
import threading
from pathlib import Path

_VOLATILE = re.compile(r"(^id$|_id$|_ids$|_ms$|^ts$|^seq$|^count$|^pid$|^flow$|^message$|^line$)")
# A run's own device directory (``…/runs/<run>``: each run has its own, so the app's sdcard paths differ), object
# identity hashes, temp dirs, pids, epoch times.
_HASH = re.compile(r"(?:/[^/\s\"']+)*/runs/[^/\s\"']+|@[0-9a-f]{4,}|\{[0-9a-f]{6,8} |/tmp/[^/\s\"']+|pid \d+"
                   r"|\b\d{10,}\b")
# The agent cuts values at 512 characters (maxValueLength); where identity hashes of varying length come before
# the cut, it falls at a different place in each run — only a prefix that is whole in every run is compared.
AGENT_VALUE_CAP = 512
CUT_PREFIX = 300


def normalise(value):
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in sorted(value.items()) if not _VOLATILE.search(k)}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str):
        out = _HASH.sub("~", value)
        return out[:CUT_PREFIX] + "…" if len(value) >= AGENT_VALUE_CAP else out
    return value


def key(doc: dict) -> str:
    rows = sorted((f["rule"], f["api"], f["caller"], f["phase"], f.get("severity"), f.get("category"), f.get("kind"))
                  for f in doc.get("findings", []))
    return json.dumps({"findings": rows, "status": doc["run"]["status"]}, ensure_ascii=False)


def full(doc: dict) -> str:
    findings = sorted((normalise(f) for f in doc.get("findings", [])), key=lambda f: json.dumps(f, sort_keys=True))
    return json.dumps(findings, ensure_ascii=False, sort_keys=True)


def kill_jvms_under(where: Path, fired: list[int]) -> None:
    """SIGKILL every process whose command line names ``where`` (the run's device: its app JVMs)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read().decode("utf-8", "replace")
        except OSError:
            continue
        if str(where) in cmd:
            fired.append(int(entry))
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass


def watchdog(where: Path, timeout: float, fired: list[int]) -> threading.Event:
    """Bound one run: its JVMs killed after ``timeout`` s; all stacks dumped and exit 2 if it still has not
    returned 60 s later. Set the returned event when the run is over."""
    done = threading.Event()

    def watch() -> None:
        if done.wait(timeout):
            return
        kill_jvms_under(where, fired)
        print(f"run under {where} still going after {timeout:g} s: killed pids {fired}", file=sys.stderr, flush=True)
        if not done.wait(60):
            faulthandler.dump_traceback(all_threads=True)
            print("the run did not end after its JVMs were killed: giving up", file=sys.stderr, flush=True)
            os._exit(2)

    threading.Thread(target=watch, name="determinism-watchdog", daemon=True).start()
    return done


def main() -> int:
    from monitor.devices.emulator import EmulatorDevice
    from monitor.paths import EMULATOR_DIR
    from monitor.run import execute_run
    from monitor.scenarios.loader import load_scenario
    from monitor.store import open_store
    from monitor.traffic.disclosure import fixture_disclosure

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--apps", default="")
    ap.add_argument("--scenarios", default="first-launch-refuse,first-launch-agree")
    ap.add_argument("--run-timeout", type=float, default=300.0, help="seconds one run may take (default 300)")
    args = ap.parse_args()
    apps = [a for a in args.apps.split(",") if a] or sorted(
        p.name for p in (EMULATOR_DIR / "apps").iterdir() if (p / "AndroidManifest.xml").exists())
    params = {"observe": 3, "background": 2, "dialog_timeout": 8, "permission_timeout": 1}
    bad = 0
    with tempfile.TemporaryDirectory(prefix="pimon-determinism-") as tmp:
        store = open_store(Path(tmp) / "pimon.db")
        try:
            for app in apps:
                for scenario in [s for s in args.scenarios.split(",") if s]:
                    keys, fulls, hung = [], [], 0
                    for i in range(args.runs):
                        where = Path(tmp) / f"dev-{app}-{scenario}-{i}"
                        dev = EmulatorDevice(where, build_dir=EMULATOR_DIR / "build")
                        fired: list[int] = []
                        done = watchdog(where, args.run_timeout, fired)
                        try:
                            out = Path(tmp) / f"out-{app}-{scenario}-{i}"
                            execute_run(device=dev, package=dev.install_fixture(app), store=store, params=params,
                                        scenario=load_scenario(scenario, params), out_dir=out,
                                        disclosure=fixture_disclosure(app), formats=("json",))
                            doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
                        finally:
                            done.set()
                            dev.close()
                        if fired:  # a hang is a failure of its own, whatever the findings of the killed run
                            hung += 1
                            doc = {"findings": [], "run": {"status": f"HUNG (killed after {args.run_timeout:g} s)"}}
                        keys.append(key(doc))
                        fulls.append(full(doc))
                    same, same_full = len(set(keys)) == 1, len(set(fulls)) == 1
                    bad += (not same) or hung > 0
                    n = len(json.loads(keys[0])["findings"])
                    print(f"{app:18} {scenario:20} {args.runs} runs: findings {'identical' if same else 'DIFFER'}"
                          f" ({n} findings, status {json.loads(keys[0])['status']}); whole findings incl. evidence "
                          f"{'identical' if same_full else 'differ'}", flush=True)
                    if not same:
                        for k in sorted(set(keys)):
                            print("   ", keys.count(k), "×", k, flush=True)
        finally:
            store.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
