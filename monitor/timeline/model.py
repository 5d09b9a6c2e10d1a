"""Plain, immutable records of one run, as the timeline and the rules see them (no database types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PHASES = ("unknown", "pre-consent", "consented", "refused", "withdrawn")


@dataclass(frozen=True)
class Frame:
    cls: str
    method: str = ""
    file: str | None = None
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"class": self.cls, "method": self.method, "file": self.file, "line": self.line}

    @classmethod
    def of(cls, raw: Any) -> Frame:
        if isinstance(raw, Frame):
            return raw
        if isinstance(raw, dict):
            line = raw.get("line")
            return cls(
                str(raw.get("class") or raw.get("cls") or ""),
                str(raw.get("method") or ""),
                raw.get("file"),
                int(line) if isinstance(line, int) or (isinstance(line, str) and line.isdigit()) else None,
            )
        return cls(
            str(getattr(raw, "cls", None) or getattr(raw, "class_", None) or getattr(raw, "class_name", None)
                or getattr(raw, "klass", "")),
            str(getattr(raw, "method", "")),
            getattr(raw, "file", None),
            getattr(raw, "line", None),
        )


@dataclass(frozen=True)
class Call:
    """One event of a catalog API (architecture §2). ``caller`` is the attributed caller, if known."""

    ts: int
    api: str
    category: str = "-"
    cls: str = ""
    method: str = ""
    overload: str | None = None
    pi: str | None = None
    sensitive: bool = True
    args: tuple[str, ...] = ()
    ret: str | None = None
    thread: str | None = None
    stack: tuple[Frame, ...] = ()
    seq: int = 0
    caller: str | None = None
    id: int | None = None
    count: int = 1  # > 1: an aggregate of repeats (monitor/timeline/repeats.py)
    times: tuple[tuple[int, int], ...] | None = None  # an aggregate's calls: ((ts, n), ...), ascending
    exception: str | None = None  # what the API threw (the app got the exception, not a value)

    @property
    def last_ts(self) -> int:
        """The time of the last call this record stands for (its ``ts`` unless it is an aggregate)."""
        return self.times[-1][0] if self.times else self.ts

    def moments(self) -> tuple[tuple[int, int], ...]:
        """``(ts, n)``: n calls at millisecond ts, for every call this record stands for."""
        return self.times or ((self.ts, self.count),)


@dataclass(frozen=True)
class ConsentTransition:
    ts: int
    from_state: str
    to_state: str
    ui_action_id: int | None = None
    source: str = "scenario"  # scenario | manual | derived | app | device (monitor/timeline/consent_times.py)
    id: int | None = None


@dataclass(frozen=True)
class Lifecycle:
    """kind: foreground | background | process-start | process-exit | restart | component-start |
    permission-request | permission-result. ``data`` as documented in architecture §4."""

    ts: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True)
class UiAction:
    ts: int
    kind: str
    target: dict[str, Any] = field(default_factory=dict)
    evidence: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Dialog:
    ts: int
    kind: str  # consent | permission
    preselected: bool = False
    evidence: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Mark:
    ts: int
    note: str
    id: int | None = None


@dataclass(frozen=True)
class Segment:
    """A stretch of time [start, end) in one state; ``end`` is None for "until the end of the run"."""

    state: str
    start: int
    end: int | None
    transition: ConsentTransition | None = None


@dataclass(frozen=True)
class NetFlow:
    """One HTTP(S) request the proxy saw (architecture §9), as the rules see it: no bodies.

    ``matches`` are the PI matches found in the request, as dicts with ``kind``, ``value_id``,
    ``encoding``, ``location``, ``layers`` (never the raw value unless the user asked for it);
    ``caller`` is the flow's attribution (``sdk:<id>``) or None when unknown."""

    ts: int
    host: str
    scheme: str = "https"
    method: str = "GET"
    port: int = 443
    path: str = "/"
    tls: bool = True
    caller: str | None = None
    matches: tuple[dict[str, Any], ...] = ()
    flow_id: str = ""
    offline: bool = False
    id: int | None = None
    source: str = "proxy"  # "proxy" | "in-process" (the agent's TLS taps)
    attributed_by: str | None = None  # "stack" (the sender's code) | "host" (no stack known) | None

    @property
    def cleartext(self) -> bool:
        return not self.tls and self.scheme == "http"
