"""Foreground/background of an app on a real device, from the ``events`` log buffer as it happens.

Each app process logs its own activity transitions to the binary ``events`` buffer
(``wm_on_resume_called`` / ``wm_on_stop_called`` on Android 10+, ``am_on_*`` before), so a
``logcat -b events -v epoch`` stream filtered on those tags and on the app's pid gives lifecycle
events with the device's own timestamps, without polling. Foreground = an activity resumed;
background = the last resumed activity stopped (a switch between two activities of the app
resumes the new one before it stops the old one, so it is no background at all).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from monitor.devices.base import DeviceEvent

TAGS = ("wm_on_resume_called", "wm_on_stop_called", "am_on_resume_called", "am_on_stop_called")
COMMAND = "logcat -b events -v epoch -T 1 -s " + " ".join(f"{t}:I" for t in TAGS)
LINE = re.compile(
    r"^\s*(?P<ts>\d+\.\d+)\s+(?P<pid>\d+)\s+\d+\s+I\s+(?P<tag>\w+)\s*:\s*\[(?P<fields>[^\]]*)\]"
)


@dataclass(frozen=True)
class Transition:
    ts: int  # epoch ms, device clock
    pid: int
    kind: str  # "resume" | "stop"
    activity: str


def parse_line(line: str) -> Transition | None:
    """One ``logcat -v epoch`` line of the events buffer, or None if it is not an activity transition."""
    m = LINE.match(line)
    if not m or m["tag"] not in TAGS:
        return None
    fields = [f.strip() for f in m["fields"].split(",")]
    if len(fields) < 2:
        return None
    kind = "resume" if "resume" in m["tag"] else "stop"
    return Transition(int(float(m["ts"]) * 1000), int(m["pid"]), kind, fields[1])


class LifecycleTracker:
    """Turns one app's transitions into foreground/background DeviceEvents (pure: no I/O)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.resumed: str | None = None
        self.foreground = False

    def feed(self, t: Transition) -> DeviceEvent | None:
        if t.pid != self.pid:
            return None
        if t.kind == "resume":
            changed = not self.foreground or t.activity != self.resumed
            self.resumed, self.foreground = t.activity, True
            return (
                DeviceEvent("lifecycle", t.ts, {"state": "foreground", "activity": t.activity})
                if changed
                else None
            )
        if self.foreground and t.activity == self.resumed:
            self.foreground = False
            return DeviceEvent("lifecycle", t.ts, {"state": "background", "activity": t.activity})
        return None


class LogcatWatcher:
    """Streams ``COMMAND`` from the device in a thread and reports the app's lifecycle events."""

    def __init__(self, adb_device: Any, pid: int, on_event: Callable[[DeviceEvent], None]) -> None:
        self._tracker = LifecycleTracker(pid)
        self._on_event = on_event
        self._conn = adb_device.shell(COMMAND, stream=True)
        self._thread = threading.Thread(target=self._run, name=f"pimon-logcat-{pid}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            reader = self._conn.conn.makefile("r", encoding="utf-8", errors="replace")
            for line in reader:
                t = parse_line(line)
                event = self._tracker.feed(t) if t else None
                if event is not None:
                    self._on_event(event)
        except (OSError, ValueError):
            pass  # the stream was closed (stop(), device gone)

    def stop(self) -> None:
        self._conn.close()
        self._thread.join(timeout=2)
