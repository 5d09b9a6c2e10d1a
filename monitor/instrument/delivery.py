"""Delivery of agent events to the host's callbacks: one worker thread, arrival order, the end last.

Frida calls back on its own thread; the session queues what it receives here, so a slow consumer
(the store) never blocks Frida, and ``on_end`` runs only after every batch received before the end
has been handed to ``on_events`` — nothing sent is lost.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from monitor.errors import ControlTimeout
from monitor.instrument.protocol import Event

log = logging.getLogger(__name__)

EventsCallback = Callable[[list[Event]], None]
EndCallback = Callable[[str, "CrashInfo | None"], None]


@dataclass(frozen=True)
class CrashInfo:
    """What Frida knows about a crash (mostly on Android; None on a plain kill)."""

    summary: str
    report: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)


def crash_info(crash: Any) -> CrashInfo | None:
    if crash is None:
        return None
    return CrashInfo(
        summary=str(getattr(crash, "summary", crash)),
        report=str(getattr(crash, "report", "")),
        parameters=dict(getattr(crash, "parameters", {}) or {}),
    )


class Delivery:
    def __init__(self, on_events: EventsCallback, on_end: EndCallback | None, name: str = "pimon-instrument") -> None:
        self._on_events = on_events
        self._on_end = on_end
        self._queue: queue.Queue[tuple[Any, ...]] = queue.Queue()
        self._lock = threading.Lock()
        self._end_queued = False
        self.ended = threading.Event()
        self.end_reason: str | None = None
        self.crash: CrashInfo | None = None
        self.events_received = 0
        self.batches_received = 0
        self.callback_errors = 0
        self._worker = threading.Thread(target=self._run, name=name, daemon=True)
        self._worker.start()

    def events(self, batch: tuple[Event, ...]) -> None:
        self._queue.put(("events", batch))

    def end(self, reason: str, crash: CrashInfo | None) -> bool:
        """Queue the end (once); False if it was already queued."""
        with self._lock:
            if self._end_queued:
                return False
            self._end_queued = True
        self._queue.put(("end", reason, crash))
        return True

    def barrier(self, timeout: float) -> None:
        """Wait until everything queued so far has been delivered."""
        if not self._worker.is_alive():
            return
        done = threading.Event()
        self._queue.put(("barrier", done))
        if not done.wait(timeout):
            raise ControlTimeout(f"events not delivered within {timeout:g} s")

    def join(self, timeout: float) -> None:
        self._worker.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item[0] == "events":
                events: tuple[Event, ...] = item[1]
                self.events_received += len(events)
                self.batches_received += 1
                try:
                    self._on_events(list(events))
                except Exception:  # a consumer bug must not stop delivery
                    self.callback_errors += 1
                    log.exception("on_events failed")
            elif item[0] == "barrier":
                item[1].set()
            else:
                self.end_reason, self.crash = item[1], item[2]
                try:
                    if self._on_end is not None:
                        self._on_end(item[1], item[2])
                except Exception:
                    self.callback_errors += 1
                    log.exception("on_end failed")
                finally:
                    self.ended.set()
                self._release_barriers()
                return

    def _release_barriers(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item[0] == "barrier":
                item[1].set()
