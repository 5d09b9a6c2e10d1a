"""Deliveries joined to their registration; registrations active at a time (monitor/timeline/listeners.py)."""

from __future__ import annotations

from monitor.rules import evaluate, get_rule
from monitor.rules.common import caller_of
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


RECV = "android.content.ContextWrapper.registerReceiver"
PERFORM = "android.app.LoadedApk$ReceiverDispatcher.performReceive"


def _recv(ts: int, who: str, receiver: str) -> dict:
    return {"ts": ts, "api": RECV, "category": "ipc", "args": [receiver, "android.content.IntentFilter@1"], "stack": [who]}


def _scan(ts: int, receiver: str) -> dict:
    return {"ts": ts, "api": PERFORM, "category": "location", "pi": "wifi-scan-delivery",
            "args": ["Intent { act=android.net.wifi.SCAN_RESULTS (has extras) }", "0", "null", "null", "false", "false",
                     "0", f"ReceiverDispatcher{{receiver={receiver}}}"], "stack": LOOPER}


def test_a_broadcast_joins_only_the_receiver_it_names_and_a_live_receiver_counts_as_what_it_receives() -> None:
    scans = "com.amap.api.location.ScanReceiver@aa"
    calls = [_recv(10, "com.amap.api.location.Loc.start", scans),
             _recv(20, "com.igexin.push.Core.start", "com.igexin.push.Boot@bb"),  # the latest, but another receiver
             _scan(30, scans), _scan(40, "com.example.app.Unregistered@cc")]
    tl = timeline_from_dict({"app": APP, "calls": calls, "lifecycle": [{"ts": 100, "kind": "background"}]})
    assert [caller_of(c, APP) for c in tl.calls if c.api == PERFORM] == ["sdk:amap", "system"]
    hits = evaluate(tl, rules=[get_rule("PI-7.1-BACKGROUND-COLLECTION")])
    # the scan receiver's registration is ipc, but what it keeps receiving is location: still-registered evidence
    assert [(f.api, f.caller, f.category) for f in hits] == [(RECV, "sdk:amap", "location")]


def test_listen_with_listen_none_removes_the_phone_state_listener() -> None:
    listen = "android.telephony.TelephonyManager.listen"
    cell = "android.telephony.PhoneStateListener$IPhoneStateListenerStub.onCellLocationChanged"
    psl = "com.amap.api.location.Cells$1@aa"
    calls = [{"ts": 10, "api": listen, "category": "device-info", "args": [psl, "16"], "stack": ["com.amap.api.location.L.a"]},
             {"ts": 20, "api": cell, "category": "location", "args": ["[1,2]", f"IPhoneStateListenerStub{{listener={psl}}}"],
              "stack": LOOPER}]
    base = {"app": APP, "lifecycle": [{"ts": 100, "kind": "background"}]}
    bg = [get_rule("PI-7.1-BACKGROUND-COLLECTION")]
    assert [(f.api, f.caller) for f in evaluate(timeline_from_dict({**base, "calls": calls}), rules=bg)] == [
        (listen, "sdk:amap")]
    off = {"ts": 50, "api": listen, "category": "device-info", "args": [psl, "0"], "stack": ["com.amap.api.location.L.b"]}
    assert evaluate(timeline_from_dict({**base, "calls": [*calls, off]}), rules=bg) == []
