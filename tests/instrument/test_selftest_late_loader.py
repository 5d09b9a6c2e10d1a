"""`pimon selftest`'s late-loader row, judged for real on HotSpot: the class must be missing at init, and the
row passes only if the agent hooks it once a loader made after start has it (here the app's URLClassLoader;
on ART selftest makes a PathClassLoader over the WebView provider APK through the agent's ``makeLoader``
RPC — that branch has no ART to run on here)."""

from __future__ import annotations

import pytest

from monitor.devices.android.selftest import late_loader_verdict
from monitor.instrument.session import InstrumentationSession

GAID = "com.google.android.gms.ads.identifier.AdvertisingIdClient"  # only in late_classes: no loader has it at init
CATALOG = [
    {"class": "android.telephony.TelephonyManager", "method": "getDeviceId", "category": "device-id", "pi": "imei"},
    {"class": GAID, "method": "getAdvertisingIdInfo", "category": "selftest"},
    {"class": "com.example.absent.Nowhere", "method": "$init", "category": "selftest"},
]


def test_late_loader_row_sees_a_loader_made_after_start(agent_js, java_app, frida_device, late_classes):
    events: list = []
    with InstrumentationSession(frida_device, CATALOG, events.extend) as session:
        session.attach(java_app.pid)
        session.load(timeout=30)
        # the loader only defines the class: HotSpot links it at its first use, so the agent meets it unlinked
        # (its wrapper, built before linking, made the JVM abort in free(): the agent links it first now)
        status, detail = late_loader_verdict(session, GAID, lambda: java_app.cmd(f"sdkdefine {late_classes}"), wait=60)  # an event wait
        assert status == "ok", detail
        assert [h.class_name for h in session.late_hooks] == [GAID]
        # hooked before the app's first call: that call is recorded, with its value passed through
        assert java_app.cmd(f"sdk {late_classes}") == "38400000-8cf0-11bd-b23e-10b96e40000d"
        session.flush()
        assert [(e.api, e.ret) for e in events] == [(f"{GAID}.getAdvertisingIdInfo", "38400000-8cf0-11bd-b23e-10b96e40000d")]
        assert session.errors == []
        # hooked at init already: nothing late to prove
        assert late_loader_verdict(session, "android.telephony.TelephonyManager", lambda: None, 1)[0] == "skip"
        # a loader made after start that does not have the class: the row fails and says what would be missed
        # (the app's loader is not asked to load anything again: each late define costs a JVM-side hook install)
        status, detail = late_loader_verdict(session, "com.example.absent.Nowhere", lambda: None, wait=0.5)
        assert status == "fail" and "packed or dynamically loaded dex would be missed" in detail
        # the ART-only RPC refuses HotSpot rather than pretend
        with pytest.raises(Exception, match="ART only"):
            session.make_loader(str(late_classes))
