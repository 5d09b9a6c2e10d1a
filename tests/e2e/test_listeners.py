"""Collection that keeps running (monitor/timeline/listeners.py), on the bg-location fixture: the location
SDK registers a location listener, a cell listener and a Wi-Fi scan receiver in the foreground, an analytics SDK
a sensor listener, a network callback, a TelephonyCallback, a SIM-state receiver and a clipboard listener; what
the framework delivers to them (in the background too) is the registering SDK's collection."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.run import execute_run
from monitor.scenarios.loader import load_scenario

pytestmark = pytest.mark.e2e

SCENARIO = """\
name: agree-grant-background
steps:
  - launch: {cold: true, clear_data: true}
  - consent: {action: agree, timeout: 8}
  - permission: {action: grant_all, timeout: 5}
  - observe: 2
  - home
  - observe: 3
"""
DELIVERY = "android.location.LocationManager$LocationListenerTransport.onLocationChanged"
REGISTER = "android.location.LocationManager.requestLocationUpdates"
BAIDU, SENSORS = "sdk:baidu-location", "sdk:sensorsdata"
# (delivery api, pi, registering SDK, delivered in the background too: the framework keeps delivering)
OTHER_DELIVERIES = [
    ("android.telephony.PhoneStateListener$IPhoneStateListenerStub.onCellLocationChanged", "cell-delivery", BAIDU, True),
    ("android.app.LoadedApk$ReceiverDispatcher.performReceive", "wifi-scan-delivery", BAIDU, True),
    ("android.hardware.SystemSensorManager$SensorEventQueue.dispatchSensorEvent", "sensor-delivery", SENSORS, True),
    ("android.net.ConnectivityManager$CallbackHandler.handleMessage", "network-delivery", SENSORS, True),
    ("android.telephony.TelephonyCallback$IPhoneStateListenerStub.onServiceStateChanged", "service-state-delivery",
     SENSORS, False),
    ("android.app.LoadedApk$ReceiverDispatcher.performReceive", "sim-state-delivery", SENSORS, False),
    ("android.content.ClipboardManager.reportPrimaryClipChanged", "clipboard-delivery", SENSORS, False),
]


def test_background_deliveries_are_the_registering_sdks_collection(e2e_device, e2e_store, tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    package = e2e_device.install_fixture("bg-location")
    result = execute_run(device=e2e_device, package=package, scenario=load_scenario(tmp_path / "s.yaml"),
                         store=e2e_store, traffic=False)
    assert result.status == "completed", result.reason
    tl = e2e_store.load_timeline(result.run_id)
    deliveries = [c for c in tl.calls if c.api == DELIVERY]
    assert sum(not tl.foreground_at(c.ts) for c in deliveries) >= 2, "no fix reached the listener in the background"
    assert {c.caller for c in deliveries} == {"sdk:baidu-location"}  # the stack alone is the framework's looper
    assert "LocationClient$1@" in deliveries[0].args[-1]  # the transport names the registered listener
    bg = {(f.api, f.caller, f.phase) for f in result.findings if f.rule == "PI-7.1-BACKGROUND-COLLECTION"}
    assert (DELIVERY, "sdk:baidu-location", "consented") in bg
    assert (REGISTER, "sdk:baidu-location", "consented") in bg  # still registered when the app left
    (reg,) = [f for f in result.findings if f.rule == "PI-7.1-BACKGROUND-COLLECTION" and f.api == REGISTER]
    assert reg.evidence.get("still_registered") is True
    assert any(f.rule == "PI-7.1-EXCESSIVE-FREQUENCY" and f.api == DELIVERY and f.caller == "sdk:baidu-location"
               for f in result.findings)
    # every other kind of listener: each delivery recorded, collected by the SDK that registered, in the phase in
    # force at the delivery (consented: the SDKs start after 同意 and the grant)
    for api, pi, sdk, keeps in OTHER_DELIVERIES:
        got = [c for c in tl.calls if c.api == api and c.pi == pi]
        assert got, f"no {pi} delivery ({api})"
        assert {c.caller for c in got} == {sdk}, (pi, {c.caller for c in got})
        assert {tl.phase_at(c.ts) for c in got} == {"consented"}, pi
        if keeps:
            assert any(not tl.foreground_at(c.ts) for c in got), f"no {pi} delivery in the background"
    personal_bg = {(f.api, f.caller) for f in result.findings if f.rule == "PI-7.1-BACKGROUND-COLLECTION"}
    for api, pi, sdk, keeps in OTHER_DELIVERIES:
        if keeps and pi != "network-delivery":  # network state is not personal information by itself
            assert (api, sdk) in personal_bg, pi
    assert ("android.net.ConnectivityManager$CallbackHandler.handleMessage", SENSORS) not in personal_bg
    still = {(f.api, f.caller) for f in result.findings if f.evidence.get("still_registered")}
    assert {("android.hardware.SensorManager.registerListener", SENSORS),
            ("android.content.ContextWrapper.registerReceiver", BAIDU)} <= still  # a receiver of scans: location
