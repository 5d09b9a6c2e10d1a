"""monitor.launch: the first run's app started (gated, hooked) while pimon starts, taken by the run's first launch."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.launch import EarlyLaunch, Relay, first_launch
from monitor.runner import plan_runs, run_plan
from monitor.scenarios.loader import load_scenario
from tests.e2e.conftest import e2e_build, e2e_device  # noqa: F401 - the real emulator and agent


def test_relay_keeps_calls_until_bound_then_passes_them_on_in_order():
    relay, got = Relay(), []
    relay(1)
    relay(2, "b")
    relay.bind(lambda *a: got.append(a))
    relay(3)
    assert got == [(1,), (2, "b"), (3,)]


def test_relay_bound_while_calls_arrive_loses_none_and_keeps_their_order():
    relay, got = Relay(), []
    stop = threading.Event()

    def caller() -> None:
        n = 0
        while not stop.is_set() or n < 2000:
            relay(n)
            n += 1

    t = threading.Thread(target=caller)
    t.start()
    relay.bind(got.append)
    stop.set()
    t.join()
    assert got == list(range(len(got))) and len(got) >= 2000


def _scenario(tmp_path: Path, steps: str) -> object:
    path = tmp_path / "s.yaml"
    path.write_text(f"name: s\nsteps:\n{steps}")
    return load_scenario(str(path), {}, strict=False)


@pytest.mark.parametrize("steps, expected", [
    ("  - launch\n  - observe: 1\n", (True, False)),
    ("  - launch: fresh\n", (True, True)),
    ("  - launch: {cold: true, clear_data: true}\n", (True, True)),
    ("  - launch: warm\n", None),  # brings a running app back: nothing to start early
    ("  - mark: {note: first}\n  - launch\n", None),  # something of the run comes first
])
def test_first_launch_is_a_cold_launch_as_the_first_step(tmp_path: Path, steps: str, expected):
    args = first_launch(_scenario(tmp_path, steps))
    assert (None if args is None else (args.cold, args.clear_data)) == expected


def test_taken_process_is_gated_attached_and_hooked_and_cancel_after_take_changes_nothing(e2e_device):  # noqa: F811
    package = e2e_device.install_fixture("tracker-sdk")
    early = EarlyLaunch(e2e_device, package, clear_data=True, traffic={"traffic": False})
    assert early.run_device() is not None and early.run_device() is not e2e_device  # the run's own device state
    from monitor.catalog import load_catalog

    assert early.matches(load_catalog(), {"net": False, "tls": False, "unpin": False, "blockQuic": False})
    assert not early.matches(load_catalog(), {"net": True, "tls": True, "unpin": False, "blockQuic": True})
    proc, session, ready = early.take()
    try:
        assert proc.alive and not proc.released and ready.hooks > 100
        got: list = []
        early.on_device_event.bind(got.append)
        proc.release()
        proc.wait_for(lambda e: e.kind == "ui" and e.data.get("what") == "dialog-shown", timeout=30)
        early.cancel()  # taken: the run owns it now
        assert proc.alive
    finally:
        proc.stop(drain=session.flush)
        session.close()
        early.run_device().close()
    assert any(e.kind == "ui" for e in got)  # the device's events reached the run's handler


def test_cancel_kills_the_gated_process_and_closes_its_session(e2e_device):  # noqa: F811
    package = e2e_device.install_fixture("tracker-sdk")
    early = EarlyLaunch(e2e_device, package, clear_data=False, traffic={"traffic": False})
    early.matches(None, {})  # waits until it is hooked
    proc, session = early.process, early.session
    early.cancel()
    assert not proc.alive and session.ended
    early.run_device().close()


def test_a_failed_preparation_is_not_taken_and_its_process_is_stopped(e2e_device):  # noqa: F811
    """Reading the agent's options fails (here: an argument traffic_plan does not know): the early launch does not
    match, so the run launches on its own; its spawned process is stopped by cancel()."""
    package = e2e_device.install_fixture("tracker-sdk")
    early = EarlyLaunch(e2e_device, package, clear_data=False, traffic={"no_such_option": 1})
    assert not early.matches(None, {})
    assert isinstance(early.prepare_error, TypeError) and early.session is None
    proc = early.process
    early.cancel()
    assert proc is not None and not proc.alive
    early.run_device().close()


def _jvms_of(home: Path) -> list[int]:
    """Live processes whose command line names ``home`` (the emulator's app JVMs of that device)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if str(home).encode() in (proc / "cmdline").read_bytes():
                    pids.append(int(proc.name))
            except OSError:
                pass
    return pids


def test_a_run_start_that_fails_stops_the_early_launch(e2e_build, tmp_path: Path, monkeypatch):  # noqa: F811
    """The rules configuration is broken, found after the store is made (a new database: its schema is created,
    so the app has been spawned and is being hooked by then): the app started for the run is stopped."""
    from monitor.devices.emulator import EmulatorDevice

    monkeypatch.setenv("PIMON_HOME", str(tmp_path / "home"))
    home = tmp_path / "device"
    opened: list[EmulatorDevice] = []

    def factory(spec: str) -> EmulatorDevice:
        opened.append(EmulatorDevice(home, build_dir=e2e_build))
        return opened[0]

    rules = tmp_path / "rules.yaml"
    rules.write_text("rules: [\n")
    plan = plan_runs(["tracker-sdk"], ["first-launch-agree"], "emulator", {})
    with pytest.raises(ConfigError):
        run_plan(plan, db=str(tmp_path / "new.db"), out_dir=tmp_path / "out", device_factory=factory,
                 formats=("json",), rules_config=rules)
    assert len(opened) == 1
    assert _jvms_of(home) == []


def test_what_runs_before_the_early_launch_does_not_import_the_store():
    """`pimon run` starts the app after the CLI, the runner, the scenario and the report formats are read: none of
    them may import SQLAlchemy (~0.3 s with the store's schema), or the app starts that much later."""
    import subprocess
    import sys

    probe = ("import sys; import monitor.cli.main, monitor.runner, monitor.launch, monitor.devices.emulator; "
             "from monitor.runner import plan_runs, check_outputs; from monitor.reports.i18n import resolve_lang; "
             "plan_runs(['tracker-sdk'], ['first-launch-agree'], 'emulator', {}); check_outputs(sys.argv[1], ('json',"
             " 'html', 'junit', 'xlsx', 'sarif')); resolve_lang(None); "
             "print(sorted(m for m in ('sqlalchemy', 'monitor.store', 'monitor.run', 'jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe, "out"], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    assert out.strip() == "[]"


def test_the_pimon_command_reaches_the_app_s_start_without_importing_the_store(tmp_path: Path):
    """The real entry point (``main``: SIGTERM handler, log formatter, the CLI): an app that is not installed is found
    where the early launch would start it, and nothing imported on the way there is SQLAlchemy."""
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "monitor.cli.main", "run", "--app", "no-such-app",
                          "-s", "first-launch-agree", "--out", str(tmp_path / "out")], capture_output=True, text=True,
                         timeout=120, check=False, env={"PIMON_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert res.returncode == 2 and "no-such-app" in res.stderr, res.stderr[-2000:]
    imported = [line.rsplit("|", 1)[-1].strip() for line in res.stderr.splitlines() if line.startswith("import time:")]
    assert "monitor.scenarios.loader" in imported  # the probe saw the CLI's imports
    assert not [m for m in imported if m.split(".")[0] == "sqlalchemy" or m == "monitor.store"]
