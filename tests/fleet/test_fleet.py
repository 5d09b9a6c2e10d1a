"""A suite through Celery + a real Redis on two embedded-emulator workers (`pimon worker`), submitted with
`pimon suite run --queue`: the same findings as a local run of the same suite, and a worker killed
mid-task has its task redelivered to the other worker, the lost attempt stored as ``lost``."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from monitor.devices.emulator import EmulatorDevice
from monitor.findings.sources import suite_set
from monitor.fleet.queues import capabilities, queue_for, queues_for
from monitor.fleet.submit import task_id_for
from monitor.fleet.worker import device_names
from monitor.runner import plan_runs, run_plan
from monitor.store import open_store
from monitor.store.suites import list_suite_runs

ROOT = Path(__file__).resolve().parents[2]
PIMON = [str(Path(sys.executable).parent / "pimon")]
APPS = ["eager-sdk", "compliant", "ignores-refusal", "tracker-sdk"]
SUITE = f"""name: fleet
apps: [{", ".join(APPS)}]
scenarios: [first-launch-refuse, first-launch-agree]
devices: [emulator]
params: {{observe: 3, background: 2, dialog_timeout: 8, permission_timeout: 2}}
"""


def test_queues_are_capabilities() -> None:
    assert queue_for("emulator") == queue_for("emulator:lab-3") == "pimon.emulator"
    assert queue_for("android") == "pimon.android" and queue_for("android:api34") == "pimon.android.api34"
    assert queue_for("R58N12 3/x") == "pimon.serial.R58N12_3_x"
    assert queues_for({"kind": "emulator"}) == ["pimon.emulator"]
    phone = {"kind": "android", "serial": "R58N", "api": 34, "abi": "arm64-v8a", "rooted": True}
    assert queues_for(phone) == ["pimon.android", "pimon.serial.R58N", "pimon.android.api34",
                                 "pimon.android.abi-arm64-v8a", "pimon.android.rooted"]
    assert queue_for("android:rooted") in queues_for(phone) and queue_for("R58N") in queues_for(phone)

    class Phone:
        kind, serial = "android", "X1"

        def sdk_int(self) -> int:
            return 30

        def rooted(self) -> bool:
            raise OSError("adb went away")

    assert capabilities(Phone()) == {"kind": "android", "serial": "X1", "api": 30}
    names = device_names(["emulator", "emulator", "R58N"])
    assert len(set(names)) == 3 and names[0].startswith("emulator:fleet-") and names[2] == "R58N"
    with pytest.raises(ValueError):
        device_names(["R58N", "R58N"])


def test_task_ids_are_stable_per_submission_key(tmp_path: Path) -> None:
    suite = tmp_path / "fleet.suite.yaml"
    suite.write_text(SUITE, encoding="utf-8")
    plan = plan_runs([], [str(suite)], "emulator", {})
    ids = [task_id_for("key-1", i, p) for i, p in enumerate(plan)]
    assert len(set(ids)) == len(plan) == 8
    assert ids == [task_id_for("key-1", i, p) for i, p in enumerate(plan)]
    assert not set(ids) & {task_id_for("key-2", i, p) for i, p in enumerate(plan)}


def test_an_unreachable_broker_is_one_line(tmp_path: Path) -> None:
    from tests.fleet.conftest import free_port

    suite = tmp_path / "fleet.suite.yaml"
    suite.write_text(SUITE, encoding="utf-8")
    r = subprocess.run([*PIMON, "suite", "run", str(suite), "--queue", f"redis://127.0.0.1:{free_port()}/0", "--db",
                        f"sqlite:///{tmp_path / 'p.db'}", "--out", str(tmp_path / "o")], capture_output=True, text=True,
                       timeout=120, env={**os.environ, "PIMON_HOME": str(tmp_path / "home")}, check=False)
    assert r.returncode == 3 and r.stderr.startswith("error: cannot reach the broker redis://127.0.0.1:"), r.stderr
    assert "Traceback" not in r.stderr + r.stdout and not list(open_store(tmp_path / "p.db").list_runs())
    r = subprocess.run([*PIMON, "suite", "run", str(suite), "--queue", "amqp://x", "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, timeout=120, env={**os.environ, "PIMON_HOME": str(tmp_path)},
                       check=False)
    assert r.returncode == 2 and "redis://" in r.stderr


def _tree_kill(pid: int) -> None:
    """SIGKILL a process and everything under it (the pool child, its emulator JVM)."""
    try:
        proc = psutil.Process(pid)
        victims = [*proc.children(recursive=True), proc]
    except psutil.NoSuchProcess:
        return
    for p in victims:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass


def _freeze_if_still_running(store, run_id: int, worker_pid: int) -> int | None:
    """Stop (SIGSTOP) everything under the worker, then look again: a run that was about to finish between
    the look and the kill would complete instead of being lost (seen in CI). Returns the run's id, frozen while
    still ``running`` — it can no longer complete — or None after letting everything go on."""
    try:
        procs = psutil.Process(worker_pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return None
    for p in procs:
        try:
            p.suspend()
        except psutil.NoSuchProcess:
            pass
    try:
        run = store.get_run(run_id)
    except Exception:  # noqa: BLE001 - the database locked by the frozen writer: it was mid-write, not done
        return run_id
    if run.status == "running":
        return run_id
    for p in procs:
        try:
            p.resume()
        except psutil.NoSuchProcess:
            pass
    return None


@pytest.mark.e2e
@pytest.mark.timeout(1200)
def test_suite_on_two_queued_workers_matches_a_local_run_and_survives_a_killed_worker(
        redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    suite = tmp_path / "fleet.suite.yaml"
    suite.write_text(SUITE, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'fleet.db'}"
    env = {**os.environ, "PIMON_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    workers = subprocess.Popen([*PIMON, "worker", "--device", "emulator", "--device", "emulator", "--broker",
                                redis_url, "--db", db, "--loglevel", "WARNING"], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    pids: dict[str, int] = {}
    log: list[str] = []
    started = threading.Event()

    def read() -> None:
        assert workers.stdout is not None
        for line in workers.stdout:
            log.append(line)
            m = re.match(r"worker for (\S+): pid (\d+)", line.strip())
            if m:
                pids[m[1]] = int(m[2])
                if len(pids) == 2:
                    started.set()

    threading.Thread(target=read, daemon=True).start()
    # The reference: the same suite run locally (the one run service, no queue) on a device of its own, at the
    # same time as the queued one (the machine has 2 cores; the findings must not depend on the timing).
    monkeypatch.setenv("PIMON_HOME", str(tmp_path / "home-local"))
    local: list = []
    local_error: list[BaseException] = []

    def run_locally() -> None:
        try:
            plan = plan_runs([], [str(suite)], "emulator", {})
            local.extend(run_plan(plan, db=f"sqlite:///{tmp_path / 'local.db'}", out_dir=tmp_path / "local",
                                  device_factory=lambda _spec: EmulatorDevice(name="fleet-local"), formats=("json",)))
        except BaseException as e:  # noqa: BLE001 - reported by the test below
            local_error.append(e)

    submit = None
    local_thread = threading.Thread(target=run_locally, daemon=True)
    try:
        assert started.wait(60), "".join(log)
        submit = subprocess.Popen([*PIMON, "suite", "run", str(suite), "--queue", redis_url, "--db", db, "--out",
                                   str(tmp_path / "out"), "--formats", "json,html,sarif", "--timeout", "900",
                                   "--fail-on", "none"],
                                  env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        local_thread.start()
        # Once half the suite is done and the first worker is mid-way through a run (calls recorded), kill that
        # worker: its main process stops taking work (SIGTERM) and the process running the task (with the
        # emulator JVM under it) is SIGKILLed.
        victim_dev, victim_pid = min(pids.items())
        store = open_store(db)
        deadline = time.monotonic() + 600
        victim_run = None
        while victim_run is None:
            assert time.monotonic() < deadline, "no run to kill on " + victim_dev + "\n" + "".join(log)
            assert submit.poll() is None, submit.communicate()[0]
            runs = store.list_runs(limit=None)
            if sum(r.status == "completed" for r in runs) >= 3:
                running = [r for r in runs if r.status == "running" and r.device_serial == victim_dev]
                if running and store.count_events(running[0].id) > 0:
                    victim_run = _freeze_if_still_running(store, running[0].id, victim_pid)
            if victim_run is None:
                time.sleep(0.2)
        # the worker's pool child and the JVM under it are stopped, its run still running: kill them for good
        os.kill(victim_pid, signal.SIGTERM)
        for child in psutil.Process(victim_pid).children():
            _tree_kill(child.pid)
        out, _ = submit.communicate(timeout=900)
        assert submit.returncode == 0, out + "".join(log)
        local_thread.join(timeout=900)
    finally:
        if submit is not None and submit.poll() is None:
            submit.kill()
        workers.send_signal(signal.SIGTERM)
        try:
            workers.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(workers.pid, signal.SIGKILL)

    assert "8/8" in out and "(retried)" in out, out
    # the lost attempt is stored as such; its task was finished by the other worker; nothing counted twice
    lost = store.get_run(victim_run)
    assert lost.status == "lost" and lost.task_id, lost
    attempts = [r for r in store.list_runs(limit=None) if r.task_id == lost.task_id]
    assert len(attempts) == 2
    retry = next(r for r in attempts if r.id != lost.id)
    assert retry.status == "completed" and retry.device_serial != victim_dev
    [sr] = list_suite_runs(store, name="fleet")
    queued = suite_set(store, sr.id)
    assert len({(r.app, r.scenario) for r in queued.runs if r.status == "completed"}) == 8
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in summary["runs"]] == ["completed"] * 8
    assert lost.id not in {r["run_id"] for r in summary["runs"]}
    assert (tmp_path / "out" / "findings.sarif").is_file() and (tmp_path / "out" / "index.html").is_file()
    for row in summary["runs"]:
        assert (tmp_path / "out" / row["slug"] / "report.html").is_file()

    # the same findings as the local run
    assert not local_error, local_error
    assert len(local) == 8 and all(r.status == "completed" for r in local), [(r.status, r.reason) for r in local]
    local_fps = {f.fingerprint for r in local for f in r.findings}
    queued_fps = {f["fingerprint"] for r in summary["runs"] for f in r["findings"]}
    assert local_fps and queued_fps == local_fps, (sorted(queued_fps - local_fps), sorted(local_fps - queued_fps))
    assert {(f.fingerprint, f.severity) for f in queued.records} == {
        (f.fingerprint, str(f.severity)) for r in local for f in r.findings}


def test_a_finished_task_is_not_run_again_and_only_a_tasks_last_attempt_counts(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.fleet import tasks
    from monitor.rules.finding import Finding
    from monitor.store.suites import create_suite_run

    db = f"sqlite:///{tmp_path / 'p.db'}"
    store = open_store(db)
    sid = create_suite_run(store, "fleet", key="k")
    f = Finding(rule="PI-6.3-BEFORE-CONSENT", article="6(3)", severity="high", api="a.B.c", category="device-id",
                caller="sdk:umeng", phase="unknown", count=1, first_ms=1, last_ms=2, message="m")
    first = store.create_run("com.x", scenario="s", suite_run_id=sid, task_id="t1")
    store.replace_findings(first, [f])
    store.finish_run(first, "interrupted", "closed by another pimon")  # monitor.recover got there first
    second = store.create_run("com.x", scenario="s", suite_run_id=sid, task_id="t1")
    store.finish_run(second, "completed")
    other = store.create_run("com.y", scenario="s", suite_run_id=sid, task_id="t2")
    store.finish_run(other, "lost")
    got = suite_set(store, sid)
    assert [r.run_id for r in got.runs] == [second] and got.records == []

    monkeypatch.setattr(tasks, "_state", {})
    monkeypatch.setattr(tasks, "worker_device", lambda: pytest.fail("a finished task must not touch the device"))
    answer = tasks.run_cell("t1", {"db": db, "app": "x", "scenario": {}})
    assert answer["run_id"] == second and answer["reused"] is True and answer["status"] == "completed"
