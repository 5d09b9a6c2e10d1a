"""Foreground/background from the events log: parsing, the tracker, and the stream through fake adb."""

from __future__ import annotations

import queue

import frida

from monitor.devices.android.device import AndroidDevice
from monitor.devices.android.lifecycle import COMMAND, LifecycleTracker, Transition, parse_line

A14 = "1732801234.567  {pid}  {pid} I wm_on_resume_called: [199874321,{act},RESUME_ACTIVITY,12]"
A14_STOP = "1732801236.001  {pid}  {pid} I wm_on_stop_called: [199874321,{act},STOP_ACTIVITY_ITEM]"


def test_parse_android_10_to_14_and_9_lines():
    t = parse_line(A14.format(pid=4321, act="com.example.app.MainActivity"))
    assert t == Transition(1732801234567, 4321, "resume", "com.example.app.MainActivity")
    old = parse_line(
        "1600000000.100  77  77 I am_on_stop_called: [0,com.example.app.Splash,handleStopActivity]"
    )
    assert old == Transition(1600000000100, 77, "stop", "com.example.app.Splash")
    assert parse_line("1600000000.100  77  77 I am_proc_start: [0,77,10123,com.example.app,activity]") is None
    assert parse_line("--------- beginning of events") is None
    assert parse_line("1600000000.100  77  77 I wm_on_resume_called: []") is None


def test_switching_activities_is_not_background():
    tr = LifecycleTracker(pid=10)
    seq = [
        Transition(1, 10, "resume", "A"),
        Transition(2, 10, "resume", "B"),
        Transition(3, 10, "stop", "A"),
        Transition(4, 99, "stop", "B"),
        Transition(5, 10, "stop", "B"),
        Transition(6, 10, "resume", "B"),
    ]
    events = [e for e in (tr.feed(t) for t in seq) if e]
    assert [(e.ts, e.data["state"], e.data["activity"]) for e in events] == [
        (1, "foreground", "A"),
        (2, "foreground", "B"),
        (5, "background", "B"),
        (6, "foreground", "B"),
    ]


def test_spawned_app_reports_lifecycle_from_the_logcat_stream(phone, client, apps):
    exe = str(apps["com.example.longrun"])
    phone.packages[exe] = "/data/app/longrun/base.apk"
    android = AndroidDevice(phone.serial, client=client, frida_device=frida.get_local_device())
    got: queue.Queue = queue.Queue()
    proc = android.spawn(exe, on_event=got.put)
    try:
        assert COMMAND in phone.commands and f"am force-stop {exe}" in phone.commands
        proc.release()
        phone.logcat.put(A14.format(pid=proc.pid + 1, act="other.App"))  # another process: ignored
        phone.logcat.put(A14.format(pid=proc.pid, act="com.example.longrun.Main"))
        phone.logcat.put(A14_STOP.format(pid=proc.pid, act="com.example.longrun.Main"))
        first, second = got.get(timeout=5), got.get(timeout=5)
        assert (first.kind, first.data["state"], first.ts) == ("lifecycle", "foreground", 1732801234567)
        assert (second.data["state"], second.data["activity"]) == ("background", "com.example.longrun.Main")
    finally:
        proc.stop_grace = 0.2
        proc.stop()
    assert got.get(timeout=5).kind == "exit"


FATAL = [
    "{ts:.3f}  {pid}  {pid} E AndroidRuntime: FATAL EXCEPTION: main",
    "{ts:.3f}  {pid}  {pid} E AndroidRuntime: Process: com.example.longrun, PID: {pid}",
    "{ts:.3f}  {pid}  {pid} E AndroidRuntime: java.lang.IllegalStateException: root detected",
    "{ts:.3f}  {pid}  {pid} E AndroidRuntime: \tat com.example.guard.Check.run(Check.java:12)",
]


def test_a_fatal_exception_in_the_crash_buffer_is_the_apps_crash(phone, client, apps):
    """An uncaught exception on Android: logcat's crash buffer has the FATAL block, Frida only sees
    `process-terminated`. The device's report comes first, so the run classifies a crash (app-crashed
    with its stack), not an exit the app chose."""
    import time

    from monitor.crashes import classify

    exe = apps["com.example.longrun"]
    phone.packages[str(exe)] = "/data/app/longrun/base.apk"
    android = AndroidDevice(phone.serial, client=client, frida_device=frida.get_local_device())
    android.gate_processes = False
    events = []
    proc = android.spawn(str(exe), on_event=events.append)
    proc.release()
    for _ in range(100):  # the crash watcher's logcat stream is open
        if sum(c.startswith("logcat -b crash") for c in phone.commands):
            break
        time.sleep(0.05)
    time.sleep(0.2)
    for line in FATAL:
        phone.crash_log.put(line.format(ts=time.time(), pid=proc.pid))
    phone.crash_log.put(FATAL[0].format(ts=time.time(), pid=proc.pid + 1))  # another process: ignored
    time.sleep(0.3)
    frida.get_local_device().kill(proc.pid)  # the runtime kills it after printing
    assert proc.wait_exit(10) == -1
    kinds = [e.kind for e in events]
    assert kinds.index("process") < kinds.index("exit")
    crash = next(e for e in events if e.kind == "process").data
    assert crash["what"] == "crash" and crash["source"] == "logcat"
    assert crash["exception"] == "java.lang.IllegalStateException: root detected" and crash["thread"] == "main"
    found = classify(-1, requested=False, device_crash=crash)
    assert found is not None and found.kind == "uncaught-exception" and "Check.java:12" in found.stack


def test_native_signal_lines_are_parsed():
    from monitor.devices.android.crashlog import crash_of

    line = ("1700000000.100  4242  4250 F libc    : Fatal signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), "
            "fault addr 0x0 in tid 4250 (RenderThread), pid 4242 (com.example.app)")
    got = crash_of([line], 4242)
    assert got["crash_kind"] == "signal" and got["signal"] == "SIGSEGV"
    assert crash_of([line], 999) is None
