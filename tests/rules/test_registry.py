from __future__ import annotations

import pytest

from monitor.rules import RuleDefinitionError, all_rules, evaluate, rule
from monitor.rules.finding import Hit, Severity
from monitor.rules.registry import unregister
from monitor.timeline import Timeline

SECTION7 = {
    "PI-6.3-BEFORE-CONSENT", "PI-6.3-AFTER-REFUSAL", "PI-6.3-NO-CONSENT-DIALOG", "PI-6.2-PRESELECTED-CONSENT",
    "PI-7.1-EXCESSIVE-FREQUENCY", "PI-7.1-BACKGROUND-COLLECTION", "PI-7.3-FORCED-EXIT", "PI-6.4-BULK-PERMISSIONS",
    "PI-7.3-REPROMPT-AFTER-DENIAL", "PI-7.4-SELF-START",
}


def test_all_section7_rules_are_registered_and_documented() -> None:
    rules = {r.code: r for r in all_rules()}
    assert SECTION7 <= set(rules)
    for r in rules.values():
        assert r.doc and r.summary and r.article and r.message
        assert "severity" in r.doc.lower(), f"{r.code}: docstring should justify its severity"


def _f(tl: Timeline, cfg: object):
    """doc"""
    return []


@pytest.mark.parametrize("kwargs", [
    {"code": None}, {"code": ""}, {"code": "before-consent"}, {"code": "PI-6.3-BEFORE-CONSENT"},  # taken
    {"code": "PI-9.9-X", "name": "Not Kebab"}, {"code": "PI-9.9-X", "severity": "apocalyptic"},
])
def test_registry_refuses_bad_declarations(kwargs: dict) -> None:
    args = {"name": "x", "article": "9", "severity": "low", "message": "m", **kwargs}
    with pytest.raises(RuleDefinitionError):
        rule(**args)(_f)


def test_registry_refuses_a_rule_without_docstring() -> None:
    def undocumented(tl, cfg):
        return []

    with pytest.raises(RuleDefinitionError, match="docstring"):
        rule(code="PI-9.9-UNDOCUMENTED", name="x", article="9", severity="low", message="m")(undocumented)


def test_a_new_rule_is_evaluated_and_its_hits_grouped() -> None:
    def every_second(tl, cfg):
        """Test rule."""
        for ts in (1000, 2000, 3000):
            yield Hit(ts=ts, api="a.B.c", caller="app", phase="unknown", evidence={"n": ts})
        yield Hit(ts=5000, api="a.B.c", caller="app", phase="consented")

    rule(code="PI-9.9-TEST", name="test-rule", article="9", severity="low", message="{api} {count} {n}")(every_second)
    try:
        codes = {r.code for r in all_rules()}
        assert "PI-9.9-TEST" in codes
        found = [f for f in evaluate(Timeline("x")) if f.rule == "PI-9.9-TEST"]
        assert [(f.phase, f.count, f.first_ms, f.last_ms, f.message) for f in found] == [
            ("unknown", 3, 1000, 3000, "a.B.c 3 1000"), ("consented", 1, 5000, 5000, "a.B.c 1 {n}")]
    finally:
        unregister("PI-9.9-TEST")


def test_severity_order_and_parse() -> None:
    assert [s.rank for s in Severity] == [0, 1, 2, 3, 4]
    assert Severity.parse("HIGH") is Severity.HIGH
    with pytest.raises(ValueError, match="one of"):
        Severity.parse("urgent")


def test_at_or_above_for_fail_on() -> None:
    from monitor.rules import Finding, at_or_above

    def f(sev: str) -> Finding:
        return Finding(rule="PI-6.3-X", article="6(3)", severity=sev, api="-", category="-", caller="app",
                       phase="unknown", count=1, first_ms=0, last_ms=0, message="m")

    fs = [f("low"), f("medium"), f("critical")]
    assert [x.severity for x in at_or_above(fs, "medium")] == ["medium", "critical"]
    assert at_or_above(fs, "CRITICAL") == [fs[2]] and len(at_or_above(fs, "info")) == 3
