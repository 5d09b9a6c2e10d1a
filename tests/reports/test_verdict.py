"""The verdict table per article (monitor.reports.verdict) on hand-made timelines evaluated by the real rules:
fail, pass, not checked by this scenario, and needs review for assisted items."""

from __future__ import annotations

from dataclasses import replace

from monitor.reports.verdict import articles_of, verdicts
from monitor.rules.engine import evaluate
from monitor.rules.registry import all_rules
from monitor.timeline.loader import timeline_from_dict

UMENG = "com.umeng.commonsdk.UMConfigure.init"


def _tl(**extra):
    base = {"app": "com.example.app", "started_ms": 0, "ended_ms": 30_000,
            "dialogs": [{"ts": 1000, "kind": "consent"}],
            "ui_actions": [{"id": 1, "ts": 2000, "kind": "consent-agree", "target": {"text": "同意"}}],
            "transitions": [{"ts": 2000, "from": "pre-consent", "to": "consented", "ui_action": 1}]}
    base.update(extra)
    return timeline_from_dict(base)


def _by_article(tl, findings=None, config=None):
    found = evaluate(tl) if findings is None else findings
    return {v.article: v for v in verdicts(all_rules(), found, tl, config or {})}


def test_collection_before_consent_fails_6_3_and_the_rest_is_pass_or_not_checked() -> None:
    tl = _tl(calls=[{"ts": 500, "api": "android.telephony.TelephonyManager.getDeviceId", "category": "device-id",
                     "stack": [UMENG]}])
    v = _by_article(tl)
    assert v["6(3)"].status == "fail" and v["6(3)"].findings == 1 and v["6(3)"].worst == "high"
    assert v["6(2)"].status == "pass"  # a dialog was seen, not preselected
    # agreed only: nothing refused, no background, no traffic -> these were not exercised by this scenario
    items = {i.code: i for av in v.values() for i in av.items}
    assert items["PI-6.3-AFTER-REFUSAL"].status == "not-checked" and items["PI-6.3-AFTER-REFUSAL"].reason
    assert items["PI-7.1-BACKGROUND-COLLECTION"].status == "not-checked"
    assert v["13"].status == "not-checked" and items["PI-6.5-UNDISCLOSED-THIRD-PARTY"].status == "not-checked"
    # they need a refusal or a denied permission
    assert items["PI-7.3-FORCED-EXIT"].status == items["PI-7.3-REPROMPT-AFTER-DENIAL"].status == "not-checked"
    order = [a for a in v]
    assert order.index("6(2)") < order.index("6(3)") < order.index("7(1)") < order.index("10(3)") < order.index("13")


def test_a_refusal_and_traffic_make_their_rules_checked() -> None:
    tl = _tl(ui_actions=[{"id": 1, "ts": 2000, "kind": "consent-refuse", "target": {"text": "不同意"}}],
             transitions=[{"ts": 2000, "from": "pre-consent", "to": "refused", "ui_action": 1}],
             lifecycle=[{"ts": 20_000, "kind": "background"}])
    v = _by_article(tl, config={"traffic": True})
    items = {i.code: i for av in v.values() for i in av.items}
    assert items["PI-6.3-AFTER-REFUSAL"].status == "pass"
    assert items["PI-7.3-FORCED-EXIT"].status == "pass"
    assert items["PI-7.1-BACKGROUND-COLLECTION"].status == "pass"
    assert v["13"].status == "pass" and items["PI-6.5-UNDISCLOSED-THIRD-PARTY"].status == "pass"


def test_assisted_findings_and_rules_need_review_never_pass() -> None:
    tl = _tl(calls=[{"ts": 500, "api": "android.telephony.TelephonyManager.getDeviceId", "category": "device-id",
                     "stack": [UMENG]}])
    found = evaluate(tl)
    assisted = [replace(f, kind="assisted") for f in found]
    v = _by_article(tl, assisted)
    assert v["6(3)"].status == "needs-review" and v["6(3)"].findings == 1
    # one machine-decided finding among assisted ones: the article fails
    assert _by_article(tl, assisted + found)["6(3)"].status == "fail"
    # an assisted rule with nothing gathered is not a pass
    rules = [replace(r, kind="assisted") if r.code == "PI-7.4-SELF-START" else r for r in all_rules()]
    got = {x.article: x for x in verdicts(rules, found, tl, {})}
    assert got["7(4)"].status == "not-checked" and got["7(4)"].items[0].kind == "assisted"
    fake = replace(found[0], rule="PI-7.4-SELF-START", article="7(4), 10(3)", kind="assisted")
    got = {x.article: x for x in verdicts(rules, [fake], tl, {})}
    assert got["7(4)"].status == "needs-review" and got["10(3)"].status == "needs-review"


def test_articles_of_splits_lists() -> None:
    assert articles_of("6(5), 8(3); 10(5)") == ["6(5)", "8(3)", "10(5)"] and articles_of("") == []
