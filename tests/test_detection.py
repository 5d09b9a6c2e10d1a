"""monitor.detection: probes for Frida/root/a debugger, and the exit that follows one."""

from __future__ import annotations

from types import SimpleNamespace as NS

from monitor.detection import Probe, detection, probe_of_call, probe_of_destination, probes
from monitor.rules import evaluate, get_rule
from monitor.timeline import timeline_from_dict
from monitor.timeline.model import Call, Lifecycle

SU = Call(ts=1000, api="libc.access", category="detection", pi="su-binary", args=("/system/xbin/su",), caller="app")
MAPS = Call(ts=1000, api="libc.open", category="native", pi="memory-maps", args=("/proc/self/maps",), caller="sdk:bangcle")


def exit_at(ts: int, **data) -> Lifecycle:
    return Lifecycle(ts, "process-exit", {"code": 0, **data})


def test_probes_from_calls_and_the_frida_port() -> None:
    assert probe_of_call(SU) == Probe(1000, "su-binary", "/system/xbin/su", "app", "libc.access")
    assert probe_of_call(MAPS).kind == "memory-maps"
    # the runtime reading its own memory map is no probe; nor another process's map; nor a PI read
    assert probe_of_call(Call(ts=1, api="libc.open", category="native", pi="memory-maps", args=("/proc/self/maps",),
                              caller="system")) is None
    assert probe_of_call(Call(ts=1, api="libc.open", category="native", pi="memory-maps", args=("/proc/42/maps",),
                              caller="app")) is None
    assert probe_of_call(Call(ts=1, api="x.getDeviceId", category="device-id", caller="app")) is None
    port = NS(kind="connect", ip="127.0.0.1", host=None, port=27042, ts=900, caller="sdk:x", api="connect")
    assert probe_of_destination(port) == Probe(900, "frida-port", "127.0.0.1:27042", "sdk:x", "connect")
    assert probe_of_destination(NS(kind="connect", ip="10.0.0.5", host=None, port=27042, ts=1)) is None
    assert probe_of_destination(NS(kind="connect", ip="127.0.0.1", host=None, port=443, ts=1)) is None
    assert [p.ts for p in probes([SU], [port])] == [900, 1000]


def test_an_exit_soon_after_a_probe_is_a_detection_and_weak_probes_need_an_immediate_exit() -> None:
    strong = probes([SU])
    found = detection(strong, [exit_at(4900, process="com.x")])
    assert found is not None and (found.delay_ms, found.process, found.crash) == (3900, "com.x", False)
    assert "su-binary" in found.summary() and "exited (code 0)" in found.summary()
    assert detection(strong, [exit_at(6001)]) is None  # too late: the app went on
    assert detection(strong, [exit_at(900)]) is None  # before the probe
    assert detection(strong, [exit_at(2000, stopped_by_pimon=True)]) is None  # pimon ended it
    crash = detection(strong, [Lifecycle(1500, "sub-process-exit", {"code": 1, "crash": {"kind": "signal"}})])
    assert crash is not None and crash.crash and "crashed" in crash.summary()
    weak = probes([MAPS])  # SDKs read their map routinely: only an exit that follows at once
    assert detection(weak, [exit_at(1800)]) is not None and detection(weak, [exit_at(2500)]) is None


def test_the_detected_exit_is_no_forced_exit_and_the_missing_dialog_no_finding() -> None:
    refuse = {"app": "com.x", "transitions": [{"ts": 1000, "from": "pre-consent", "to": "refused"}],
              "lifecycle": [{"ts": 3000, "kind": "process-exit", "data": {"code": 0, "requested_by_app": True}}]}
    forced = evaluate(timeline_from_dict(refuse), None, rules=[get_rule("PI-7.3-FORCED-EXIT")])
    assert len(forced) == 1
    detected = {**refuse, "status": "instrumentation-detected", "detection": {"exit_ts": 3000}}
    assert evaluate(timeline_from_dict(detected), None, rules=[get_rule("PI-7.3-FORCED-EXIT")]) == []
    imei = {"ts": 100, "api": "android.telephony.TelephonyManager.getDeviceId", "category": "device-id",
            "stack": ["com.x.Main"]}
    rule = [get_rule("PI-6.3-NO-CONSENT-DIALOG")]
    assert len(evaluate(timeline_from_dict({"app": "com.x", "calls": [imei]}), None, rules=rule)) == 1
    for status in ("instrumentation-detected", "ui-unreadable"):
        assert evaluate(timeline_from_dict({"app": "com.x", "calls": [imei], "status": status}), None, rules=rule) == []
