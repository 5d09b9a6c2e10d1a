"""Runs at once: the demo suite (every fixture app × both first-launch scenarios) on the embedded emulator,
with ``--jobs 1`` and then ``--jobs 2`` in the same bench run, through the real CLI (``pimon run --jobs N``).

* ``jobs.demo_runs_per_min_jobs1`` / ``jobs.demo_runs_per_min_jobs2`` — completed runs per minute of wall time;
* ``jobs.speedup_ratio`` — jobs 2 / jobs 1 (same machine, same run of the bench);
* ``jobs.same_findings`` — 1 when both gave the same (rule, api, caller, phase) findings for every run.

``PIMON_BENCH_DEMO_APPS=a,b`` cuts the suite to some apps (for a quick look; the figures in results.json are
for the whole demo suite).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

from monitor.cli.main import app as cli
from monitor.paths import SCENARIOS_DIR


def _findings(out: Path) -> dict[str, set[tuple]]:
    got = {}
    for doc in sorted(out.glob("*/findings.json")):
        data = json.loads(doc.read_text(encoding="utf-8"))
        run = data["run"]  # keyed by app and scenario: folder names carry run ids, which differ between plans
        key = f"{(run.get('app') or {}).get('package')}--{run.get('scenario')}"
        got[key] = {(f["rule"], f["api"], f["caller"], f["phase"]) for f in data["findings"]}
    return got


def run() -> dict[str, dict]:
    apps = [a for a in os.environ.get("PIMON_BENCH_DEMO_APPS", "").split(",") if a]
    rates, found = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PIMON_HOME"] = str(Path(tmp) / "home")
        try:
            for jobs in (1, 2):
                out = Path(tmp) / f"jobs{jobs}"
                args = ["run", "--scenario", str(SCENARIOS_DIR / "demo.suite.yaml"), "--jobs", str(jobs),
                        "--out", str(out), "--db", str(Path(tmp) / "bench.db"), "--formats", "json", "--fail-on", "none"]
                for a in apps:
                    args += ["--app", a]
                t0 = time.monotonic()
                res = CliRunner().invoke(cli, args)
                elapsed = time.monotonic() - t0
                if res.exit_code != 0:
                    raise RuntimeError(f"--jobs {jobs} exited {res.exit_code}: {res.output[-500:]}")
                found[jobs] = _findings(out)
                rates[jobs] = len(found[jobs]) / (elapsed / 60)
        finally:
            os.environ.pop("PIMON_HOME", None)
    return {
        "jobs.demo_runs_per_min_jobs1": {"value": rates[1], "unit": f"runs/min ({len(found[1])} runs, --jobs 1)"},
        "jobs.demo_runs_per_min_jobs2": {"value": rates[2], "unit": f"runs/min ({len(found[2])} runs, --jobs 2)"},
        "jobs.speedup_ratio": {"value": rates[2] / rates[1], "unit": "× (--jobs 2 / --jobs 1, same bench run)"},
        "jobs.same_findings": {"value": float(found[1] == found[2]), "unit": "1 = identical findings per run"},
    }
