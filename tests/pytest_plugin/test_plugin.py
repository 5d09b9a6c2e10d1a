"""pimon's pytest plugin, used the way a team would: a scenario test file run by pytest (in a
subprocess, through the installed ``pytest11`` entry point) on the real emulator, with JUnit XML."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.devices.emulator.conftest import build_emulator
from tests.e2e.conftest import AGENT

pytest_plugins = ["pytester"]

SCENARIO_TESTS = '''
import pytest

SHORT = {"observe": 1, "background": 0, "dialog_timeout": 5, "permission_timeout": 0.5}


@pytest.mark.pimon_app("eager-sdk")
def test_eager_sdk_collects_before_consent(run, app):
    result = run("first-launch-refuse", **SHORT)
    assert app == "com.example.eagersdk"
    assert result.status == "completed", result.reason
    auto = [f for f in result.findings if f.kind == "auto"]  # assisted items (needs review) aside
    assert {f.rule for f in auto} == {"PI-6.3-BEFORE-CONSENT"}
    assert {f.caller for f in auto} == {"sdk:umeng"}


@pytest.mark.parametrize("app", ["compliant"], indirect=True)
def test_no_findings(run, app, device):
    result = run("first-launch-agree", **SHORT)
    assert result.findings == [], [f.key for f in result.findings]
    assert app == "com.example.compliant" and device.is_installed(app)


@pytest.mark.pimon_app("eager-sdk")
def test_expected_to_fail(run):
    assert run("first-launch-agree", **SHORT).findings == []
'''


@pytest.fixture(scope="module")
def emulator_ready() -> Path:
    if not AGENT.exists():
        pytest.fail(f"{AGENT} is missing: run `make setup`")
    return build_emulator()


def test_entry_point_is_registered_and_cheap_to_import() -> None:
    from importlib.metadata import entry_points

    assert [ep.value for ep in entry_points(group="pytest11") if ep.name == "pimon"] == ["monitor.pytest_plugin"]
    code = ("import sys, monitor.pytest_plugin; "
            "print(sorted(m for m in ('frida', 'sqlalchemy', 'monitor.run', 'monitor.scenarios', 'monitor.devices')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_options_in_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*pimon scenario tests*", "*--pimon-device=SPEC*", "*--pimon-app=APP*",
                                 "*--pimon-db=URL*", "*--pimon-out=DIR*"])


def test_a_test_without_an_app_fails_with_one_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x(run):\n    run('first-launch-refuse')\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*pimon: no app for test_x: mark the test with @pytest.mark.pimon_app(NAME)*"])
    assert "Traceback" not in result.stdout.str()


def test_an_unreachable_device_is_one_line_per_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("import pytest\n@pytest.mark.pimon_app('compliant')\n"
                        "def test_x(run):\n    run('first-launch-refuse')\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--pimon-device", "pimon-no-such-serial")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["pimon: *"])  # no adb server, or no such device: pimon's own message
    assert "Traceback" not in result.stdout.str() and "During handling" not in result.stdout.str()


def test_unknown_scenario_fails_with_one_line(pytester: pytest.Pytester, emulator_ready: Path) -> None:
    pytester.makepyfile("import pytest\n@pytest.mark.pimon_app('compliant')\n"
                        "def test_x(run):\n    run('no-such-scenario')\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*pimon: no scenario 'no-such-scenario'*"])


def test_scenario_tests_on_the_emulator_with_junit(pytester: pytest.Pytester, emulator_ready: Path,
                                                  tmp_path: Path) -> None:
    pytester.makepyfile(test_team=SCENARIO_TESTS)
    junit, out = tmp_path / "junit.xml", tmp_path / "reports"
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--junitxml={junit}",
                                           f"--pimon-db={tmp_path / 'runs.db'}", f"--pimon-out={out}")
    outcomes = result.parseoutcomes()
    assert (outcomes.get("passed"), outcomes.get("failed")) == (2, 1), result.stdout.str()[-6000:]
    cases = {c.get("name"): c for c in ET.parse(junit).getroot().iter("testcase")}
    assert set(cases) == {"test_eager_sdk_collects_before_consent", "test_no_findings[compliant]",
                          "test_expected_to_fail"}
    assert cases["test_expected_to_fail"].find("failure") is not None
    props = {p.get("name"): p.get("value") for p in cases["test_eager_sdk_collects_before_consent"].iter("property")}
    assert props["pimon_status"] == "completed" and int(props["pimon_findings"]) >= 1
    assert (Path(props["pimon_report"]) / "findings.json").is_file()
    assert Path(props["pimon_report"]).parent == out
    # every run went to the one store given
    from monitor.store import open_store

    store = open_store(tmp_path / "runs.db")
    try:
        assert len(store.list_runs()) == 3
    finally:
        store.close()
