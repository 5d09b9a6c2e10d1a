"""Same fixture × scenario, N consecutive runs: are the findings byte-identical (ignoring times and ids)?

    .venv/bin/python bench/determinism.py --runs 5 [--apps a,b] [--scenarios first-launch-refuse,first-launch-agree]

Each run's findings (findings.json's list) are reduced to what must not change between runs — rule, api, caller,
phase, severity, category, kind — plus the normalised JSON of the whole finding with times, ids, counts and
object hashes removed; the script prints per cell whether the N runs agree, and exits 1 when one does not.
Default apps: every fixture under emulator/apps. Runs on the embedded emulator, one at a time.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

_VOLATILE = re.compile(r"(^id$|_id$|_ids$|_ms$|^ts$|^seq$|^count$|^pid$|^flow$|^message$|^line$)")
_HASH = re.compile(r"@[0-9a-f]{4,}|\{[0-9a-f]{6,8} |/tmp/[^/\s\"']+|pid \d+|\b\d{10,}\b")


def normalise(value):
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in sorted(value.items()) if not _VOLATILE.search(k)}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str):
        return _HASH.sub("~", value)
    return value


def key(doc: dict) -> str:
    rows = sorted((f["rule"], f["api"], f["caller"], f["phase"], f.get("severity"), f.get("category"), f.get("kind"))
                  for f in doc.get("findings", []))
    return json.dumps({"findings": rows, "status": doc["run"]["status"]}, ensure_ascii=False)


def full(doc: dict) -> str:
    findings = sorted((normalise(f) for f in doc.get("findings", [])), key=lambda f: json.dumps(f, sort_keys=True))
    return json.dumps(findings, ensure_ascii=False, sort_keys=True)


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
                    keys, fulls = [], []
                    for i in range(args.runs):
                        dev = EmulatorDevice(Path(tmp) / f"dev-{app}-{scenario}-{i}", build_dir=EMULATOR_DIR / "build")
                        try:
                            out = Path(tmp) / f"out-{app}-{scenario}-{i}"
                            execute_run(device=dev, package=dev.install_fixture(app), store=store, params=params,
                                        scenario=load_scenario(scenario, params), out_dir=out,
                                        disclosure=fixture_disclosure(app), formats=("json",))
                            doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
                        finally:
                            dev.close()
                        keys.append(key(doc))
                        fulls.append(full(doc))
                    same, same_full = len(set(keys)) == 1, len(set(fulls)) == 1
                    bad += not same
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
