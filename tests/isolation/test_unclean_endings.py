"""SIGTERM and SIGKILL mid-run: the run ends closed as ``interrupted`` with its rules evaluated, sealed and
reported — by the dying pimon itself (SIGTERM, like Ctrl-C) or by the next pimon command (SIGKILL)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.store import open_store

pytestmark = pytest.mark.e2e

SCENARIO = """\
name: launch-and-stay
steps:
  - launch: {cold: true, clear_data: true}
  - observe: 120
"""


def _pimon(*args: str, home: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "PIMON_HOME": str(home)}
    return subprocess.Popen([str(Path(sys.executable).parent / "pimon"), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def _wait_for_events(db: Path, proc: subprocess.Popen) -> int:
    deadline = time.monotonic() + 300  # generous: the machine may be loaded
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        if db.exists():
            store = open_store(db)
            try:
                runs = store.list_runs(limit=1)
                if runs and store.count_events(runs[0].id) >= 3:
                    return runs[0].id
            finally:
                store.close()
        time.sleep(0.5)
    raise AssertionError("the run never produced events")


@pytest.mark.timeout(900)
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_pimon_leaves_a_closed_evaluated_reported_run(tmp_path: Path, sig: int, e2e_build) -> None:
    (tmp_path / "s.yaml").write_text(SCENARIO)
    db, out, home = tmp_path / "p.db", tmp_path / "out", tmp_path / "home"
    proc = _pimon("run", "--app", "eager-sdk", "--scenario", str(tmp_path / "s.yaml"), "--db", str(db),
                  "--out", str(out), "--formats", "json,html", home=home)
    try:
        run_id = _wait_for_events(db, proc)
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    if sig == signal.SIGTERM:
        assert proc.returncode == 3, stderr.decode()
        assert "SIGTERM" in stderr.decode() and "Traceback" not in stderr.decode()
    else:
        assert proc.returncode == -signal.SIGKILL
        assert not (out / "findings.json").exists()
        later = _pimon("runs", "--db", str(db), home=home)  # any pimon command that opens the store
        _, err = later.communicate(timeout=300)
        assert later.returncode == 0, err.decode()
        assert f"run {run_id} was left running" in err.decode()
    store = open_store(db)
    try:
        run = store.get_run(run_id)
        assert run.status == "interrupted" and run.ended_ms is not None, run
        assert store.count_events(run_id) >= 3
        from monitor.store.chain import verify_run

        assert verify_run(store, run_id).ok
        stored = {f.rule for f in store.get_findings(run_id)}
    finally:
        store.close()
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert doc["run"]["status"] == "interrupted"
    assert "PI-6.3-BEFORE-CONSENT" in {f["rule"] for f in doc["findings"]}, "the rules ran on what was stored"
    assert stored == {f["rule"] for f in doc["findings"]}
    assert (out / "report.html").is_file()
    runs_dir = home / "devices" / "emulator" / "runs"  # the dead run's device state is gone
    assert not runs_dir.exists() or not any(runs_dir.iterdir())
