"""Crashes: an app process that ended without asking for it (uncaught exception, signal, native abort).

A crash ends the run as ``app-crashed``; it is an observation about the app, not a compliance finding
and not a failure of pimon. The crash record (``Crash``) is stored in the run's ``config.crash`` and in
the ``data.crash`` of the ``process-exit`` lifecycle row, shown in report.html and findings.json, and
the rules that an abrupt end would fool (PI-6.3-NO-CONSENT-DIALOG, PI-7.3-FORCED-EXIT) do not fire on it.

Sources, best first: the device's own crash report (the emulator's ``process``/``crash`` event, Android's
logcat ``FATAL EXCEPTION`` / tombstone), then the FATAL block in the process's stderr, then for an exit by a signal
the JVM's own fatal error log (the emulator's HotSpot writes hs_err_pid<N>.log to the device's ``tombstones/``; its
header names the error and the problematic frame), then the exit status alone (a signal: 128+N or a negative return
code; SIGABRT is a native abort).
"""

from __future__ import annotations

import re
import signal as _signal
from dataclasses import asdict, dataclass
from typing import Any

KINDS = ("uncaught-exception", "signal", "native-abort")
MAX_STACK_CHARS = 16000


@dataclass(frozen=True)
class Crash:
    kind: str  # one of KINDS
    exception: str | None = None  # "java.lang.NullPointerException: msg" (uncaught exception)
    thread: str | None = None
    stack: str = ""  # the FATAL block as the runtime printed it
    exit_code: int | None = None
    signal: str | None = None  # "SIGSEGV" for a signal / native abort
    ts: int | None = None
    source: str = "exit-status"  # device | stderr | logcat | hs_err | exit-status

    def summary(self) -> str:
        """One line: what crashed, for the run's status reason."""
        if self.exception:
            where = f" on thread {self.thread}" if self.thread else ""
            return f"app crashed: {self.exception}{where}"
        if self.signal:
            what = f"app crashed: killed by {self.signal}" + (" (native abort)" if self.kind == "native-abort" else "")
            fatal = hotspot_fatal(self.stack) if self.source == "hs_err" else None
            return f"{what}: the JVM's fatal error {fatal}" if fatal else what
        return f"app crashed: exit code {self.exit_code}"

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["stack"] = (self.stack or "")[:MAX_STACK_CHARS]
        return out

    @classmethod
    def of(cls, raw: Any) -> Crash | None:
        if isinstance(raw, Crash):
            return raw
        if not isinstance(raw, dict) or raw.get("kind") not in KINDS:
            return None
        fields = {k: raw.get(k) for k in cls.__dataclass_fields__ if k in raw}
        return cls(**fields)


def signal_of(code: int | None) -> str | None:
    """The signal an exit status means: a negative return code (Python's Popen) or 128+N (a shell)."""
    if code is None:
        return None
    num = -code if code < 0 else code - 128 if 128 < code < 160 else None
    if num is None:
        return None
    try:
        return _signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


_FATAL = re.compile(r"FATAL EXCEPTION: *(?P<thread>.*)")
_EXC = re.compile(r"^(?:Caused by: )?(?P<exc>[\w$.]+(?:Exception|Error|Throwable)[\w$]*(?::.*)?)$")


def from_stderr(text: str) -> tuple[str | None, str | None, str]:
    """(exception, thread, FATAL block) parsed from a process's stderr or a logcat excerpt; Nones if absent.

    The exception is the first line after ``FATAL EXCEPTION`` (and ``Process:``) that names a
    Throwable — never the last stack line."""
    lines = (text or "").splitlines()
    start = next((i for i, ln in enumerate(lines) if _FATAL.search(ln)), None)
    if start is None:
        return None, None, ""
    m = _FATAL.search(lines[start])
    thread = m.group("thread").strip() if m else None
    block = lines[start:]
    exc = None
    for ln in block[1:]:
        body = re.sub(r"^.*?AndroidRuntime: ", "", ln).strip()
        hit = _EXC.match(body)
        if hit:
            exc = hit.group("exc")
            break
    return exc, thread or None, "\n".join(block)[:MAX_STACK_CHARS]


# HotSpot's fatal error log (hs_err_pid<N>.log, -XX:ErrorFile): the header's error line and problematic frame, the
# crashing thread, and where the excerpt ends (before the signal info, the process's memory, its environment).
_HS_ERROR = re.compile(r"^#\s+(?P<what>(?:SIG\w+ \(0x[0-9a-f]+\)|Internal Error|Out of Memory Error|"
                       r"There is insufficient memory)[^\n]*)", re.MULTILINE)
_HS_FRAME = re.compile(r"^# Problematic frame:\n#\s*(?P<frame>[^\n]+)", re.MULTILINE)
_HS_THREAD = re.compile(r'^Current thread \([^)]*\):\s+\w+ "(?P<thread>[^"]*)"', re.MULTILINE)
_HS_END = re.compile(r"^(?:siginfo:|Registers:|---------------  P R O C E S S)", re.MULTILINE)


def hotspot_fatal(text: str) -> str | None:
    """"SIGSEGV (0xb) at pc=…, in V [libjvm.so+0x…] Symbol+0x…" from a HotSpot fatal error log; None if it is not one."""
    error = _HS_ERROR.search(text or "")
    if error is None:
        return None
    what = re.sub(r",\s*pid=\d+, tid=\d+", "", error.group("what")).strip()
    frame = _HS_FRAME.search(text)
    return f"{what}, in {' '.join(frame.group('frame').split())}" if frame else what


def from_hotspot_log(text: str) -> tuple[str | None, str]:
    """(crashing thread, excerpt) of a HotSpot fatal error log: its header, summary and the crashing thread's native and
    Java frames — not the registers, memory, or the process's environment, which follow."""
    if hotspot_fatal(text) is None:
        return None, ""
    end = _HS_END.search(text)
    excerpt = text[: end.start() if end else MAX_STACK_CHARS].rstrip()
    thread = _HS_THREAD.search(excerpt)
    return (thread.group("thread") if thread else None), excerpt[:MAX_STACK_CHARS]


def classify(code: int | None, *, requested: bool, device_crash: dict[str, Any] | None,
             stderr_tail: str = "", ts: int | None = None, crash_log: str = "") -> Crash | None:
    """The crash an exit was, or None for an exit the app asked for (or a clean exit 0).

    ``device_crash``: the device's own report (the emulator's ``crash`` event data: ``crash_kind``,
    ``exception``, ``thread``, ``stack``); it wins over everything. An exit the app requested
    (``Process.killProcess``, ``System.exit``) is never a crash, whatever its code. ``crash_log``: the JVM's own
    fatal error log of the process (the emulator's hs_err_pid<N>.log), which an exit by a signal is described by."""
    if device_crash:
        kind = device_crash.get("crash_kind") or device_crash.get("kind") or "uncaught-exception"
        if kind not in KINDS:
            kind = "uncaught-exception"
        return Crash(kind, device_crash.get("exception"), device_crash.get("thread"),
                     str(device_crash.get("stack") or "")[:MAX_STACK_CHARS], code,
                     device_crash.get("signal"), device_crash.get("ts", ts), device_crash.get("source", "device"))
    if requested or code in (0, None):
        return None
    exc, thread, block = from_stderr(stderr_tail)
    if exc is not None:
        return Crash("uncaught-exception", exc, thread, block, code, None, ts, "stderr")
    sig = signal_of(code)
    thread, excerpt = from_hotspot_log(crash_log)
    if sig is not None and excerpt:
        return Crash("native-abort" if sig == "SIGABRT" else "signal", None, thread, excerpt, code, sig, ts, "hs_err")
    if sig is not None:
        return Crash("native-abort" if sig == "SIGABRT" else "signal", None, None, stderr_tail[-4000:], code, sig,
                     ts, "exit-status")
    return Crash("uncaught-exception", None, None, stderr_tail[-4000:], code, None, ts, "exit-status")
