"""A crashed app leaves a stored, reportable run marked app-crashed, with every event that reached
pimon before the kill kept."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli.main import app as cli
from monitor.run import execute_run
from monitor.scenarios.loader import load_scenario

pytestmark = pytest.mark.e2e

SCENARIO = """\
name: agree-and-stay
steps:
  - launch: {cold: true, clear_data: true}
  - consent: {action: agree, timeout: 8}
  - observe: 60
"""


def _kill_the_polling_app(e2e_device, e2e_store, tmp_path: Path, sig: int) -> tuple[object, int, int]:
    """(result, run id, events before the kill) of hot-poller's run, killed by ``sig`` once it polls after consent."""
    (tmp_path / "s.yaml").write_text(SCENARIO)
    package = e2e_device.install_fixture("hot-poller")
    box: dict = {}
    runner = threading.Thread(target=lambda: box.setdefault("result", execute_run(
        device=e2e_device, package=package, scenario=load_scenario(tmp_path / "s.yaml"), store=e2e_store)))
    runner.start()
    # Wait until the poller has produced events after consent, then kill the JVM the hard way.
    deadline = time.monotonic() + 60
    run_id = None
    before = 0
    while time.monotonic() < deadline:
        runs = e2e_store.list_runs(limit=1)
        if runs:
            run_id = runs[0].id
            before = e2e_store.count_events(run_id)
            if before >= 4 and any(t.to_state == "consented" for t in e2e_store.load_timeline(run_id).transitions):
                break
        time.sleep(0.1)
    assert run_id is not None and before >= 4, "the app never produced events"
    proc = e2e_device.process(package)
    assert proc is not None
    os.kill(proc.pid, sig)
    runner.join(timeout=60)
    assert not runner.is_alive()
    return box["result"], run_id, before


def test_killed_app_leaves_a_reportable_crashed_run(e2e_device, e2e_store, tmp_path: Path) -> None:
    result, run_id, before = _kill_the_polling_app(e2e_device, e2e_store, tmp_path, signal.SIGKILL)
    assert result.status == "app-crashed"
    assert "137" in (result.reason or "") or "-9" in (result.reason or "")
    assert e2e_store.get_run(run_id).status == "app-crashed"
    assert e2e_store.count_events(run_id) >= before

    # `pimon report` works on the crashed run and says so.
    db = str(e2e_store.engine.url) if hasattr(e2e_store, "engine") else None
    out = tmp_path / "report"
    res = CliRunner().invoke(cli, ["report", str(run_id), "--db", db, "--out", str(out)])
    assert res.exit_code == 0, res.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "app-crashed" in html.lower()


def test_a_jvm_fatal_error_is_app_crashed_with_the_jvm_s_crash_log(e2e_device, e2e_store, tmp_path: Path) -> None:
    """A fault the JVM cannot survive (SIGSEGV; here sent from outside, as a fault in native code would be): HotSpot
    writes its crash log and aborts. The run is app-crashed, its crash record made from the log (the error and the
    problematic frame in the reason, the crashing thread's frames as the stack), the log kept in the device's
    tombstones. The JVM's own reads while it writes the log (/proc/self/status: a TracerPid probe when an app makes
    it) are not recorded, so the crash is not taken for an app that probed for instrumentation and quit."""
    result, run_id, before = _kill_the_polling_app(e2e_device, e2e_store, tmp_path, signal.SIGSEGV)
    assert result.status == "app-crashed", result.reason
    assert result.reason.startswith("app crashed: killed by SIGABRT (native abort): the JVM's fatal error SIGSEGV")
    crash = e2e_store.get_run(run_id).config["crash"]
    assert (crash["kind"], crash["source"]) == ("native-abort", "hs_err")
    assert "# Problematic frame:" in crash["stack"] and "Native frames:" in crash["stack"]
    logs = list(e2e_device.tombstones.glob("hs_err_pid*.log"))
    assert len(logs) == 1 and "SIGSEGV" in logs[0].read_text(errors="replace")
    assert e2e_store.count_events(run_id) >= before
    tl = e2e_store.load_timeline(run_id)
    assert not [c for c in tl.calls if c.category == "detection"], "the JVM's crash log reads were recorded"


def test_crash_in_the_refusal_handler_is_app_crashed_with_its_fatal_stack(e2e_device, e2e_store, tmp_path: Path) -> None:
    """不同意's click handler throws: the tap that ended the app is an observation (the scenario goes on and
    the run is app-crashed, not failed); the reason names the exception, not the last stack line; the FATAL
    stack is in findings.json and report.html; no PI-7.3-FORCED-EXIT."""
    import json

    params = {"observe": 1, "background": 1, "dialog_timeout": 8}
    package = e2e_device.install_fixture("crash-refusal")
    result = execute_run(device=e2e_device, package=package, scenario=load_scenario("first-launch-refuse", params),
                         store=e2e_store, params=params, out_dir=tmp_path / "out")
    assert result.status == "app-crashed", result.reason
    assert (result.reason or "").startswith("app crashed: java.lang.NullPointerException"), result.reason
    assert not [f for f in result.findings if f.rule in ("PI-7.3-FORCED-EXIT", "PI-6.3-NO-CONSENT-DIALOG")]
    tl = e2e_store.load_timeline(result.run_id)
    assert any("ended while handling the tap" in m.note for m in tl.marks)
    (exit_row,) = [x for x in tl.lifecycle if x.kind == "process-exit"]
    assert exit_row.data["crash"]["kind"] == "uncaught-exception" and not exit_row.data["requested_by_app"]
    doc = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert doc["crash"]["exception"].startswith("java.lang.NullPointerException")
    assert "com.example.crashrefusal.MainActivity" in doc["crash"]["stack"]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="crash"' in html and "NullPointerException" in html
    # the privacy dialog's picture, taken as its hierarchy before the tap and drawn after the app had died (by a
    # JVM of the device's own), at the time it was taken
    from monitor.store.screenshots import get_screenshots

    shots = get_screenshots(e2e_store, result.run_id)
    (dialog,) = [s for s in shots if s.label.startswith("dialog:")]
    assert dialog.png.startswith(b"\x89PNG") and dialog.ts < exit_row.ts


def test_crashed_app_that_never_ends_is_killed_and_stored_app_crashed(e2e_device, e2e_store) -> None:
    """A crashed process that does not end (held stopped, its agent silent — what Frida can leave after a crash)
    must not hang the run: the crash report is kept, the process killed, the run stored as app-crashed.

    The emulator's test hook stops crash-refusal's JVM (SIGSTOP) right after its crash report, which makes the
    hang deterministic: before the fix pimon's agent flush waited for an answer forever."""
    package = e2e_device.install_fixture("crash-refusal")
    e2e_device.app_jvm_args[package] = ("-Dpimon.test.holdAfterCrash=true",)
    params = {"observe": 1, "background": 1, "dialog_timeout": 8, "permission_timeout": 1}
    box: dict = {}
    runner = threading.Thread(daemon=True, target=lambda: box.setdefault("result", execute_run(
        device=e2e_device, package=package, scenario=load_scenario("first-launch-refuse", params), params=params,
        store=e2e_store, traffic=False)))
    runner.start()
    runner.join(timeout=240)  # a hang detector, not a speed check: the run's own bounds are far shorter
    if runner.is_alive():
        held = [p.pid for p in e2e_device.processes if p.alive]
        for pid in held:  # free the held JVM (SIGKILL ends a stopped process) so the fixture can close
            os.kill(pid, signal.SIGKILL)
        pytest.fail(f"the run of a crashed, held app hung (JVMs {held} killed by the test)")
    result = box["result"]
    assert result.status == "app-crashed", result.reason
    assert "NullPointerException" in (result.reason or "")
    run = e2e_store.get_run(result.run_id)
    assert run.status == "app-crashed"
    assert run.config["crash"]["exception"].startswith("java.lang.NullPointerException")
    timeline = e2e_store.load_timeline(result.run_id)  # the evidence up to the crash is kept
    assert any(a.kind == "consent-refuse" for a in timeline.ui_actions)
    assert any("ended while handling the tap" in m.note for m in timeline.marks)  # as when the process ends
    exits = [x for x in timeline.lifecycle if x.kind == "process-exit"]
    assert exits and exits[-1].data["crash"]["kind"] == "uncaught-exception"
    assert any("did not end" in m.note and "killed" in m.note for m in timeline.marks)
    assert not [p for p in e2e_device.processes if p.alive]
