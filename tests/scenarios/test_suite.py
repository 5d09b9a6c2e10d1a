"""Suite files: apps × scenarios × devices, parameters, errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.paths import SCENARIOS_DIR
from monitor.scenarios.suite import load_suite

FIXTURES = ["compliant", "eager-sdk", "ignores-refusal", "hot-poller", "forced-exit", "preselected",
            "bulk-permissions", "self-starter", "no-dialog"]


# The one-rule fixtures and the one scenario each runs in the demo.
RULE_FIXTURES = {"policy-gap": "first-launch-agree", "image-policy": "first-launch-agree", "sensitive-notice": "first-launch-agree",
                 "precise-weather": "first-launch-agree", "silent-cleaner": "first-launch-agree",
                 "bundled-consent": "first-launch-agree", "no-personalisation": "settings-personalisation",
                 "reconsent": "upgrade-keep-data"}


def test_demo_suite():
    loaded = load_suite(SCENARIOS_DIR / "demo.suite.yaml")
    demo_apps = [*FIXTURES, "tracker-sdk"]
    assert [a.app for a in loaded.suite.apps] == [*demo_apps, *RULE_FIXTURES]
    assert len(loaded.runs) == len(demo_apps) * 2 + len(RULE_FIXTURES)
    assert {(r.app, r.scenario_name) for r in loaded.runs} == {
        (a, s) for a in demo_apps for s in ("first-launch-refuse", "first-launch-agree")} | set(RULE_FIXTURES.items())
    upgrade = next(r for r in loaded.runs if r.app == "reconsent")
    assert upgrade.params["update"] == "reconsent-v2" and upgrade.params["observe"] == 6
    first = loaded.runs[0]
    assert first.device == "emulator"
    observe = [st for st in first.scenario.steps if st.kind == "observe"]
    assert observe[0].args.seconds == 6  # the suite's parameter, not the scenario's default 8


def test_standard_suite_covers_the_standard_scenarios():
    loaded = load_suite(SCENARIOS_DIR / "standard.suite.yaml")
    names = {r.scenario_name for r in loaded.runs}
    assert {p.stem for p in (SCENARIOS_DIR / "standard").glob("*.yaml")} <= names


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "x.suite.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_per_app_params_and_local_scenarios(tmp_path: Path):
    (tmp_path / "mine.yaml").write_text("name: mine\nparams: {wait: 9}\nsteps:\n  - observe: ${wait}\n",
                                        encoding="utf-8")
    p = _write(tmp_path, "name: s\napps:\n  - a\n  - {app: b, params: {wait: 1}}\nscenarios: [mine]\n"
                         "devices: [emulator, android]\nparams: {wait: 3}\n")
    runs = load_suite(p).runs
    assert [(r.app, r.device, r.scenario.steps[0].args.seconds) for r in runs] == [
        ("a", "emulator", 3), ("a", "android", 3), ("b", "emulator", 1), ("b", "android", 1)]
    overridden = load_suite(p, {"wait": "0"}).runs
    assert {r.scenario.steps[0].args.seconds for r in overridden} == {0}


@pytest.mark.parametrize("text,line,fragment", [
    ("name: s\napps: [a]\nscenarios: [no-such-scenario]\n", 3, "no scenario 'no-such-scenario'"),
    ("name: s\napps: [a]\nscenario: [first-launch-refuse]\n", 3, "unknown key 'scenario'"),
    ("name: s\napps: []\nscenarios: [first-launch-refuse]\n", 2, "apps: List should have at least 1 item"),
    ("name: s\napps: [a]\nscenarios: [first-launch-refuse]\nparams: {observe: [1]}\n", 4, "params.observe"),
    ("- a\n", 1, "a suite is a mapping"),
])
def test_bad_suites(tmp_path: Path, text: str, line: int, fragment: str):
    p = _write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_suite(p)
    msg = str(info.value)
    assert msg.startswith(f"{p}:{line}: ") and fragment in msg and "\n" not in msg


def test_app_scenarios_replace_the_suites_and_are_checked(tmp_path: Path):
    (tmp_path / "s.suite.yaml").write_text(
        "name: s\napps: [compliant, {app: reconsent, scenarios: [upgrade-keep-data], params: {update: reconsent-v2}}]\n"
        "scenarios: [first-launch-agree]\n", encoding="utf-8")
    runs = load_suite(tmp_path / "s.suite.yaml").runs
    assert [(r.app, r.scenario_name) for r in runs] == [("compliant", "first-launch-agree"),
                                                         ("reconsent", "upgrade-keep-data")]
    (tmp_path / "b.suite.yaml").write_text(
        "name: b\napps:\n  - compliant\n  - {app: x, scenarios: [no-such-scenario]}\nscenarios: [first-launch-agree]\n",
        encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_suite(tmp_path / "b.suite.yaml")
    assert "b.suite.yaml:4" in str(e.value) and "no-such-scenario" in str(e.value)


def test_bad_scenario_inside_a_suite_names_the_scenario_file(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text("name: bad\nsteps:\n  - observe: soon\n", encoding="utf-8")
    p = _write(tmp_path, "name: s\napps: [a]\nscenarios: [bad]\n")
    with pytest.raises(ConfigError, match=r"bad\.yaml:3: steps\[0\]\.observe\.seconds"):
        load_suite(p)
