"""Typed mirror of the agent's messages (docs/architecture.md §2; hooks/src/protocol.ts).

``parse_message`` turns one Frida message into a typed structure. It never raises on odd input:
unknown types become :class:`Unknown`, malformed events are dropped and counted by the caller.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

PROTOCOL_VERSION = 1
MAX_VALUE = 512
MAX_FRAMES = 32


@dataclass(frozen=True, slots=True)
class Frame:
    """One Java stack frame (or, for a native event off a Java thread, a native one)."""

    class_name: str
    method: str
    file: str | None = None
    line: int | None = None  # -2: native method; None: unknown

    @property
    def qualified(self) -> str:
        return f"{self.class_name}.{self.method}"


@dataclass(frozen=True, slots=True)
class Event:
    """One recorded call of a catalog API."""

    seq: int
    api: str
    class_name: str
    method: str
    overload: str
    category: str
    pi: str | None
    sensitive: bool
    args: tuple[str, ...]
    ret: str | None
    ts: int  # device clock, epoch ms
    thread: str
    stack: tuple[Frame, ...]
    exception: str | None = None  # set when the API threw (the exception still reached the app)
    stack_kind: str = "java"  # "java" | "native"
    # an aggregate of repeats (hooks/src/aggregate.ts): the calls' times as ((ts, n), ...); None = one call
    times: tuple[tuple[int, int], ...] | None = None

    @property
    def count(self) -> int:
        return sum(n for _, n in self.times) if self.times else 1


@dataclass(frozen=True, slots=True)
class MissingHook:
    class_name: str
    method: str
    reason: str


@dataclass(frozen=True, slots=True)
class LateHook:
    """A catalog class that was not loaded at init, hooked when an app class loader loaded it."""

    class_name: str
    method: str


@dataclass(frozen=True, slots=True)
class ReadyInfo:
    hooks: int
    missing: tuple[MissingHook, ...]
    runtime: str  # "art" | "jvm" | "none"


@dataclass(frozen=True, slots=True)
class EventsBatch:
    events: tuple[Event, ...]
    malformed: int = 0


@dataclass(frozen=True, slots=True)
class AgentError:
    message: str
    stack: str = ""


@dataclass(frozen=True, slots=True)
class Unknown:
    type: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NetMessage:
    """A message of the in-process traffic source (``net:connect``, ``net:dns``, ``net:tls``,
    ``net:status``, ``net:unpinned``, ``net:tap``): its payload as sent, the stack parsed into frames,
    and the binary ``data`` (TLS plaintext) when there is one. Parsed further by
    :mod:`monitor.traffic.inprocess`."""

    type: str
    payload: dict[str, Any]
    stack: tuple[Frame, ...] = ()
    data: bytes | None = None


Message = ReadyInfo | EventsBatch | MissingHook | LateHook | AgentError | NetMessage | Unknown


def _s(value: Any, limit: int = MAX_VALUE) -> str:
    text = value if type(value) is str else str(value)
    return text if len(text) <= limit else text[:limit]


def _opt_s(value: Any, limit: int = MAX_VALUE) -> str | None:
    return None if value is None else _s(value, limit)


def _opt_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


_FRAMES: dict[tuple[Any, ...], Frame] = {}
_FRAMES_MAX = 100_000


def parse_frame(raw: dict[str, Any]) -> Frame:
    """A frame dict as a (shared, immutable) Frame: hot loops repeat the same frames."""
    key = (raw.get("class"), raw.get("method"), raw.get("file"), raw.get("line"))
    try:
        return _FRAMES[key]
    except KeyError:
        pass
    except TypeError:  # unhashable junk
        key = ()
    frame = Frame(
        class_name=_s(raw.get("class", "?"), 1024),
        method=_s(raw.get("method", "?"), 1024),
        file=_opt_s(raw.get("file"), 1024),
        line=_opt_int(raw.get("line")),
    )
    if key:
        if len(_FRAMES) >= _FRAMES_MAX:
            _FRAMES.clear()
        _FRAMES[key] = frame
    return frame


def parse_wire_frame(raw: Any) -> Frame:
    """An entry of a batch's frame table: ``[class, method, file, line]``."""
    if isinstance(raw, dict):
        return parse_frame(raw)
    cls, method, file, line = raw
    return parse_frame({"class": cls, "method": method, "file": file, "line": line})


def _stack(raw: Any, table: list[Frame]) -> tuple[Frame, ...]:
    out = []
    for item in (raw or [])[:MAX_FRAMES]:
        if type(item) is int:
            out.append(table[item])  # IndexError: malformed
        elif isinstance(item, dict):
            out.append(parse_frame(item))
    return tuple(out)


def parse_event(raw: dict[str, Any], frames: list[Frame] | None = None) -> Event:
    """One event of an ``events:add`` message (its stack: indices into the batch's frame table, or
    frame objects); KeyError/TypeError/ValueError/IndexError if malformed."""
    return Event(
        seq=int(raw["seq"]),
        api=_s(raw["api"], 1024),
        class_name=_s(raw.get("class", ""), 1024),
        method=_s(raw.get("method", ""), 1024),
        overload=_s(raw.get("overload", ""), 2048),
        category=_s(raw.get("category", ""), 64),
        pi=_opt_s(raw.get("pi"), 64),
        sensitive=bool(raw.get("sensitive", False)),
        args=tuple(_s(a) for a in (raw.get("args") or [])),
        ret=_opt_s(raw.get("ret")),
        ts=int(raw["ts"]),
        thread=_s(raw.get("thread", ""), 256),
        stack=_stack(raw.get("stack"), frames or []),
        exception=_opt_s(raw.get("exception")),
        stack_kind=_s(raw.get("stack_kind", "java"), 16),
        times=_times(raw.get("times")),
    )


class SortedTimes(tuple):  # type: ignore[type-arg]
    """An aggregate's times as :func:`monitor.timeline.repeats.norm_times` makes them — ``(ts, n)`` pairs of ints,
    ts strictly ascending, n >= 1 — so it takes them as they are. The agent sends them so (hooks/src/aggregate.ts
    sorts them): recognised here, where every pair is read anyway, not again for each row and aggregation."""

    __slots__ = ()


_TS = operator.itemgetter(0)


def _times(raw: Any) -> tuple[tuple[int, int], ...] | None:
    """An aggregate's ``times`` (``[[ts, n], …]``), bounded; None when absent; ValueError when malformed."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw or len(raw) > 100_000:
        raise ValueError("times")
    out = tuple((int(ts), int(n)) for ts, n in raw)
    if any(n < 1 for _, n in out):
        raise ValueError("times")
    ts = list(map(_TS, out))
    if all(map(operator.lt, ts, islice(ts, 1, None))):
        return SortedTimes(out)
    return out


def parse_missing(raw: dict[str, Any]) -> MissingHook:
    return MissingHook(_s(raw.get("class", "")), _s(raw.get("method", "")), _s(raw.get("reason", "")))


def parse_payload(payload: Any) -> Message:
    """A ``send()`` payload from the agent as a typed message."""
    if not isinstance(payload, dict):
        return Unknown(type="<not-an-object>", payload={"value": payload})
    kind = payload.get("type")
    if not isinstance(kind, str):
        return Unknown(type="<no-type>", payload=payload)
    if payload.get("v") != PROTOCOL_VERSION:
        return Unknown(type=kind, payload=payload)
    try:
        if kind == "events:add":
            events: list[Event] = []
            bad = 0
            frames: list[Frame] = []
            for raw in payload.get("frames") or []:
                try:
                    frames.append(parse_wire_frame(raw))
                except (TypeError, ValueError):
                    frames.append(Frame("?", "?"))
            for raw in payload.get("events") or []:
                try:
                    events.append(parse_event(raw, frames))
                except (KeyError, TypeError, ValueError, AttributeError, IndexError):
                    bad += 1
            return EventsBatch(tuple(events), bad)
        if kind == "agent:ready":
            return ReadyInfo(
                hooks=int(payload.get("hooks", 0)),
                missing=tuple(parse_missing(m) for m in payload.get("missing") or [] if isinstance(m, dict)),
                runtime=_s(payload.get("runtime", "unknown"), 16),
            )
        if kind == "hook:missing":
            return parse_missing(payload)
        if kind == "hook:installed":
            return LateHook(_s(payload.get("class", "")), _s(payload.get("method", "")))
        if kind.startswith("net:"):
            stack = tuple(parse_frame(f) for f in (payload.get("stack") or [])[:MAX_FRAMES] if isinstance(f, dict))
            return NetMessage(kind, payload, stack)
        if kind == "agent:error":
            return AgentError(_s(payload.get("message", ""), 4096), _s(payload.get("stack", ""), 16384))
    except (TypeError, ValueError, AttributeError):
        return Unknown(type=kind, payload=payload)
    return Unknown(type=kind, payload=payload)


def parse_message(message: dict[str, Any], data: Any = None) -> Message:
    """A Frida ``script.on("message")`` message: ``send`` payloads, or script errors as AgentError.
    ``data`` is the binary part of the message (TLS plaintext of ``net:tls``)."""
    if message.get("type") == "send":
        msg = parse_payload(message.get("payload"))
        if isinstance(msg, NetMessage) and data is not None:
            return NetMessage(msg.type, msg.payload, msg.stack, bytes(data))
        return msg
    if message.get("type") == "error":
        return AgentError(
            _s(message.get("description", "script error"), 4096), _s(message.get("stack", ""), 16384)
        )
    return Unknown(type=f"frida:{message.get('type')}", payload=message)


# Architecture §4: classes that are framework, not a caller. The agent uses them to recognise a
# hooked API called by another hooked API's implementation (not recorded twice).
FRAMEWORK_PREFIXES: tuple[str, ...] = (
    "android.", "androidx.", "java.", "javax.", "kotlin.", "dalvik.", "com.android.", "sun.", "jdk.",
    "com.pimon.emulator.",
)
