"""Every fixture app × both first-launch scenarios, for real: emulator JVM, Frida agent, store,
rules. pimon's findings must equal the fixture's expected.yaml — no missing finding, no extra one —
for every rule the registry has. The runs belong to the session's run matrix (tests/e2e/matrix.py):
run once, several at once, each with its own device state."""

from __future__ import annotations

import pytest
import yaml

from monitor import paths
from monitor.expected import expected_status
from monitor.rules import all_rules
from tests.e2e.matrix import case

pytestmark = pytest.mark.e2e

# Long enough for hot-poller's 1 s / 2 s polls to cross the frequency limits (3 and 2 per 10 s).
PARAMS = {"observe": 6, "background": 4, "dialog_timeout": 8, "permission_timeout": 2}
SCENARIOS = ("first-launch-refuse", "first-launch-agree")


def _cases() -> list:
    cases = []
    for expected in sorted((paths.EMULATOR_DIR / "apps").glob("*/expected.yaml")):
        spec = yaml.safe_load(expected.read_text(encoding="utf-8"))
        for scenario in SCENARIOS:
            if scenario in (spec.get("scenarios") or {}):
                cases.append(case(expected.parent.name, scenario, PARAMS, id=f"{expected.parent.name}-{scenario}"))
    return cases


def _expected(app: str, scenario: str) -> set[tuple[str, str, str, str]]:
    spec = yaml.safe_load((paths.EMULATOR_DIR / "apps" / app / "expected.yaml").read_text(encoding="utf-8"))
    known = {r.code for r in all_rules()}
    return {(f["rule"], f["api"], f["caller"], f["phase"]) for f in spec["scenarios"][scenario] or []
            if f["rule"] in known}


def test_every_fixture_has_expectations() -> None:
    apps = [p.name for p in (paths.EMULATOR_DIR / "apps").iterdir() if (p / "AndroidManifest.xml").exists()]
    assert len(apps) >= 8
    for app in apps:
        assert (paths.EMULATOR_DIR / "apps" / app / "expected.yaml").exists(), app


@pytest.mark.parametrize(("app", "scenario", "matrix_case"), _cases())
def test_fixture_findings_match_expected(app: str, scenario: str, matrix_case, e2e_matrix, request) -> None:
    result = e2e_matrix.result(matrix_case, request.node.nodeid)
    assert result.status == expected_status(paths.EMULATOR_DIR / "apps" / app, scenario), result.reason
    got = result.keys
    want = _expected(app, scenario)
    assert got == want, f"missing: {sorted(want - got)}\nextra: {sorted(got - want)}"
    assert (result.out / "findings.json").exists() and (result.out / "report.html").exists()
