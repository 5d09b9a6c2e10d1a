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
