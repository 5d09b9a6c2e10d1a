"""One Frida session on one app process: attach -> load agent -> init(catalog) -> agent:ready,
events delivered in batches to a callback, and the end (detach, crash, kill) reported once, after
everything already received has been delivered.

Frida calls back on its own thread; a single worker thread delivers events and the end in the order
Frida reported them, so a slow ``on_events`` never blocks Frida and nothing received is lost.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import frida

from monitor.errors import ControlTimeout, InstrumentationError
from monitor.instrument.agent import agent_source
from monitor.instrument.protocol import (
    FRAMEWORK_PREFIXES,
    AgentError,
    Event,
    EventsBatch,
    LateHook,
    MissingHook,
    ReadyInfo,
    Unknown,
    parse_message,
)

log = logging.getLogger(__name__)

EventsCallback = Callable[[list[Event]], None]
EndCallback = Callable[[str, "CrashInfo | None"], None]


class _AgentCatalog(Protocol):
    def to_agent_json(self) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class CrashInfo:
    """What Frida knows about a crash (mostly on Android; None on a plain kill)."""

    summary: str
    report: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)


def _crash_info(crash: Any) -> CrashInfo | None:
    if crash is None:
        return None
    return CrashInfo(
        summary=str(getattr(crash, "summary", crash)),
        report=str(getattr(crash, "report", "")),
        parameters=dict(getattr(crash, "parameters", {}) or {}),
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class InstrumentationSession:
    """``InstrumentationSession(frida_device, catalog, on_events, on_end)``; then ``attach(pid)``,
    ``load(timeout)`` -> :class:`ReadyInfo`, ``flush()``, ``stats()``, ``close()``.

    ``catalog`` is a :class:`monitor.catalog.Catalog` (anything with ``to_agent_json()``) or the
    list of agent entries itself. ``on_events(list[Event])`` is called with each batch;
    ``on_end(reason, crash)`` once, with Frida's detach reason (``process-terminated``,
    ``application-requested``, ``connection-terminated``, ``device-lost`` …).
    """

    def __init__(
        self,
        frida_device: Any,
        catalog: _AgentCatalog | Sequence[Mapping[str, Any]],
        on_events: EventsCallback,
        on_end: EndCallback | None = None,
        *,
        options: Mapping[str, Any] | None = None,
        runtime: str | None = None,
    ) -> None:
        self._device = frida_device
        self._catalog = catalog
        self._on_events = on_events
        self._on_end = on_end
        self._options = {"frameworkPrefixes": list(FRAMEWORK_PREFIXES), **(options or {})}
        self._runtime = runtime
        self._session: Any = None
        self._script: Any = None
        self._queue: queue.Queue[tuple[Any, ...]] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._ready_event = threading.Event()
        self._ended = threading.Event()
        self._lock = threading.Lock()
        self._end_queued = False
        self._unknown_seen: set[str] = set()
        self.pid: int | None = None
        self.ready: ReadyInfo | None = None
        self.missing: list[MissingHook] = []
        self.late_hooks: list[LateHook] = []
        self._late_cond = threading.Condition()
        self.errors: list[AgentError] = []
        self.end_reason: str | None = None
        self.crash: CrashInfo | None = None
        self.events_received = 0
        self.batches_received = 0
        self.malformed_events = 0
        self.callback_errors = 0

    # -- lifecycle -------------------------------------------------------------------------------

    def attach(self, target: int | str) -> None:
        """Attach to a process (gated or already running) by pid or name."""
        if self._session is not None:
            raise InstrumentationError("session already attached")
        try:
            self._session = self._device.attach(target)
        except frida.ProcessNotFoundError as exc:
            raise InstrumentationError(f"cannot attach to {target}: process not found") from exc
        except frida.PermissionDeniedError as exc:
            raise InstrumentationError(f"cannot attach to {target}: permission denied") from exc
        except (frida.TransportError, frida.NotSupportedError, frida.InvalidOperationError) as exc:
            raise InstrumentationError(f"cannot attach to {target}: {_first_line(exc)}") from exc
        self.pid = target if isinstance(target, int) else None
        self._session.on("detached", self._on_detached)
        self._worker = threading.Thread(target=self._deliver, name="pimon-instrument", daemon=True)
        self._worker.start()

    def load(self, timeout: float = 10.0) -> ReadyInfo:
        """Load the agent, install the catalog's hooks and wait for ``agent:ready``."""
        if self._session is None:
            raise InstrumentationError("load() before attach()")
        kwargs = {"runtime": self._runtime} if self._runtime else {}
        try:
            self._script = self._session.create_script(agent_source(), name="pimon-agent", **kwargs)
            self._script.on("message", self._on_message)
            self._script.load()
        except (frida.InvalidOperationError, frida.TransportError, frida.InvalidArgumentError) as exc:
            raise InstrumentationError(f"cannot load the agent: {_first_line(exc)}") from exc
        entries = self._catalog.to_agent_json() if hasattr(self._catalog, "to_agent_json") else list(self._catalog)
        outcome: dict[str, BaseException] = {}

        def call_init() -> None:
            try:
                self._script.exports_sync.init(entries, self._options)
            except BaseException as exc:  # reported to the caller below
                outcome["error"] = exc
                self._ready_event.set()

        threading.Thread(target=call_init, name="pimon-agent-init", daemon=True).start()
        if not self._ready_event.wait(timeout):
            raise ControlTimeout(f"the agent did not report ready within {timeout:g} s")
        if "error" in outcome:
            raise InstrumentationError(f"agent init failed: {_first_line(outcome['error'])}")
        if self.ready is None:
            raise InstrumentationError(f"the process ended while the agent loaded ({self.end_reason})")
        return self.ready

    def flush(self, timeout: float = 5.0) -> None:
        """Make the agent send what it has queued and wait until it has been delivered to on_events."""
        if self._script is not None and not self._ended.is_set():
            try:
                self._script.exports_sync.flush()
            except (frida.InvalidOperationError, frida.TransportError, frida.RPCException) as exc:
                log.debug("flush: agent unreachable: %s", exc)
        self._barrier(timeout)

    def stats(self) -> dict[str, Any]:
        """The agent's counters (events, batches, queued, nested_skipped …) and the host's."""
        host = {
            "received": self.events_received,
            "batches_received": self.batches_received,
            "malformed": self.malformed_events,
        }
        if self._script is None or self._ended.is_set():
            return host
        try:
            return {**dict(self._script.exports_sync.stats()), **host}
        except (frida.InvalidOperationError, frida.TransportError, frida.RPCException) as exc:
            raise InstrumentationError(f"agent stats unavailable: {_first_line(exc)}") from exc

    def close(self, timeout: float = 5.0) -> None:
        """Flush, unload and detach (on_end gets ``application-requested`` if the process still ran)."""
        if self._session is None:
            return
        if not self._ended.is_set():
            try:
                self.flush(timeout)
            except ControlTimeout:
                log.warning("close: flush timed out")
            try:
                if self._script is not None:
                    self._script.unload()
            except (frida.InvalidOperationError, frida.TransportError):
                pass
            try:
                self._session.detach()
            except (frida.InvalidOperationError, frida.TransportError):
                pass
            self._queue_end("application-requested", None)
        if self._worker is not None:
            self._worker.join(timeout)

    def wait_late_hook(self, class_name: str, timeout: float = 10.0) -> bool:
        """Wait until a class missing at ready (an app/SDK class) has been hooked after its loading."""
        with self._late_cond:
            return self._late_cond.wait_for(
                lambda: any(h.class_name == class_name for h in self.late_hooks), timeout
            )

    def wait_ended(self, timeout: float | None = None) -> bool:
        """Wait until the end has been delivered (on_end called); True if it has."""
        return self._ended.wait(timeout)

    @property
    def ended(self) -> bool:
        return self._ended.is_set()

    def __enter__(self) -> InstrumentationSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- Frida's thread --------------------------------------------------------------------------

    def _on_message(self, message: dict[str, Any], data: Any) -> None:
        msg = parse_message(message)
        if isinstance(msg, EventsBatch):
            self.malformed_events += msg.malformed
            if msg.events:
                self._queue.put(("events", msg.events))
        elif isinstance(msg, ReadyInfo):
            self.ready = msg
            self._add_missing(msg.missing)
            self._ready_event.set()
        elif isinstance(msg, MissingHook):
            self._add_missing((msg,))
        elif isinstance(msg, LateHook):
            with self._late_cond:
                self.late_hooks.append(msg)
                self.missing = [m for m in self.missing if (m.class_name, m.method) != (msg.class_name, msg.method)]
                self._late_cond.notify_all()
        elif isinstance(msg, AgentError):
            self.errors.append(msg)
            log.warning("agent error: %s", msg.message)
        elif isinstance(msg, Unknown) and msg.type not in self._unknown_seen:
            self._unknown_seen.add(msg.type)
            log.info("ignoring unknown agent message type %r", msg.type)

    def _add_missing(self, items: Sequence[MissingHook]) -> None:
        known = {(m.class_name, m.method) for m in self.missing}
        self.missing.extend(m for m in items if (m.class_name, m.method) not in known)

    def _on_detached(self, reason: Any, crash: Any = None) -> None:
        self._queue_end(str(reason), _crash_info(crash))

    def _queue_end(self, reason: str, crash: CrashInfo | None) -> None:
        with self._lock:
            if self._end_queued:
                return
            self._end_queued = True
        self._queue.put(("end", reason, crash))

    # -- worker thread ---------------------------------------------------------------------------

    def _barrier(self, timeout: float) -> None:
        if self._worker is None or not self._worker.is_alive():
            return
        done = threading.Event()
        self._queue.put(("barrier", done))
        if not done.wait(timeout):
            raise ControlTimeout(f"events not delivered within {timeout:g} s")

    def _deliver(self) -> None:
        while True:
            item = self._queue.get()
            kind = item[0]
            if kind == "events":
                events: tuple[Event, ...] = item[1]
                self.events_received += len(events)
                self.batches_received += 1
                try:
                    self._on_events(list(events))
                except Exception:  # a consumer bug must not stop delivery
                    self.callback_errors += 1
                    log.exception("on_events failed")
            elif kind == "barrier":
                item[1].set()
            elif kind == "end":
                self.end_reason, self.crash = item[1], item[2]
                self._ready_event.set()
                try:
                    if self._on_end is not None:
                        self._on_end(self.end_reason, self.crash)
                except Exception:
                    self.callback_errors += 1
                    log.exception("on_end failed")
                finally:
                    self._ended.set()
                self._drain_barriers()
                return

    def _drain_barriers(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item[0] == "barrier":
                item[1].set()
