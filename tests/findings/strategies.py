"""Hypothesis strategies: random findings of random runs (identity fields drawn from small pools so
that sets overlap, hostile strings included)."""

from __future__ import annotations

from hypothesis import strategies as st

from monitor.findings.fingerprint import fingerprint
from monitor.findings.model import SEVERITY_ORDER, FindingRecord, FindingSet, RunRef

APPS = ["com.example.eagersdk", "com.example.compliant", "com.ex\u202eample.<b>"]
SCENARIOS = ["first-launch-refuse", "first-launch-agree"]
RULES = ["PI-6.3-BEFORE-CONSENT", "PI-6.3-AFTER-REFUSAL", "PI-7.1-BACKGROUND-COLLECTION", "PI-13-CLEARTEXT"]
APIS = ["android.telephony.TelephonyManager.getDeviceId", "net:alog.umeng.com", "-", "</script>\x00"]
CALLERS = ["app", "sdk:umeng", "sdk:jpush", "other:com.evil.x"]
PHASES = ["unknown", "pre-consent", "consented", "refused", "withdrawn"]


@st.composite
def records(draw: st.DrawFn) -> FindingRecord:
    app, scenario, rule, api = (draw(st.sampled_from(x)) for x in (APPS, SCENARIOS, RULES, APIS))
    caller, phase = draw(st.sampled_from(CALLERS)), draw(st.sampled_from(PHASES))
    category = "device-id" if api.startswith("android.") else ("pi-sent" if api.startswith("net:") else "-")
    return FindingRecord(fingerprint(app, scenario, rule, api, category, caller, phase), app, scenario, rule, api,
                         category, caller, phase, draw(st.sampled_from(SEVERITY_ORDER)),
                         count=draw(st.integers(1, 50)), message=draw(st.text(max_size=20)))


@st.composite
def finding_sets(draw: st.DrawFn, label: str = "A") -> FindingSet:
    recs = draw(st.lists(records(), max_size=25, unique_by=lambda r: r.fingerprint))
    runs = [RunRef(a, s, "completed") for a in APPS for s in SCENARIOS]
    return FindingSet(label, recs, runs)
