"""The e2e run matrix: the fixture × scenario runs of several test modules, run once per session, several at once.

Each matrix test is a ``pytest.param`` made by :func:`case`: it names its app, scenario and parameters and
carries the ``matrix`` mark. The test functions are listed in ``MATRIX_TESTS``: with xdist, tests/conftest.py's
scheduler sends all of them to one worker as one unit (pytest-xdist's own ``loadgroup`` does not group on
pytest 9: the node-id suffix it sets is not seen). The first matrix test that worker reaches asks :class:`Matrix`
for its result; the
matrix then runs every selected case (``-k`` and node ids are honoured: it reads the session's items) through
the same ``execute_run`` the CLI uses, ``PIMON_TEST_JOBS`` (default 3) at a time — each run has its own device
state and proxy process (issue 12), so runs at once never see each other's evidence — and every test then
asserts on its own run. A run that raises is kept as that case's error; the other cases still run.

Why: about 85 runs whose time is mostly the scenarios' own waits (observe, background, dialog timeouts) ran one
after another and took most of ``make test``; at once, the waits overlap.
"""

from __future__ import annotations

import os
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

MARK = "matrix"
GROUP = "e2e-matrix"
# The test functions whose cases are matrix runs (node ids without the parameters): one xdist work unit.
MATRIX_TESTS = frozenset({
    "tests/e2e/test_fixtures.py::test_fixture_findings_match_expected",
    "tests/e2e/test_standard_suite.py::test_standard_scenario_findings_match_expected",
    "tests/e2e/test_rule_fixtures.py::test_rule_fixture_scenario",
})


def is_matrix_test(nodeid: str) -> bool:
    return nodeid.split("[", 1)[0] in MATRIX_TESTS
# The first matrix test a worker runs waits for the whole matrix (about 85 runs): its timeout covers them all.
# Each run bounds itself (the scenario's timeouts, the agent's and the app's); this is the backstop.
TIMEOUT = 1800
# A run that has not ended after this long is hung: its app JVMs are SIGKILLed so the run ends; the case is run once
# more and its test warns with the killed pids, or fails saying so if the second run hangs too — instead of the
# matrix waiting for the timeout above. A backstop: the hang it was made for (crash-refusal under load: a crashed
# JVM that never ended under Frida while pimon's agent flush waited for an answer without a timeout) is fixed —
# such a process is killed 5 s after its crash report and every wait on the agent is bounded (test_crash.py).
CASE_WATCHDOG = float(os.environ.get("PIMON_TEST_RUN_WATCHDOG", "480"))
# A run in which a JVM died of a fatal error (HotSpot's abort after a fault in native code: the JVM's, Frida's or
# pimon's agent's) is run once more and its test warns with the error and the crashing thread's frames; 0 makes it
# fail at once. Why: one such abort (SIGABRT, hot-poller × first-launch-refuse) failed CI at stop 30 with nothing
# but the exit status to go on. Its next occurrence, in a rehearsal, named its frame in this warning: SIGSEGV in
# __open64 on the JDK's process reaper thread, a race with the agent patching open64 (fixed: Zygote --parent-pipe).
# Other threads can still meet an inline patch the same way, rarely; this keeps such a crash visible, not fatal.
FATAL_RERUN = os.environ.get("PIMON_TEST_FATAL_RERUN", "1") != "0"


@dataclass(frozen=True)
class Case:
    app: str
    scenario: str
    params: tuple[tuple[str, Any], ...]
    strict: bool = True
    disclosure: bool = True  # the fixture's own disclosure.yaml, as the CLI takes it

    @property
    def id(self) -> str:
        return f"{self.app}|{self.scenario}|{self.params!r}|{self.strict}|{self.disclosure}"


@dataclass
class Outcome:
    case: Case
    run_id: int | None = None
    status: str | None = None
    reason: str | None = None
    findings: list[Any] = field(default_factory=list)
    out: Path | None = None
    error: str | None = None
    hung: bool = False
    fatal: str | None = None  # a JVM of the run died of a fatal error (its hs_err log's error and frame)
    warning: str | None = None

    @property
    def keys(self) -> set[tuple[str, str, str, str]]:
        return {f.key for f in self.findings}


def case(app: str, scenario: str, params: dict[str, Any], *, id: str, strict: bool = True,
         disclosure: bool = True) -> Any:
    """A parametrize entry for a matrix test; the test function takes ``(app, scenario, matrix_case)``."""
    c = Case(app, scenario, tuple(sorted(params.items())), strict, disclosure)
    return pytest.param(app, scenario, c, id=id, marks=[pytest.mark.matrix(c), pytest.mark.timeout(TIMEOUT)])


class Matrix:
    def __init__(self, session: Any, build: Path, root: Path) -> None:
        self._session = session
        self._build = build
        self._root = root
        self._lock = threading.Lock()
        self._done: dict[str, Outcome] | None = None
        self._broken: str | None = None
        self.store: Any = None

    def result(self, c: Case, nodeid: str) -> Outcome:
        if not is_matrix_test(nodeid):
            pytest.fail(f"{nodeid} uses the run matrix: add its function to MATRIX_TESTS (tests/e2e/matrix.py), "
                        "so that xdist sends every matrix test to one worker")
        with self._lock:
            if self._broken:  # the matrix itself was interrupted (a timeout): say so, never start it again
                pytest.fail(f"the run matrix did not finish: {self._broken}")
            try:
                if self._done is None:
                    self._done = self._run_all()
                if c.id not in self._done:  # not among the session's items (called directly): run it now
                    self._done.update(self._run([c]))
            except BaseException as e:
                self._broken = f"{type(e).__name__}: {e}"
                raise
        out = self._done[c.id]
        if out.warning:
            import warnings

            warnings.warn(out.warning, stacklevel=2)
        if out.error:
            pytest.fail(f"the run of {c.app} × {c.scenario} raised:\n{out.error}")
        return out

    def _selected(self) -> list[Case]:
        seen: dict[str, Case] = {}
        for item in self._session.items:
            mark = item.get_closest_marker(MARK)
            if mark is not None:
                seen.setdefault(mark.args[0].id, mark.args[0])
        return list(seen.values())

    def _run_all(self) -> dict[str, Outcome]:
        from monitor.store import open_store

        self.store = open_store(self._root / "pimon.db")
        return self._run(self._selected())

    def _run(self, cases: list[Case]) -> dict[str, Outcome]:
        jobs = max(1, int(os.environ.get("PIMON_TEST_JOBS", "3")))
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="e2e-matrix") as pool:
            outcomes = list(pool.map(lambda ic: self._one(*ic), enumerate(cases)))
        return {o.case.id: o for o in outcomes}

    def _one(self, i: int, c: Case) -> Outcome:
        """One case's run; a run the watchdog had to kill (a hang: an open defect, see CASE_WATCHDOG), or one in
        which a JVM died of a fatal error (HotSpot's own abort, its hs_err log in the device's tombstones: no
        fixture is meant to; see FATAL_RERUN), is run once more,
        and what happened stays on the outcome as a warning the test emits, never silently."""
        first = self._attempt(i, c, "")
        if not first.hung and not (first.fatal and FATAL_RERUN):
            return first
        second = self._attempt(i, c, "-again")
        if first.hung:
            second.warning = f"the first run of {c.app} × {c.scenario} hung and was killed: {first.error}"
        else:
            second.warning = (f"the first run of {c.app} × {c.scenario} (run {first.run_id}: {first.status}) lost a "
                              f"JVM to a fatal error, and was run once more: {first.fatal}")
        return second

    def _attempt(self, i: int, c: Case, suffix: str) -> Outcome:
        from monitor.devices.emulator import EmulatorDevice
        from monitor.run import execute_run
        from monitor.scenarios.loader import load_scenario
        from monitor.traffic.disclosure import fixture_disclosure

        params = dict(c.params)
        where = self._root / f"case{i}{suffix}"
        outcome = Outcome(c, out=where / "out")
        device = EmulatorDevice(where / "device", build_dir=self._build)
        fired: list[str] = []
        watchdog = threading.Timer(CASE_WATCHDOG, _kill_jvms_under, (where, fired))
        watchdog.daemon = True
        watchdog.start()
        try:
            package = device.install_fixture(c.app)
            result = execute_run(device=device, package=package,
                                 scenario=load_scenario(c.scenario, params, strict=c.strict), store=self.store,
                                 params=params, out_dir=outcome.out,
                                 disclosure=fixture_disclosure(c.app) if c.disclosure else None)
            outcome.run_id, outcome.status, outcome.reason = result.run_id, result.status, result.reason
            outcome.findings = list(result.findings)
        except BaseException:  # noqa: BLE001 - kept as this case's failure; the other runs go on
            outcome.error = traceback.format_exc()
        finally:
            watchdog.cancel()
            device.close()
        outcome.fatal = _fatal_error(where / "device")
        if fired:
            outcome.hung = True
            outcome.error = (f"the run hung: after {CASE_WATCHDOG} s the watchdog SIGKILLed {', '.join(fired)}\n"
                             + (outcome.error or f"the run then ended: {outcome.status} ({outcome.reason})"))
        return outcome


def _fatal_error(device_home: Path) -> str | None:
    """The head of the first fatal error log a JVM of the run left in the device's tombstones, or None."""
    from monitor.crashes import from_hotspot_log, hotspot_fatal
    from monitor.devices.emulator.device import TOMBSTONES

    for log in sorted((device_home / TOMBSTONES).glob("hs_err_pid*.log")):
        text = log.read_text(errors="replace")
        thread, excerpt = from_hotspot_log(text)
        on = f" on thread {thread}" if thread else ""
        return f"{log.name}: {hotspot_fatal(text)}{on}\n{excerpt[:3000]}"
    return None


def _kill_jvms_under(where: Path, fired: list[str]) -> None:
    """SIGKILL the processes whose command line names the case's folder (its app JVMs and their zygote)."""
    import psutil

    for proc in psutil.process_iter(["pid", "cmdline"]):
        try:
            if any(str(where) in part for part in proc.info["cmdline"] or []):
                fired.append(f"pid {proc.pid}")
                proc.kill()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
