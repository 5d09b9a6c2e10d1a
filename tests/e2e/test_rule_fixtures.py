"""The one-rule fixtures whose rule needs a scenario of its own, for real: the settings walk
(no-personalisation, Article 8(2)) and the upgrade with data kept (reconsent 1.0 -> reconsent-v2 1.1,
Article 6(3)). Findings must equal expected.yaml; the facts the scenarios leave on the timeline and
the policy each run read are checked from the same run."""

from __future__ import annotations

import json

import pytest
import yaml

from monitor import paths
from monitor.rules import all_rules
from monitor.rules.facts import facts
from tests.e2e.matrix import case

pytestmark = pytest.mark.e2e

CASES = {
    ("no-personalisation", "settings-personalisation"): {"observe": 2, "dialog_timeout": 8},
    ("reconsent", "upgrade-keep-data"): {"observe": 2, "dialog_timeout": 8, "reconsent_timeout": 3,
                                         "update": "reconsent-v2"},
}


def _want(app: str, scenario: str) -> set[tuple[str, str, str, str]]:
    spec = yaml.safe_load((paths.EMULATOR_DIR / "apps" / app / "expected.yaml").read_text(encoding="utf-8"))
    known = {r.code for r in all_rules()}
    return {(f["rule"], f["api"], f["caller"], f["phase"]) for f in spec["scenarios"][scenario] if f["rule"] in known}


@pytest.mark.parametrize(("app", "scenario", "matrix_case"),
                         [case(a, s, p, id=f"{a}-{s}", disclosure=False) for (a, s), p in CASES.items()])
def test_rule_fixture_scenario(app: str, scenario: str, matrix_case, e2e_matrix, request) -> None:
    result = e2e_matrix.result(matrix_case, request.node.nodeid)
    assert result.status == "completed", result.reason
    got = result.keys
    want = _want(app, scenario)
    assert got == want, f"missing: {sorted(want - got)}\nextra: {sorted(got - want)}"
    tl = e2e_matrix.store.load_timeline(result.run_id)
    doc = json.loads((result.out / "findings.json").read_text(encoding="utf-8"))
    assert all(f["kind"] == ("assisted" if f["rule"] == "PI-8.2-NO-NONPERSONALISED-OPTION" else "auto")
               for f in doc["findings"])
    if scenario == "settings-personalisation":
        (_, fact), = facts(tl, "personalisation")
        assert fact["found"] is False and fact["path"] == ["我的", "设置"]
        assert [a.target.get("text") for a in tl.ui_actions if a.kind == "tap"] == ["我的", "设置"]
    else:
        (_, fact), = facts(tl, "upgrade")
        assert fact["sdks_before"] == ["umeng"] and fact["sdks_after"] == ["pangle", "umeng"]
        assert fact["sha_before"] != fact["sha_after"]
        # the run's policy is the installed (1.1) one, and it is the run's disclosure
        policy = tl.meta["policy"]
        assert policy["status"] == "ok" and "1.1" in policy["text"]
        assert {s["sdk"] for s in policy["sdks"]} == {"umeng", "pangle"}
        assert doc["run"]["config"]["disclosure"]["source"].startswith("policy file:///android_asset/privacy.html")
