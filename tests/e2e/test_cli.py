"""The CLI's contract with users: one-line errors with exit code 2 for bad input, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PIMON = [sys.executable, "-m", "monitor.cli.main"]


def pimon(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*PIMON, *args], capture_output=True, text=True, timeout=120, check=False,
                          env={"PIMON_HOME": str(home), "PATH": "/usr/bin:/bin", "HOME": str(home)})


@pytest.mark.parametrize("text, where", [
    ("name: x\nsteps:\n  - launch: {cold: yes}\n  - observe: [1, 2]\n", ":4"),
    ("name: x\nsteps:\n  - launch\n  - teleport: {to: moon}\n", ":4"),
    ("name: x\nsteps: [\n", "s.yaml"),
])
def test_malformed_scenario_is_one_line_with_file_and_line(tmp_path: Path, text: str, where: str) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text)
    res = pimon("run", "--app", "compliant", "--scenario", str(scenario), "--out", str(tmp_path / "o"), home=tmp_path)
    assert res.returncode == 2, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.stderr
    assert str(scenario) in lines[0] and where in lines[0]


@pytest.mark.parametrize("url", ["notadb://x", "postgresql+nodriver://u@h/db", "sqlite:////proc/pimon-nope/x.db"])
def test_bad_db_url_is_one_line_exit_2(tmp_path: Path, url: str) -> None:
    res = pimon("runs", "--db", url, home=tmp_path)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert "Traceback" not in res.stderr
    assert len([ln for ln in res.stderr.splitlines() if ln.strip()]) == 1, res.stderr


def test_unknown_fixture_is_exit_2(tmp_path: Path) -> None:
    res = pimon("run", "--app", "no-such-app", "-s", "first-launch-refuse", "--out", str(tmp_path / "o"),
                home=tmp_path)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert "no-such-app" in res.stderr and "Traceback" not in res.stderr


def test_bad_fail_on_and_param(tmp_path: Path) -> None:
    assert pimon("run", "--app", "x", "--fail-on", "severe", home=tmp_path).returncode == 2
    assert pimon("run", "--app", "x", "-p", "novalue", home=tmp_path).returncode == 2


def test_rules_and_catalog_json(tmp_path: Path) -> None:
    import json

    rules = json.loads(pimon("rules", "--format", "json", home=tmp_path).stdout)
    assert {"PI-6.3-BEFORE-CONSENT", "PI-6.3-AFTER-REFUSAL", "PI-7.1-EXCESSIVE-FREQUENCY"} <= {r["code"] for r in rules}
    catalog = json.loads(pimon("catalog", "--format", "json", home=tmp_path).stdout)
    assert any(e["class"] == "android.telephony.TelephonyManager" and e["method"] == "getDeviceId" for e in catalog)
