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


HS_ERR = """\
#
# A fatal error has been detected by the Java Runtime Environment:
#
#  SIGSEGV (0xb) at pc=0x00007f0c5d6a1e2c, pid=4242, tid=4250
#
# JRE version: OpenJDK Runtime Environment (17.0.15+6) (build 17.0.15+6-Debian-1deb12u1)
# Problematic frame:
# V  [libjvm.so+0x8a1e2c]  AsyncGetCallTrace+0x2c
#

---------------  T H R E A D  ---------------

Current thread (0x00007f0c58012800):  JavaThread "jpush-poll" daemon [_thread_in_native, id=4250]

Native frames: (J=compiled Java code, j=interpreted, Vv=VM code, C=native code)
V  [libjvm.so+0x8a1e2c]  AsyncGetCallTrace+0x2c

siginfo: si_signo: 11 (SIGSEGV), si_code: 1 (SEGV_MAPERR), si_addr: 0x0000000000000008

Environment Variables:
SECRET=not-for-the-report
"""


def test_an_exit_by_a_signal_is_described_by_the_jvm_s_fatal_error_log() -> None:
    crash = classify(-6, requested=False, device_crash=None, stderr_tail="", crash_log=HS_ERR)
    assert crash is not None and (crash.kind, crash.thread, crash.source) == ("native-abort", "jpush-poll", "hs_err")
    assert crash.summary() == ("app crashed: killed by SIGABRT (native abort): the JVM's fatal error SIGSEGV (0xb) "
                               "at pc=0x00007f0c5d6a1e2c, in V [libjvm.so+0x8a1e2c] AsyncGetCallTrace+0x2c")
    assert "Native frames:" in crash.stack and "siginfo" not in crash.stack and "SECRET" not in crash.stack
    # not a fatal error log, or an exit the app asked for: as before
    assert classify(-6, requested=False, device_crash=None, crash_log="garbage").source == "exit-status"
    assert classify(-6, requested=True, device_crash=None, crash_log=HS_ERR) is None
