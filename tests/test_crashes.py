"""monitor.crashes: classifying an exit the app did not ask for."""

from __future__ import annotations

from monitor.crashes import Crash, classify, from_stderr, signal_of

STDERR = """\
I/app: starting
FATAL EXCEPTION: main
Process: com.example.x, PID: 4242
java.lang.IllegalStateException: channel not configured
\tat com.example.x.MainActivity.onCreate(MainActivity.java:12)
\tat android.app.Activity.performCreate(Activity.java:80)
"""


def test_the_exception_not_the_last_stack_line() -> None:
    exc, thread, block = from_stderr(STDERR)
    assert (exc, thread) == ("java.lang.IllegalStateException: channel not configured", "main")
    assert block.startswith("FATAL EXCEPTION") and "MainActivity.java:12" in block
    crash = classify(1, requested=False, device_crash=None, stderr_tail=STDERR)
    assert crash is not None and crash.summary() == (
        "app crashed: java.lang.IllegalStateException: channel not configured on thread main")


def test_logcat_lines_and_signals() -> None:
    logcat = "E AndroidRuntime: FATAL EXCEPTION: worker\nE AndroidRuntime: java.lang.NullPointerException\n"
    assert from_stderr(logcat)[:2] == ("java.lang.NullPointerException", "worker")
    assert (signal_of(-11), signal_of(134), signal_of(1), signal_of(None)) == ("SIGSEGV", "SIGABRT", None, None)
    abort = classify(134, requested=False, device_crash=None)
    assert abort is not None and abort.kind == "native-abort" and "SIGABRT" in abort.summary()
    assert classify(-9, requested=False, device_crash=None).kind == "signal"


def test_requested_and_clean_exits_are_not_crashes_but_the_device_report_wins() -> None:
    assert classify(0, requested=False, device_crash=None) is None
    assert classify(1, requested=True, device_crash=None) is None
    dev = {"crash_kind": "uncaught-exception", "exception": "java.lang.Error: x", "thread": "t", "stack": "s"}
    crash = classify(1, requested=True, device_crash=dev)
    assert crash is not None and (crash.exception, crash.source) == ("java.lang.Error: x", "device")
    assert Crash.of(crash.as_dict()) == crash and Crash.of({"kind": "nonsense"}) is None
