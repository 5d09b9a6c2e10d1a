"""One Frida session on one app process: attach -> load agent -> init(catalog) -> agent:ready,
events delivered in batches to a callback, and the end (detach, crash, kill) reported once, after
everything already received has been delivered (see delivery.py).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import frida

from monitor.errors import ControlTimeout, InstrumentationError
from monitor.instrument.agent import create_agent_script
from monitor.instrument.bounded import bounded
from monitor.instrument.delivery import CrashInfo, Delivery, EndCallback, EventsCallback, crash_info
from monitor.instrument.protocol import (
    FRAMEWORK_PREFIXES,
    AgentError,
    EventsBatch,
    LateHook,
    MissingHook,
    NetMessage,
    ReadyInfo,
    Unknown,
    parse_message,
)

log = logging.getLogger(__name__)
ATTACH_ATTEMPTS = 3
_FRIDA_ERRORS = (frida.InvalidOperationError, frida.TransportError, frida.RPCException, frida.ProcessNotRespondingError)

__all__ = ["CrashInfo", "InstrumentationSession"]


class _AgentCatalog(Protocol):
    def to_agent_json(self) -> list[dict[str, Any]]: ...


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _env_options() -> dict[str, Any]:
    """Agent options the environment sets: ``PIMON_ASYNC_WALK=0`` turns AsyncGetCallTrace off (hooks/src/jvmti.ts),
    should a JVM misbehave in it; HotSpot stacks are then walked by JVMTI's GetStackTrace alone."""
    return {"asgct": False} if os.environ.get("PIMON_ASYNC_WALK", "").strip() == "0" else {}


class InstrumentationSession:
    """``InstrumentationSession(frida_device, catalog, on_events, on_end)``; then ``attach(pid)``,
    ``load(timeout)`` -> :class:`ReadyInfo`, ``flush()``, ``stats()``, ``close()``.

    ``catalog`` is a :class:`monitor.catalog.Catalog` (anything with ``to_agent_json()``) or the
    list of agent entries itself. ``on_events(list[Event])`` is called with each batch;
    ``on_end(reason, crash)`` once, with Frida's detach reason (``process-terminated``,
    ``application-requested``, ``connection-terminated``, ``device-lost`` …). ``options`` go to the
    agent's ``init`` (``frameworkPrefixes``, ``flushIntervalMs``, ``batchSize``, ``maxFrames``,
    ``native``, ``jvmti``, ``asgct``, ``lateClasses``, ``net``, ``tls``, ``unpin``, ``blockQuic``; ``asgct`` is
    false when the environment sets ``PIMON_ASYNC_WALK=0``: HotSpot stacks walked by JVMTI alone); ``runtime`` is
    Frida's script runtime (``qjs``/``v8``). ``on_net(NetMessage)`` receives the in-process traffic
    source's messages on Frida's thread, in order (keep it quick: :mod:`monitor.traffic.inprocess`
    only appends); they arrive before the reply of a later ``flush()``.
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
        on_net: Callable[[NetMessage], None] | None = None,
    ) -> None:
        self._device = frida_device
        self._catalog = catalog
        self._on_events = on_events
        self._on_end = on_end
        self._on_net = on_net
        self._options = {"frameworkPrefixes": list(FRAMEWORK_PREFIXES), **_env_options(), **(options or {})}
        self._runtime = runtime
        self._session: Any = None
        self._script: Any = None
        self._delivery: Delivery | None = None
        self._ready_event = threading.Event()
        self._late_cond = threading.Condition()
        self._unknown_seen: set[str] = set()
        self.pid: int | None = None
        self.ready: ReadyInfo | None = None
        self.missing: list[MissingHook] = []
        self.late_hooks: list[LateHook] = []
        self.errors: list[AgentError] = []
        self.malformed_events = 0
        self.attach_retries = 0  # attaches frida gave up on ("timed out trying to sync up with agent") and redid

    # -- lifecycle -------------------------------------------------------------------------------

    def attach(self, target: int | str) -> None:
        """Attach to a process (gated or already running) by pid or name."""
        if self._session is not None:
            raise InstrumentationError("session already attached")
        try:
            self._session = self._attach_retrying(target)
        except frida.ProcessNotFoundError as exc:
            raise InstrumentationError(f"cannot attach to {target}: process not found") from exc
        except frida.PermissionDeniedError as exc:
            raise InstrumentationError(f"cannot attach to {target}: permission denied") from exc
        except (frida.TransportError, frida.NotSupportedError, frida.InvalidOperationError,
                frida.ProcessNotRespondingError) as exc:  # not responding: frida's own attach timeout, under load
            raise InstrumentationError(f"cannot attach to {target}: {_first_line(exc)}") from exc
        self.pid = target if isinstance(target, int) else None
        self._delivery = Delivery(self._on_events, self._ended_callback)
        self._session.on("detached", self._on_detached)

    def _attach_retrying(self, target: int | str) -> Any:
        """frida's attach, tried again when frida timed out syncing up with its freshly injected agent: that
        bootstrap has a fixed deadline which a loaded machine (or a slow phone) misses now and then, and the
        process — gated, or simply running — is still there to attach to (the usual remedy of Frida tools)."""
        for attempt in range(ATTACH_ATTEMPTS):
            try:
                return self._device.attach(target)
            except frida.ProcessNotRespondingError as exc:
                if attempt + 1 == ATTACH_ATTEMPTS:
                    raise
                self.attach_retries += 1
                log.warning("attach to %s: %s; attaching again (%d/%d)", target, _first_line(exc), attempt + 2,
                            ATTACH_ATTEMPTS)
        raise AssertionError("unreachable")

    def load(self, timeout: float = 10.0) -> ReadyInfo:
        """Load the agent, install the catalog's hooks and wait for ``agent:ready``."""
        if self._session is None:
            raise InstrumentationError("load() before attach()")
        try:
            self._script = create_agent_script(self._device, self._session, self._runtime)
            self._script.on("message", self._on_message)
            self._script.load()
        except (frida.InvalidOperationError, frida.TransportError, frida.InvalidArgumentError) as exc:
            raise InstrumentationError(f"cannot load the agent: {_first_line(exc)}") from exc
        catalog = self._catalog
        entries = catalog.to_agent_json() if hasattr(catalog, "to_agent_json") else list(catalog)
        outcome: dict[str, Exception] = {}

        def call_init() -> None:
            try:
                self._script.exports_sync.init(entries, self._options)
            except Exception as exc:  # noqa: BLE001 (any failure is the caller's, reported below)
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
        """Make the agent send what it has queued and wait until it has been delivered to on_events.
        ControlTimeout if the agent does not answer within ``timeout`` s (its process held or hung)."""
        if self._script is not None and not self.ended:
            try:
                bounded(self._script.exports_sync.flush, timeout, "flush")
            except _FRIDA_ERRORS as exc:
                log.debug("flush: agent unreachable: %s", exc)
        if self._delivery is not None:
            self._delivery.barrier(timeout)

    def make_loader(self, path: str) -> str:
        """``pimon selftest`` (ART only): have the agent make a PathClassLoader over ``path`` in the process now;
        returns its class."""
        if self._script is None:
            raise InstrumentationError("make_loader: the agent is not loaded")
        return str(bounded(lambda: self._script.exports_sync.make_loader(path), 30.0, "make_loader"))

    def stats(self) -> dict[str, Any]:
        """The agent's counters (events, batches, queued, nested_skipped, stack_source …) and the host's."""
        d = self._delivery
        host = {
            "received": d.events_received if d else 0,
            "batches_received": d.batches_received if d else 0,
            "malformed": self.malformed_events,
        }
        if self._script is None or self.ended:
            return host
        try:
            return {**dict(bounded(self._script.exports_sync.stats, 10.0, "stats")), **host}
        except (*_FRIDA_ERRORS, ControlTimeout) as exc:
            raise InstrumentationError(f"agent stats unavailable: {_first_line(exc)}") from exc

    def close(self, timeout: float = 5.0) -> None:
        """Flush, unload and detach (on_end gets ``application-requested`` if the process still ran)."""
        if self._session is None or self._delivery is None:
            return
        if not self.ended:
            try:
                self.flush(timeout)
            except ControlTimeout:
                log.warning("close: flush timed out")
            for name, step in (("unload", self._script.unload if self._script is not None else None),
                               ("detach", self._session.detach)):
                try:
                    if step is not None:
                        bounded(step, timeout, name)
                except (frida.InvalidOperationError, frida.TransportError):
                    pass
                except ControlTimeout as exc:  # its process is held or hung: the caller kills it
                    log.warning("close: %s", exc)
            self._delivery.end("application-requested", None)
        self._delivery.join(timeout)

    def wait_late_hook(self, class_name: str, timeout: float = 10.0) -> bool:
        """Wait until a class missing at ready (an app/SDK class) has been hooked after its loading."""
        with self._late_cond:
            return self._late_cond.wait_for(lambda: any(h.class_name == class_name for h in self.late_hooks), timeout)

    def wait_ended(self, timeout: float | None = None) -> bool:
        """Wait until the end has been delivered (on_end called); True if it has."""
        return self._delivery.ended.wait(timeout) if self._delivery else False

    @property
    def ended(self) -> bool:
        return self._delivery is not None and self._delivery.ended.is_set()

    @property
    def end_reason(self) -> str | None:
        return self._delivery.end_reason if self._delivery else None

    @property
    def crash(self) -> CrashInfo | None:
        return self._delivery.crash if self._delivery else None

    @property
    def events_received(self) -> int:
        return self._delivery.events_received if self._delivery else 0

    def __enter__(self) -> InstrumentationSession:  # noqa: PYI034 (a final class in practice)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- Frida's thread --------------------------------------------------------------------------

    def _on_message(self, message: dict[str, Any], data: Any) -> None:
        msg = parse_message(message, data)
        if isinstance(msg, NetMessage):
            if self._on_net is not None:
                try:
                    self._on_net(msg)
                except Exception:  # a consumer bug must not break Frida's thread
                    log.exception("on_net failed")
        elif isinstance(msg, EventsBatch):
            self.malformed_events += msg.malformed
            if msg.events and self._delivery is not None:
                self._delivery.events(msg.events)
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
        if self._delivery is not None:
            self._delivery.end(str(reason), crash_info(crash))

    def _ended_callback(self, reason: str, crash: CrashInfo | None) -> None:
        self._ready_event.set()  # a load() still waiting learns the process is gone
        if self._on_end is not None:
            self._on_end(reason, crash)
