"""``--jobs 2`` runs a suite's runs at once and finds exactly what ``--jobs 1`` finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli.main import app as cli
from monitor.paths import SCENARIOS_DIR

pytestmark = pytest.mark.e2e


def _findings(out: Path) -> dict[str, set[tuple]]:
    got = {}
    for doc in sorted(out.glob("*/findings.json")):
        data = json.loads(doc.read_text(encoding="utf-8"))
        run = data["run"]  # keyed by app and scenario: folder names carry run ids, which differ between plans
        key = f"{(run.get('app') or {}).get('package')}--{run.get('scenario')}"
        got[key] = {(f["rule"], f["api"], f["caller"], f["phase"]) for f in data["findings"]}
    return got


def test_suite_jobs_2_finds_what_jobs_1_finds(tmp_path: Path, monkeypatch, e2e_build) -> None:
    """The demo suite, cut to the traffic fixture (both scenarios, hooks and flows), run twice."""
    monkeypatch.setenv("PIMON_HOME", str(tmp_path / "home"))
    found = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        res = CliRunner().invoke(cli, ["run", "--scenario", str(SCENARIOS_DIR / "demo.suite.yaml"),
                                       "--app", "tracker-sdk", "--jobs", str(jobs), "-p", "observe=2",
                                       "-p", "background=1", "--out", str(out), "--db", str(tmp_path / "p.db"),
                                       "--formats", "json", "--fail-on", "none"])
        assert res.exit_code == 0, res.output
        found[jobs] = _findings(out)
    assert len(found[1]) == 2 and all(found[1].values())
    assert found[2] == found[1]
