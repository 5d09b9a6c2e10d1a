"""The standard suite (scenarios/standard/) on every fixture app, for real: emulator JVM, Frida agent,
traffic proxy, store, rules. Each run's findings must equal the fixture's expected.yaml entry for the
scenario - no missing finding, no extra one.

The runs belong to the session's run matrix (tests/e2e/matrix.py): run once, several at once, each
with its own device state. The whole matrix (7 scenarios x every fixture) is over the budget of
`make test`; by default three scenarios run only on the fixtures where they add something to the
first-launch tests (``ONLY_ON``): associated-start has first-launch-agree's steps (its point is
self-starter's foreign start), device-reboot starts nothing without a boot receiver (self-starter
has one; forced-exit is dead before it, ignores-refusal keeps its refused findings), and
agree-then-withdraw runs on the two fixtures with a withdraw UI (compliant: nothing after the
withdrawal; ignores-refusal: its SDK reads again) and on eager-sdk, which has none (the scenario stops
at the settings path).
``PIMON_FULL_MATRIX=1`` runs every cell; every fixture's expected.yaml covers every cell.

Durations are short (observe 3 s, background 3 s) so the matrix fits `make test` (the dialog timeout is
generous: a wait for an event, it costs nothing when the dialog comes, and runs at once start slower); they are
chosen so
that no expectation sits on a timing edge: the three launches of cold-start-after-consent are more
than 10 s apart (a once-per-launch read stays under the frequency limits), and hot-poller gets 7 s
where its polling would otherwise run for only ~7 s in all (deny-permissions, associated-start), so
that its 1 s / 2 s polls clearly cross the limits of 3 and 2 reads per 10 s.
"""

from __future__ import annotations

import os

import pytest
import yaml

from monitor import paths
from monitor.rules import all_rules
from tests.e2e.matrix import case

pytestmark = pytest.mark.e2e

STANDARD = paths.SCENARIOS_DIR / "standard"
# Longest first, so that two xdist workers finish together.
SCENARIOS = ("cold-start-after-consent", "refuse-then-relaunch", "background-idle", "agree-then-withdraw",
             "device-reboot", "associated-start", "deny-permissions")
PARAMS = {"observe": 3, "background": 3, "idle": 3, "after_reboot": 3, "dialog_timeout": 10,
          "permission_timeout": 1, "reprompt_timeout": 3}
# no-dialog never shows a dialog: waiting longer for one changes nothing.
FIXTURE_PARAMS = {"no-dialog": {"dialog_timeout": 2}, "hot-poller deny-permissions": {"observe": 7},
                  "hot-poller associated-start": {"observe": 7}}
ONLY_ON = {
    "associated-start": {"self-starter", "compliant"},
    "device-reboot": {"self-starter", "forced-exit", "ignores-refusal", "compliant"},
    "agree-then-withdraw": {"compliant", "ignores-refusal", "eager-sdk"},
}
FULL = os.environ.get("PIMON_FULL_MATRIX", "") not in ("", "0")
# The settings path to each fixture's withdraw control (scenario parameter settings_path). A fixture
# without one: agree-then-withdraw must stop at the path's first tap, say so, and still report what
# the agree part found.
SETTINGS_PATH: dict[str, str] = {"compliant": "设置 > 撤回同意", "ignores-refusal": "Settings > Withdraw consent"}


def _fixtures() -> list[str]:
    """The fixtures the standard matrix runs on: all but those made for one rule's own scenario
    (``standard_suite: false`` in their expected.yaml)."""
    return sorted(p.name for p in (paths.EMULATOR_DIR / "apps").iterdir() if (p / "AndroidManifest.xml").exists()
                  and yaml.safe_load((p / "expected.yaml").read_text(encoding="utf-8")).get("standard_suite", True))


def _spec(app: str) -> dict:
    return yaml.safe_load((paths.EMULATOR_DIR / "apps" / app / "expected.yaml").read_text(encoding="utf-8"))


def _params(app: str, scenario: str) -> dict:
    params = {**PARAMS, **FIXTURE_PARAMS.get(app, {}), **FIXTURE_PARAMS.get(f"{app} {scenario}", {})}
    if app in SETTINGS_PATH:
        params["settings_path"] = SETTINGS_PATH[app]
    return params


def _cases() -> list:
    """The cells, as runs of the session's run matrix (tests/e2e/matrix.py): run once, several at once."""
    return [case(app, scenario, _params(app, scenario), id=f"{app}-{scenario}", strict=False)
            for scenario in SCENARIOS for app in _fixtures()
            if scenario in (_spec(app).get("scenarios") or {}) and (FULL or app in ONLY_ON.get(scenario, {app}))]


def test_the_standard_scenarios_are_all_covered() -> None:
    assert sorted(SCENARIOS) == sorted(p.stem for p in STANDARD.glob("*.yaml"))
    missing = [f"{app}: {s}" for app in _fixtures() for s in SCENARIOS if s not in (_spec(app).get("scenarios") or {})]
    assert not missing, "fixtures without an expectation for a standard scenario:\n" + "\n".join(missing)


@pytest.mark.parametrize(("app", "scenario", "matrix_case"), _cases())
def test_standard_scenario_findings_match_expected(app: str, scenario: str, matrix_case, e2e_matrix, request) -> None:
    result = e2e_matrix.result(matrix_case, request.node.nodeid)
    if scenario == "agree-then-withdraw" and app not in SETTINGS_PATH:
        assert result.status == "failed" and "nothing to tap" in (result.reason or ""), result.reason
        assert "设置" in result.reason  # the first text of the default settings path
    else:
        assert result.status == "completed", result.reason
    known = {r.code for r in all_rules()}
    want = {(f["rule"], f["api"], f["caller"], f["phase"]) for f in _spec(app)["scenarios"][scenario] or []
            if f["rule"] in known}
    got = result.keys
    assert got == want, f"missing: {sorted(want - got)}\nextra: {sorted(got - want)}"
    assert (result.out / "findings.json").exists()
