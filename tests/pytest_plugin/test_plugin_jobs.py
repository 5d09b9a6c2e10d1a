"""``--pimon-jobs N``: scenario tests run N at once (pytest-xdist workers), each run on its own emulator device
state; ``--pimon-device A,B`` gives each worker one device in turn."""

from __future__ import annotations

import pytest

from monitor.pytest_plugin import worker_device
from tests.devices.emulator.conftest import build_emulator

pytest_plugins = ["pytester"]

TESTS = '''
import pytest

SHORT = {"observe": 2, "background": 0, "dialog_timeout": 5, "permission_timeout": 0.5}


@pytest.mark.pimon_app("eager-sdk")
def test_eager(run, app):
    result = run("first-launch-refuse", **SHORT)
    assert result.status == "completed", result.reason
    assert any(f.rule == "PI-6.3-BEFORE-CONSENT" for f in result.findings)


@pytest.mark.pimon_app("compliant")
def test_compliant(run, app):
    result = run("first-launch-agree", **SHORT)
    assert result.status == "completed", result.reason
    assert result.findings == []
'''


def test_worker_device_takes_one_device_each() -> None:
    assert worker_device("emulator", None) == "emulator"
    assert [worker_device("A, B", f"gw{i}") for i in range(4)] == ["A", "B", "A", "B"]
    assert worker_device("A,B", "master") == "A"


@pytest.mark.e2e
@pytest.mark.timeout(900)
def test_pimon_jobs_runs_scenario_tests_at_once(pytester: pytest.Pytester) -> None:
    build_emulator()
    pytester.makepyfile(test_scenarios=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--pimon-jobs", "2", timeout=600)
    result.stdout.fnmatch_lines(["*2 workers*"])
    result.assert_outcomes(passed=2)


@pytest.mark.timeout(120)
def test_pimon_jobs_workers_do_not_start_workers_of_their_own(pytester: pytest.Pytester) -> None:
    """The workers receive --pimon-jobs too; each once started N workers of its own, and those N more (a fork
    bomb that filled a CI machine's memory). A worker set up to start workers fails at once here (the conftest
    guard), and every test records its process: all four ran in the two workers of the one controller."""
    tree = pytester.path / "tree.txt"
    pytester.makeconftest("""
import pytest


def pytest_configure(config):
    if hasattr(config, "workerinput") and getattr(config.option, "numprocesses", None):
        raise pytest.UsageError("an xdist worker set up to start workers of its own")
""")
    pytester.makepyfile(test_tree=f"""
import os

import pytest


@pytest.mark.parametrize("i", range(4))
def test_where(i):
    with open({str(tree)!r}, "a") as f:
        f.write(f"{{os.getpid()}} {{os.getppid()}} {{os.environ.get('PYTEST_XDIST_WORKER')}}\\n")
""")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--pimon-jobs", "2", timeout=100)
    result.assert_outcomes(passed=4)
    rows = [line.split() for line in tree.read_text().splitlines()]
    assert len(rows) == 4
    assert len({ppid for _, ppid, _ in rows}) == 1, rows  # one controller; no worker has workers of its own
    assert {w for _, _, w in rows} <= {"gw0", "gw1"} and len({pid for pid, _, _ in rows}) <= 2, rows
