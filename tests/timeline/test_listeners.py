"""Deliveries joined to their registration; registrations active at a time (monitor/timeline/listeners.py)."""

from __future__ import annotations

from monitor.rules import evaluate, get_rule
from monitor.timeline import timeline_from_dict

APP = "com.example.app"
REG = "android.location.LocationManager.requestLocationUpdates"
DEL = "android.location.LocationManager$LocationListenerTransport.onLocationChanged"
LOOPER = ["android.os.Handler.dispatchMessage", "android.os.Looper.loop"]


def _reg(ts: int, who: str, listener: str) -> dict:
    return {"ts": ts, "api": REG, "category": "location", "args": ["gps", "1000", "0.0", listener], "stack": [who]}


def _del(ts: int, listener: str) -> dict:
    return {"ts": ts, "api": DEL, "category": "location", "args": ["Location[gps]", f"LocationListenerTransport{{listener={listener}}}"],
            "stack": LOOPER}


def test_each_delivery_is_collected_by_the_registrant_of_its_listener() -> None:
    tl = timeline_from_dict({"app": APP, "calls": [
        _reg(10, "com.baidu.location.LocationClient.start", "com.baidu.location.LocationClient$1@aa"),
        _reg(20, "com.amap.api.location.AMapLocationClient.start", "com.amap.api.location.X@bb"),
        _del(30, "com.baidu.location.LocationClient$1@aa"), _del(31, "com.amap.api.location.X@bb")]})
    assert [c.caller for c in tl.calls if c.api == DEL] == ["sdk:baidu-location", "sdk:amap"]


def test_a_registration_still_active_at_background_is_evidence_a_removed_one_is_not() -> None:
    listener = "com.baidu.location.LocationClient$1@aa"
    base = {"app": APP, "lifecycle": [{"ts": 100, "kind": "background"}]}
    calls = [_reg(10, "com.baidu.location.LocationClient.start", listener), _del(20, listener)]
    hits = evaluate(timeline_from_dict({**base, "calls": calls}), rules=[get_rule("PI-7.1-BACKGROUND-COLLECTION")])
    assert [(f.api, f.caller, f.evidence.get("still_registered")) for f in hits] == [(REG, "sdk:baidu-location", True)]
    removed = calls + [{"ts": 50, "api": "android.location.LocationManager.removeUpdates", "category": "ipc",
                        "args": [listener], "stack": ["com.baidu.location.LocationClient.stop"]}]
    assert evaluate(timeline_from_dict({**base, "calls": removed}), rules=[get_rule("PI-7.1-BACKGROUND-COLLECTION")]) == []
    never = [_reg(10, "com.baidu.location.LocationClient.start", listener)]  # threw / never delivered: not live
    assert evaluate(timeline_from_dict({**base, "calls": never}), rules=[get_rule("PI-7.1-BACKGROUND-COLLECTION")]) == []
