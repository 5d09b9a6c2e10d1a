"""InstrumentationSession + agent against a real JVM (the gated test app in ./javaapp)."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections import Counter
from typing import Any

import pytest

from monitor.errors import InstrumentationError
from monitor.instrument.protocol import Event
from monitor.instrument.session import CrashInfo, InstrumentationSession
from tests.instrument.conftest import JavaApp

TM = "android.telephony.TelephonyManager"

CATALOG: list[dict[str, Any]] = [
    {"class": TM, "method": "getDeviceId", "category": "device-id", "pi": "imei", "sensitive": False},
    {"class": TM, "method": "getImei", "category": "device-id", "pi": "imei"},
    {"class": TM, "method": "getSubscriberId", "category": "device-id", "pi": "imsi"},
    {"class": TM, "method": "isDataEnabled", "category": "device-info"},
    {"class": TM, "method": "listen", "category": "device-info"},
    {"class": "android.provider.Settings$Secure", "method": "getString",
     "filter": {"arg": 1, "equals": ["android_id"]}, "category": "device-id", "pi": "android_id"},
    {"class": "android.media.MediaDrm", "method": "getPropertyByteArray",
     "filter": {"arg": 0, "equals": ["deviceUniqueId"]}, "category": "device-id", "pi": "widevine-id"},
    {"class": "android.app.Activity", "method": "requestPermissions", "category": "permission"},
    {"class": "android.content.ContentResolver", "method": "query",
     "filter": {"arg": 0, "authority": ["com.android.contacts"]}, "category": "contacts", "sensitive": True},
    {"class": "android.content.ContentResolver", "method": "query",
     "filter": {"arg": 0, "authority": ["sms"]}, "category": "sms", "sensitive": True},
    {"class": "com.example.Absent", "method": "nothing", "category": "device-id"},
    {"class": "com.example.Absent", "method": "nothing", "filter": {"arg": 0, "equals": ["x"]}, "category": "device-id"},
    {"class": TM, "method": "noSuchMethod", "category": "device-id"},
    {"class": TM, "method": "notify", "category": "device-id"},  # only Object's: inherited, never replaced
    {"class": "android.app.Inherit", "method": "requestPermissions", "category": "permission"},
    {"class": TM, "method": "getDeviceId", "overloads": [["long"]], "category": "device-id"},
    {"class": "libc", "method": "open", "filter": {"arg": 0, "glob": ["/sys/class/net/*/address"]},
     "category": "native", "pi": "mac"},
    {"class": "libc", "method": "__system_property_get", "category": "native"},
]


class Recorder:
    def __init__(self, delay: float = 0.0) -> None:
        self.events: list[Event] = []
        self.batches = 0
        self.end: tuple[str, CrashInfo | None] | None = None
        self.events_at_end = -1
        self.delay = delay
        self.ended = threading.Event()

    def on_events(self, events: list[Event]) -> None:
        if self.delay:
            time.sleep(self.delay)  # a slow consumer (store), to build a backlog
        self.batches += 1
        self.events.extend(events)

    def on_end(self, reason: str, crash: CrashInfo | None) -> None:
        self.end = (reason, crash)
        self.events_at_end = len(self.events)
        self.calls_at_end = sum(e.count for e in self.events)  # an aggregate of repeats counts each call
        self.ended.set()

    def of(self, api_suffix: str) -> list[Event]:
        return [e for e in self.events if e.api.endswith(api_suffix)]


@pytest.fixture
def live(agent_js, java_app, frida_device):
    rec = Recorder()
    session = InstrumentationSession(frida_device, CATALOG, rec.on_events, rec.on_end)
    session.attach(java_app.pid)
    session.ready_info = session.load(timeout=20)
    yield java_app, session, rec
    session.close()


def test_ready_counts_hooks_and_reports_each_missing_method_once(live):
    _, session, _ = live
    ready = session.ready_info
    assert ready.runtime == "jvm"
    reasons = {(m.class_name, m.method): m.reason for m in ready.missing}
    assert len(ready.missing) == len(reasons)  # once per class.method
    assert reasons[("com.example.Absent", "nothing")] == "class not found"
    assert "not declared" in reasons[(TM, "noSuchMethod")]
    assert reasons[("libc", "__system_property_get")] == "symbol absent"  # glibc has none
    assert "not declared" in reasons[(TM, "notify")]
    assert "not declared" in reasons[("android.app.Inherit", "requestPermissions")]
    assert ready.hooks == len(CATALOG) - 6 - 1  # the absent ones; getDeviceId(long) overload missing too
    assert "long" in reasons[(TM, "getDeviceId")]


def test_call_in_static_initialiser_right_after_load_is_recorded(live):
    app, session, rec = live
    assert app.cmd("umeng") == "867530900000001"
    session.flush()
    (ev,) = rec.of("getDeviceId")
    assert ev.stack[0].class_name == "com.umeng.commonsdk.UMConfigure"
    assert ev.stack[0].method == "<clinit>"
    assert ev.stack[0].file == "UMConfigure.java" and ev.stack[0].line == 10
    assert ev.ret == "867530900000001" and ev.thread == "main" and ev.overload == ""
    assert abs(ev.ts - time.time() * 1000) < 60_000


def test_hot_loop_is_batched_and_nothing_is_lost(live):
    app, session, rec = live
    app.cmd("loop 10000")
    session.flush()
    events = rec.of("getDeviceId")
    assert sum(e.count for e in events) == 10000  # exact, with the repeats after the first 10 aggregated
    assert len(events) < 10000 and any(e.times for e in events)
    assert all(sum(n for _, n in e.times) == e.count and e.ts == e.times[0][0] for e in events if e.times)
    assert rec.batches < 200  # 200 events per batch at most: ~50 messages, never one per call
    # the repeated stack is recognised natively (hooks/src/jvmti.ts) and is the loop's, call after call
    assert session.stats()["stack_walk"] == "c", session.stats().get("stack_walk_error")
    assert {e.stack for e in events} == {events[0].stack}
    assert (events[0].stack[0].class_name, events[0].stack[0].method) == ("com.example.app.Main", "run")
    seqs = [e.seq for e in rec.events]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert session.stats()["events"] == len(rec.events)


def test_framework_calling_a_hooked_api_is_not_double_counted(live):
    app, session, rec = live
    app.cmd("imei")
    session.flush()
    assert [e.api for e in rec.events] == [f"{TM}.getImei"], session.stats()
    assert session.stats()["nested_skipped"] == 1


def test_app_callback_inside_a_hooked_api_is_recorded(live):
    app, session, rec = live
    assert app.cmd("listen") == "867530900000001-1"
    session.flush()
    inner, outer = rec.events
    assert (inner.api, inner.overload, inner.args) == (f"{TM}.getDeviceId", "int", ("1",))
    assert inner.stack[0].class_name == "com.example.app.Main" and inner.stack[0].method.startswith("lambda$")
    assert outer.api == f"{TM}.listen" and outer.args[1] == "16"
    assert outer.args[0].startswith("com.example.app.Main$$Lambda")  # interface-typed object: toString


def test_argument_filter_selects_calls(live):
    app, session, rec = live
    assert app.cmd("secure android_id") == "9774d56d682e549c"
    assert app.cmd("secure bluetooth_name") == "value-of-bluetooth_name"
    session.flush()
    (ev,) = rec.events
    assert ev.pi == "android_id" and ev.args[1] == "android_id" and ev.ret == "9774d56d682e549c"
    assert re.fullmatch(r"android\.content\.ContentResolver@[0-9a-f]+", ev.args[0])  # an object: its toString()
    assert session.stats()["to_string"] == "c"  # in one native call (hooks/src/jni.ts)


def test_an_argument_s_tostring_keeps_its_characters_and_is_cut_at_the_value_bound(live):
    app, session, rec = live
    assert app.cmd("wide 3") == "listened"
    assert app.cmd("wide 300") == "listened"  # 1,200 UTF-16 units: cut at maxValueLength (512)
    session.flush()
    short, long = rec.events
    assert short.args == ("标识🙂" * 3, "2")
    assert long.args == ("标识🙂" * 128, "2")


def test_content_query_classified_by_authority(live):
    app, session, rec = live
    app.cmd("query content://com.android.contacts/data")
    app.cmd("query content://sms/inbox")
    app.cmd("query content://media/external/images")
    app.cmd("query content://com.android.contacts/" + "x" * 2000)
    session.flush()
    assert [e.category for e in rec.events] == ["contacts", "sms", "contacts"]
    assert all(e.sensitive for e in rec.events)
    assert len(rec.events[2].args[0]) == 512


def test_exceptions_pass_through_and_are_recorded(live):
    app, session, rec = live
    assert app.cmd("throw") == "caught getSubscriberId: READ_PHONE_STATE not granted"
    # a boolean method: the bridge's own rethrow returned JS false through a uint8 callback, which Frida
    # refused with an agent error ("expected an unsigned integer")
    assert app.cmd("throwbool") == "caught isDataEnabled: READ_PHONE_STATE not granted"
    session.flush()
    ev, data = rec.events
    assert ev.ret is None and "java.lang.SecurityException" in (ev.exception or "")
    assert data.api == f"{TM}.isDataEnabled" and data.ret is None and "SecurityException" in (data.exception or "")
    assert session.errors == []


def test_values_byte_arrays_and_string_arrays(live):
    app, session, rec = live
    assert app.cmd("drm") == "32"
    assert app.cmd("perms android.permission.CAMERA,android.permission.READ_CONTACTS") == "requested"
    session.flush()
    drm, perms = rec.events
    assert drm.ret == "".join(f"{(i * 7 + 1) & 0xFF:02x}" for i in range(32))
    assert perms.args == ('["android.permission.CAMERA","android.permission.READ_CONTACTS"]', "7")
    assert perms.overload == "java.lang.String[],int"


def test_native_open_of_mac_address_has_java_stack(live):
    app, session, rec = live
    if not os.path.exists("/sys/class/net/lo/address"):
        pytest.skip("no /sys/class/net/lo/address here")
    app.cmd("read /sys/class/net/lo/address")
    app.cmd("read /etc/hostname")
    session.flush()
    (ev,) = rec.events  # open and open64 are one function in glibc: one event
    assert (ev.api, ev.category, ev.pi, ev.args) == ("libc.open", "native", "mac", ("/sys/class/net/lo/address",))
    assert ev.stack_kind == "java" and int(ev.ret or "-1") >= 0
    assert any(f.class_name == "com.example.app.Main" and f.method == "run" for f in ev.stack)


def test_unknown_messages_are_tolerated(live):
    app, session, rec = live
    session._on_message({"type": "send", "payload": {"type": "future:thing", "v": 1, "x": [1]}}, None)
    session._on_message({"type": "send", "payload": {"type": "events:add", "v": 2, "events": []}}, None)
    session._on_message({"type": "send", "payload": "not an object"}, None)
    app.cmd("slot 3")
    session.flush()
    assert [e.args for e in rec.events] == [("3",)]


def test_kill_mid_run_delivers_everything_sent_then_ends(agent_js, java_app, frida_device):
    rec = Recorder(delay=0.01)
    session = InstrumentationSession(frida_device, CATALOG, rec.on_events, rec.on_end)
    session.attach(java_app.pid)
    session.load(timeout=20)
    java_app.cmd("loop 3000")
    session._script.exports_sync.flush()  # the agent has sent everything; the host is still busy
    sent = session._script.exports_sync.stats()["events"]
    os.kill(java_app.pid, signal.SIGKILL)
    assert rec.ended.wait(30)
    reason, _crash = rec.end
    assert reason == "process-terminated"
    assert rec.events_at_end == sent and rec.calls_at_end == 3000
    assert session.ended and session.end_reason == "process-terminated"
    session.close()


def test_close_ends_with_application_requested(agent_js, java_app, frida_device):
    rec = Recorder()
    session = InstrumentationSession(frida_device, CATALOG, rec.on_events, rec.on_end)
    session.attach(java_app.pid)
    session.load(timeout=20)
    java_app.cmd("slot 1")
    session.close()
    assert rec.end == ("application-requested", None)
    assert len(rec.events) == 1  # flushed on close
    assert java_app.cmd("slot 2") == "867530900000001-2"  # the app runs on, unhooked


def test_attach_to_missing_process_is_a_clear_error(frida_device):
    session = InstrumentationSession(frida_device, CATALOG, lambda evs: None)
    with pytest.raises(InstrumentationError, match="not found"):
        session.attach(2**22 + 12345)


def test_full_catalog_installs_on_a_running_app(agent_js, java_app, frida_device):
    from monitor.catalog import load_catalog

    java_app.cmd("slot 0")  # the process has been running app code before we attach
    rec = Recorder()
    with InstrumentationSession(frida_device, load_catalog(), rec.on_events, rec.on_end) as session:
        session.attach(java_app.pid)
        ready = session.load(timeout=30)
        assert ready.hooks >= 8 and not session.errors
        missing = {(m.class_name, m.method) for m in ready.missing}
        assert ("android.location.LocationManager", "getLastKnownLocation") in missing
        java_app.cmd("secure android_id")
        java_app.cmd("slot 1")
        session.flush()
        assert [e.api for e in rec.events] == ["android.provider.Settings$Secure.getString", f"{TM}.getDeviceId"], rec.events[0].stack


def test_catalog_class_loaded_later_by_an_app_loader_is_hooked(agent_js, java_app, frida_device, late_classes):
    """The app defines, links and calls the class at once, racing the agent's late hook (which, building its
    wrapper before the class was linked, aborted the JVM or missed the class: test_late_hook_stress.py)."""
    gaid = "com.google.android.gms.ads.identifier.AdvertisingIdClient"
    rec = Recorder()
    catalog = [*CATALOG, {"class": gaid, "method": "getAdvertisingIdInfo", "category": "advertising-id", "pi": "gaid"}]
    with InstrumentationSession(frida_device, catalog, rec.on_events, rec.on_end) as session:
        session.attach(java_app.pid)
        ready = session.load(timeout=20)
        assert (gaid, "getAdvertisingIdInfo") in {(m.class_name, m.method) for m in ready.missing}
        assert java_app.cmd(f"sdk {late_classes}") == "38400000-8cf0-11bd-b23e-10b96e40000d"
        assert session.wait_late_hook(gaid, timeout=30)  # hooked once loaded (event wait; slack for a loaded CI machine)
        assert java_app.cmd(f"sdk {late_classes}") == "38400000-8cf0-11bd-b23e-10b96e40000d"
        session.flush()
        ev = rec.events[-1]
        assert ev.api == f"{gaid}.getAdvertisingIdInfo" and ev.ret == "38400000-8cf0-11bd-b23e-10b96e40000d"
        assert ev.stack[0].class_name.startswith(("jdk.internal.reflect.", "java.lang.reflect."))
        assert [(h.class_name, h.method) for h in session.late_hooks] == [(gaid, "getAdvertisingIdInfo")]
        assert (gaid, "getAdvertisingIdInfo") not in {(m.class_name, m.method) for m in session.missing}
        assert session.errors == []


def test_sdk_class_held_by_another_loader_before_attach_is_hooked_at_init(agent_js, java_app, frida_device, late_classes):
    """#11 defect 1 (the part a JVM shows): a class that an app loader already holds when the agent
    comes is found through Java.enumerateClassLoaders and hooked before ready, not left missing."""
    gaid = "com.google.android.gms.ads.identifier.AdvertisingIdClient"
    rec = Recorder()
    catalog = [*CATALOG, {"class": gaid, "method": "getAdvertisingIdInfo", "category": "advertising-id", "pi": "gaid"}]
    assert java_app.cmd(f"sdk {late_classes}") == "38400000-8cf0-11bd-b23e-10b96e40000d"  # loaded before attach
    with InstrumentationSession(frida_device, catalog, rec.on_events, rec.on_end) as session:
        session.attach(java_app.pid)
        ready = session.load(timeout=30)
        assert (gaid, "getAdvertisingIdInfo") not in {(m.class_name, m.method) for m in ready.missing}
        assert java_app.cmd(f"sdk {late_classes}") == "38400000-8cf0-11bd-b23e-10b96e40000d"
        session.flush()
        assert [e.api for e in rec.events] == [f"{gaid}.getAdvertisingIdInfo"]
        assert session.late_hooks == []  # hooked during init, not later


def test_jni_stack_path_gives_the_same_frames(agent_js, java_app, frida_device):
    """Thread.getStackTrace() through raw JNI: the path ART uses; same frames as JVMTI's."""
    rec = Recorder()
    with InstrumentationSession(frida_device, CATALOG, rec.on_events, rec.on_end, options={"jvmti": False}) as s:
        s.attach(java_app.pid)
        s.load(timeout=20)
        java_app.cmd("umeng")
        java_app.cmd("listen")
        s.flush()
        assert s.stats()["stack_source"] == "jni"
    umeng, inner, outer = rec.events
    assert (umeng.stack[0].class_name, umeng.stack[0].method, umeng.stack[0].line) == (
        "com.umeng.commonsdk.UMConfigure", "<clinit>", 10)
    assert inner.stack[0].method.startswith("lambda$") and inner.thread == "main"
    assert outer.stack[0].class_name == "com.example.app.Main"


def test_an_argument_whose_tostring_throws_changes_nothing(live):
    app, session, rec = live
    assert app.cmd("evil") == "listened"
    session.flush()
    (ev,) = rec.events
    assert ev.args == ("<toString failed>", "1")
    assert session.stats()["record_errors"] == 0


def test_many_threads_at_once_no_deadlock_no_loss(live):
    app, session, rec = live
    assert app.cmd("threads 8 500") == "joined"
    session.flush()
    assert sum(e.count for e in rec.events) == 4000
    by_thread = {}
    for e in rec.events:
        by_thread[e.thread] = by_thread.get(e.thread, 0) + e.count
        assert e.stack[0].class_name == "com.example.app.Main" and e.stack[0].method.startswith("lambda$")
    assert by_thread == {f"worker-{i}": 500 for i in range(8)}
    assert len({e.seq for e in rec.events}) == len(rec.events)


#: A loop's caller compiled after a few hundred iterations (OSR by C2, which inlines): compiled frames on the stack.
OSR_EARLY = ("-XX:-TieredCompilation", "-XX:CompileThreshold=100", "-XX:OnStackReplacePercentage=100")


def test_async_walks_give_the_stacks_jvmti_gives(agent_js, java_classes, frida_device, late_classes, tmp_path):
    """HotSpot stacks are walked by AsyncGetCallTrace where it can (hooks/src/jvmti.ts); it only can with the bridge's
    replacement methods in metaspace (hooks/patches). Its frames must be GetStackTrace's, frame for frame: the same
    commands in two JVMs, one agent walking with it and one without (``asgct: false``), give the same stacks, values
    and counts. On them: a compiled caller (the hot loop's, OSR), a class initialiser, a lambda, named threads, an
    exception, reflection's native frame (an SDK called through Method.invoke, hooked late)."""
    gaid = "com.google.android.gms.ads.identifier.AdvertisingIdClient"
    catalog = [*CATALOG, {"class": gaid, "method": "getAdvertisingIdInfo", "category": "advertising-id", "pi": "gaid"}]
    commands = ["umeng", "imei", "listen", "secure android_id", "loop 3000", "threads 3 30", "throw",
                f"sdk {late_classes}"]
    seen: dict[bool, tuple[Counter, Any]] = {}
    for asgct in (True, False):
        app = JavaApp(java_classes, tmp_path / f"jvm-asgct-{asgct}", jvm_args=OSR_EARLY)
        rec = Recorder()
        try:
            with InstrumentationSession(frida_device, catalog, rec.on_events, rec.on_end,
                                        options={"asgct": asgct}) as session:
                session.attach(app.pid)
                session.load(timeout=20)
                for line in commands:
                    app.cmd(line)
                assert session.wait_late_hook(gaid, timeout=30)
                app.cmd(f"sdk {late_classes}")
                session.flush()
                calls: Counter = Counter()
                for e in rec.events:  # (an object's identity in its toString differs from JVM to JVM)
                    args = tuple(re.sub(r"(/0x|@)[0-9a-f]+", "", a) for a in e.args)
                    key = (e.api, e.thread, e.stack, args, e.ret, e.exception)
                    if e.api == f"{gaid}.getAdvertisingIdInfo":
                        calls[key] = 1  # its first call races the late hook: recorded or not
                    else:
                        calls[key] += e.count
                seen[asgct] = (calls, session.stats()["async_walks"])
        finally:
            app.kill()
    (with_async, walks), (without, no_walks) = seen[True], seen[False]
    assert no_walks is None
    assert walks["on"] and walks["walks"] >= 3000 and walks["fallbacks"] < walks["walks"] / 10, walks
    assert sum(with_async.values()) >= 3000 + 90 + 5
    assert any(key[0].endswith("getAdvertisingIdInfo") for key in with_async)
    assert with_async == without


# A second script's AsyncGetCallTrace: it faults, as a walk that trips over a frame being changed under it would.
FAULTING_ASGCT = """
const cm = new CModule('void fault(void *trace, int depth, void *uc) { *(volatile int *)16 = 1; }');
Interceptor.replace(Module.getGlobalExportByName('AsyncGetCallTrace'), cm.fault);
rpc.exports = { keep: () => String(cm.fault) };
"""


def test_a_fault_inside_async_get_call_trace_costs_the_walk_not_the_app(agent_js, java_classes, frida_device,
                                                                         tmp_path):
    """AsyncGetCallTrace is HotSpot's unsupported profiling entry: a fault inside it must not be the JVM's fatal
    error. The agent calls it through a NativeFunction that turns a fault into an exception; then that call's stack
    is GetStackTrace's, and AsyncGetCallTrace is not tried again (stats, and an agent error that says so)."""
    app = JavaApp(java_classes, tmp_path / "jvm")
    rec = Recorder()
    try:
        with InstrumentationSession(frida_device, CATALOG, rec.on_events, rec.on_end) as session:
            session.attach(app.pid)
            session.load(timeout=20)
            assert app.cmd("loop 50") == "867530900000001"
            session.flush()
            before = session.stats()["async_walks"]
            assert before["on"] and before["walks"] >= 40 and before["faults"] == 0, before
            fault = frida_device.attach(app.pid).create_script(FAULTING_ASGCT)
            fault.load()
            assert fault.exports_sync.keep()
            assert app.cmd("loop 50") == "867530900000001"  # the JVM lives
            assert app.cmd("imei") == "867530900000001"
            session.flush()
            stats = session.stats()
            after = stats["async_walks"]
            assert not after["on"] and after["faults"] == 1 and after["walks"] == before["walks"], after
            assert "AsyncGetCallTrace faulted" in stats["last_error"], stats["last_error"]
            assert [e.message for e in session.errors if "AsyncGetCallTrace faulted" in e.message], session.errors
            fault.unload()
            loops = rec.of("getDeviceId")
            assert sum(e.count for e in loops) == 100 and len({e.stack for e in loops}) == 1  # same stack either way
            assert rec.of("getImei") and rec.of("getImei")[0].stack
    finally:
        app.kill()
