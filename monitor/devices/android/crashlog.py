"""An app's crash as the device reports it: logcat's ``crash`` buffer.

An uncaught Java exception prints ``FATAL EXCEPTION: <thread>`` / ``Process: <pkg>, PID: <pid>`` and
the stack under the ``AndroidRuntime`` tag, then the runtime kills the process (Frida only sees
``process-terminated``); a native crash prints ``Fatal signal 11 (SIGSEGV) … pid <pid> (<name>)``
from libc, then debuggerd's tombstone. :class:`CrashWatcher` follows that buffer for one pid and
gives the run the device's own report (``monitor.crashes.classify``'s ``device_crash``), so a crash
ends the run as ``app-crashed`` with its FATAL stack — never as the app quitting after a refusal.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from monitor.crashes import MAX_STACK_CHARS, from_stderr

COMMAND = "logcat -b crash -v epoch -T 1"
LINE = re.compile(r"^\s*(?P<ts>\d+\.\d+)\s+(?P<pid>\d+)\s+(?P<tid>\d+)\s+(?P<level>[VDIWEF])\s+(?P<tag>[^:]*?)\s*:\s?(?P<msg>.*)$")
SIGNAL = re.compile(r"Fatal signal \d+ \((?P<sig>SIG[A-Z]+)\).*?\bpid (?P<pid>\d+)")
MAX_LINES = 400


def crash_of(lines: list[str], pid: int) -> dict[str, Any] | None:
    """The device_crash record for ``pid`` from crash-buffer lines (pure), or None if none is there."""
    mine, signal = [], None
    for line in lines:
        m = LINE.match(line)
        if not m:
            continue
        s = SIGNAL.search(m["msg"])
        if s and int(s["pid"]) == pid:
            signal = s["sig"]
            mine.append(line)
        elif int(m["pid"]) == pid:
            mine.append(line)
    if not mine:
        return None
    text = "\n".join(mine)
    exc, thread, block = from_stderr(text)
    if exc is not None:
        return {"crash_kind": "uncaught-exception", "exception": exc, "thread": thread, "stack": block,
                "source": "logcat"}
    if signal is not None:
        return {"crash_kind": "native-abort" if signal == "SIGABRT" else "signal", "signal": signal,
                "stack": text[-MAX_STACK_CHARS:], "source": "logcat"}
    return None


def crash_of_frida(crash: Any) -> dict[str, Any] | None:
    """Frida's own crash report (native crashes it caught), as a device_crash record."""
    if crash is None:
        return None
    text = f"{getattr(crash, 'summary', '')}\n{getattr(crash, 'report', '')}"
    sig = re.search(r"\b(SIG[A-Z]+)\b", text)
    name = sig.group(1) if sig else None
    return {"crash_kind": "native-abort" if name == "SIGABRT" or "abort" in text.lower() else "signal",
            "signal": name, "stack": text[-MAX_STACK_CHARS:], "source": "frida"}


class CrashWatcher:
    """Follows the crash buffer from now on and keeps the lines of one pid."""

    def __init__(self, adb_device: Any, pid: int) -> None:
        self.pid = pid
        self.lines: list[str] = []
        self.seen = threading.Event()  # a line of this pid arrived
        self._conn = adb_device.shell(COMMAND, stream=True)
        self._thread = threading.Thread(target=self._run, name=f"pimon-crashlog-{pid}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            reader = self._conn.conn.makefile("r", encoding="utf-8", errors="replace")
            for line in reader:
                m = LINE.match(line)
                if m and (int(m["pid"]) == self.pid or f"pid {self.pid} " in m["msg"]):
                    if len(self.lines) < MAX_LINES:
                        self.lines.append(line.rstrip("\n"))
                    self.seen.set()
        except (OSError, ValueError):
            pass  # closed (stop(), device gone)

    def report(self, wait: float = 0.5) -> dict[str, Any] | None:
        """The crash, if the buffer has one for this pid (waiting ``wait`` s for it to arrive)."""
        self.seen.wait(wait)
        if self.seen.is_set():
            self.seen.wait(0.2)  # the rest of the block follows in the same burst
        return crash_of(list(self.lines), self.pid)

    def stop(self) -> None:
        self._conn.close()
        self._thread.join(timeout=2)
