"""Calls with no app or SDK frame are never dropped silently: counted in findings.json and report.html."""

from __future__ import annotations

from monitor.reports.data import system_summary
from monitor.timeline import timeline_from_dict


def test_frameless_calls_are_counted_as_system_by_api() -> None:
    tl = timeline_from_dict({"app": "com.example.app", "calls": [
        {"ts": 1, "api": "android.telephony.TelephonyManager.getSimOperator", "category": "device-info",
         "stack": ["android.os.Handler.dispatchMessage", "android.os.Looper.loop"]},
        {"ts": 2, "api": "android.telephony.TelephonyManager.getSimOperator", "category": "device-info",
         "stack": ["com.example.app.Consent$$Lambda.run", "android.os.Handler.dispatchMessage"]},
        {"ts": 3, "api": "libc.open", "category": "native", "stack": ["java.lang.ClassLoader.defineClass1"]},
    ]})
    assert system_summary(tl) == {"system_calls": 2, "system_by_api": {
        "android.telephony.TelephonyManager.getSimOperator": 1, "libc.open": 1}}
