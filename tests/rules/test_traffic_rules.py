"""The traffic rules' semantics beyond the examples: no disclosure file, grouping, evidence contents."""

from __future__ import annotations

from monitor.rules import evaluate, get_rule
from monitor.timeline import timeline_from_dict

M = [{"kind": "imei", "value_id": "imei#0", "encoding": "md5", "location": "body:$.d", "layers": ["gzip"],
      "offset": 3, "length": 32, "form": "plain", "value": "867530012345678"}]
BASE = {"app": "com.example.app", "dialogs": [{"ts": 1000, "kind": "consent"}],
        "transitions": [{"ts": 2000, "from": "pre-consent", "to": "refused"}]}


def _run(code: str, flows: list[dict], **extra) -> list:
    return evaluate(timeline_from_dict({**BASE, "flows": flows, **extra}), rules=[get_rule(code)])


def test_without_disclosure_every_third_party_receiving_pi_is_undisclosed() -> None:
    flows = [{"ts": 100, "host": "ulogs.umeng.com", "caller": "sdk:umeng", "matches": M},
             {"ts": 150, "host": "alog.umeng.com", "caller": "sdk:umeng", "matches": M},
             {"ts": 200, "host": "api.example.com", "matches": M},  # the app's own domain
             {"ts": 300, "host": "t.tracker.io", "matches": M},  # unknown host: a third party, caller app
             {"ts": 400, "host": "t.tracker.io"}]  # no PI
    got = _run("PI-6.5-UNDISCLOSED-THIRD-PARTY", flows)
    assert [(f.api, f.caller, f.phase, f.count) for f in got] == [
        ("net:ulogs.umeng.com", "sdk:umeng", "unknown", 1), ("net:alog.umeng.com", "sdk:umeng", "unknown", 1),
        ("net:t.tracker.io", "app", "unknown", 1)]
    assert got[0].evidence["disclosure"] == "none given" and got[0].evidence["recipient"].startswith("Umeng")


def test_flow_findings_group_by_host_and_phase_and_never_carry_the_value() -> None:
    flows = [{"ts": t, "host": "T.AppsFlyer.com", "caller": "sdk:appsflyer", "matches": M, "id": t}
             for t in (100, 1500, 2500, 2600)]
    before = _run("PI-6.3-BEFORE-CONSENT", flows)
    assert [(f.api, f.phase, f.count, f.first_ms) for f in before] == [
        ("net:t.appsflyer.com", "unknown", 1, 100), ("net:t.appsflyer.com", "pre-consent", 1, 1500)]
    after = _run("PI-6.3-AFTER-REFUSAL", flows)
    assert [(f.phase, f.count, f.first_ms, f.last_ms, f.category) for f in after] == [("refused", 2, 2500, 2600, "pi-sent")]
    ev = after[0].evidence
    assert ev["flow"] == 2500 and ev["kinds"] == ["imei"] and ev["encodings"] == ["md5"]
    assert ev["matches"] == [{"kind": "imei", "value_id": "imei#0", "encoding": "md5", "location": "body:$.d",
                              "layers": ["gzip"]}]
    assert "867530012345678" not in repr(after) and "url" not in ev and "path" not in ev


def test_cleartext_needs_pi_and_plain_http() -> None:
    flows = [{"ts": 100, "host": "a.b.com", "scheme": "http", "matches": M},
             {"ts": 200, "host": "a.b.com", "scheme": "http"},
             {"ts": 300, "host": "c.b.com", "scheme": "https", "matches": M}]
    assert [(f.api, f.caller, f.phase) for f in _run("PI-13-CLEARTEXT", flows)] == [("net:a.b.com", "app", "unknown")]
