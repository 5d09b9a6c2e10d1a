"""The ``flows`` table: the proxy's FlowRecords of a run, with the PI matches found in each.

    from monitor.store.flows import add_flows, get_flows
    add_flows(store, run_id, [(record, matches, caller), ...])   # -> number stored
    get_flows(store, run_id) -> list[Flow]                       # ordered by ts

``matches`` are :class:`monitor.traffic.matcher.Match` objects or dicts of the same fields (the
raw value is stored only when the match carries it, i.e. the user asked); ``caller`` is the
attribution of the flow (``sdk:<id>``, ``app``, or None when unknown).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Index, Integer, LargeBinary, String, Text, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from monitor.store.clean import clean, clean_tree, frame_dict
from monitor.store.schema import Base, Id, _run_fk


class Flow(Base):
    """One HTTP(S) exchange seen by the proxy during a run."""

    __tablename__ = "flows"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(Id, _run_fk())
    flow_id: Mapped[str] = mapped_column(String(64))
    ts: Mapped[int] = mapped_column(BigInteger)  # request start, epoch ms
    request_done_ms: Mapped[int | None] = mapped_column(BigInteger)
    response_ms: Mapped[int | None] = mapped_column(BigInteger)
    ended_ms: Mapped[int | None] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(16))
    scheme: Mapped[str] = mapped_column(String(8))
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    http_version: Mapped[str] = mapped_column(String(16))
    request_headers: Mapped[list[Any]] = mapped_column(JSON)
    request_body: Mapped[bytes] = mapped_column(LargeBinary)
    request_body_size: Mapped[int] = mapped_column(BigInteger)
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[list[Any]] = mapped_column(JSON)
    response_body: Mapped[bytes] = mapped_column(LargeBinary)
    response_body_size: Mapped[int] = mapped_column(BigInteger)
    tls: Mapped[bool] = mapped_column(Boolean)
    tls_version: Mapped[str | None] = mapped_column(String(16))
    sni: Mapped[str | None] = mapped_column(String(255))
    server_address: Mapped[str] = mapped_column(String(300))
    server_ip: Mapped[str | None] = mapped_column(String(64))
    client_address: Mapped[str] = mapped_column(String(64))
    offline: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text)
    caller: Mapped[str | None] = mapped_column(String(255))
    matches: Mapped[list[Any]] = mapped_column(JSON)
    # The source that saw it ("proxy" | "in-process"), how its caller was decided ("stack": the code
    # that sent it; "host": the SDK database's host table, no stack known; None: neither), the sender's
    # stack (frame dicts), thread and process, and the TLS library tapped (in-process).
    source: Mapped[str] = mapped_column(String(16), default="proxy", server_default="proxy")
    attributed_by: Mapped[str | None] = mapped_column(String(16))
    stack: Mapped[list[Any] | None] = mapped_column(JSON)
    thread: Mapped[str | None] = mapped_column(String(255))
    process: Mapped[str | None] = mapped_column(String(255))
    tap: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_flows_run_ts", "run_id", "ts"),
        Index("ix_flows_run_host", "run_id", "host"),
    )


class Destination(Base):
    """A place the app reached (``connect``) or looked up (``dns``), readable payload or not (agent hooks)."""

    __tablename__ = "destinations"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(Id, _run_fk())
    ts: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # connect | dns
    host: Mapped[str | None] = mapped_column(String(255))
    ip: Mapped[str | None] = mapped_column(String(64))
    port: Mapped[int | None] = mapped_column(Integer)
    transport: Mapped[str] = mapped_column(String(8))
    process: Mapped[str | None] = mapped_column(String(255))
    local: Mapped[str | None] = mapped_column(String(100))
    result: Mapped[int | None] = mapped_column(Integer)
    blocked: Mapped[str | None] = mapped_column(String(16))
    addresses: Mapped[list[Any] | None] = mapped_column(JSON)
    api: Mapped[str | None] = mapped_column(String(255))
    thread: Mapped[str | None] = mapped_column(String(255))
    stack: Mapped[list[Any] | None] = mapped_column(JSON)
    caller: Mapped[str | None] = mapped_column(String(255))
    attributed_by: Mapped[str | None] = mapped_column(String(16))
    flows: Mapped[int] = mapped_column(Integer, default=0)  # flows recorded over it (0: nothing readable)

    __table_args__ = (Index("ix_destinations_run_ts", "run_id", "ts"),)


def _match_dict(m: Any) -> dict[str, Any]:
    d = dataclasses.asdict(m) if dataclasses.is_dataclass(m) else dict(m)
    if d.get("value") is None:
        d.pop("value", None)
    d["layers"] = list(d.get("layers") or ())
    return clean_tree(d, 4096)


def flow_row(run_id: int, record: Any, matches: Sequence[Any] = (), caller: str | None = None,
             attributed_by: str | None = None) -> dict[str, Any]:
    """The ``flows`` row of a :class:`monitor.traffic.flow.FlowRecord` (strings cleaned and bounded)."""
    r = record
    opt = lambda v, n: None if v is None else clean(v, n)
    return {
        "run_id": run_id, "flow_id": clean(r.id, 64), "ts": r.started_ms,
        "request_done_ms": r.request_done_ms, "response_ms": r.response_ms, "ended_ms": r.ended_ms,
        "method": clean(r.method, 16), "scheme": clean(r.scheme, 8), "host": clean(r.host, 255), "port": r.port,
        "path": clean(r.path, 65536), "url": clean(r.url, 65536), "http_version": clean(r.http_version, 16),
        "request_headers": clean_tree([list(h) for h in r.request_headers], 65536),
        "request_body": bytes(r.request_body), "request_body_size": r.request_body_size,
        "status_code": r.status_code,
        "response_headers": clean_tree([list(h) for h in r.response_headers], 65536),
        "response_body": bytes(r.response_body), "response_body_size": r.response_body_size,
        "tls": bool(r.tls), "tls_version": opt(r.tls_version, 16), "sni": opt(r.sni, 255),
        "server_address": clean(r.server_address, 300), "server_ip": opt(r.server_ip, 64),
        "client_address": clean(r.client_address, 64), "offline": bool(r.offline), "error": opt(r.error, 4096),
        "caller": opt(caller, 255), "matches": [_match_dict(m) for m in matches],
        "source": clean(getattr(r, "source", "proxy") or "proxy", 16), "attributed_by": opt(attributed_by, 16),
        "stack": [frame_dict(f) for f in getattr(r, "stack", ())[:32]] or None,
        "thread": opt(getattr(r, "thread", None) or None, 255), "process": opt(getattr(r, "process", None) or None, 255),
        "tap": opt(getattr(r, "tap", None) or None, 64),
    }  # fmt: skip


def add_flows(store: Any, run_id: int, items: Iterable[tuple[Any, ...]]) -> int:
    """Store ``(record, matches, caller[, attributed_by])`` tuples in one transaction; returns how many."""
    rows = [flow_row(run_id, *item) for item in items]
    red = (getattr(store, "redactors", None) or {}).get(run_id)
    if red is not None:  # --redact: URL, headers and bodies stored with the identifiers replaced
        rows = [{k: (v if k in ("run_id", "matches") else red.tree(v)) for k, v in row.items()} for row in rows]
    if rows:
        with Session(store.engine) as s, s.begin():
            s.execute(insert(Flow), rows)
    return len(rows)


def destination_row(run_id: int, d: Any, caller: str | None = None, attributed_by: str | None = None,
                    flows: int = 0) -> dict[str, Any]:
    """The ``destinations`` row of a :class:`monitor.traffic.inprocess.Destination`."""
    opt = lambda v, n: None if v is None else clean(v, n)
    return {
        "run_id": run_id, "ts": d.ts, "kind": clean(d.kind, 16), "host": opt(d.host, 255), "ip": opt(d.ip, 64),
        "port": d.port, "transport": clean(d.transport or "", 8), "process": opt(d.process or None, 255),
        "local": opt(d.local, 100), "result": d.result, "blocked": opt(d.blocked, 16),
        "addresses": [clean(a, 64) for a in d.addresses] or None, "api": opt(d.api or None, 255),
        "thread": opt(d.thread or None, 255), "stack": [frame_dict(f) for f in d.stack[:32]] or None,
        "caller": opt(caller, 255), "attributed_by": opt(attributed_by, 16), "flows": flows,
    }  # fmt: skip


def add_destinations(store: Any, run_id: int, items: Iterable[tuple[Any, str | None, str | None, int]]) -> int:
    """Store ``(destination, caller, attributed_by, flows)`` tuples; returns how many."""
    rows = [destination_row(run_id, *item) for item in items]
    if rows:
        with Session(store.engine) as s, s.begin():
            s.execute(insert(Destination), rows)
    return len(rows)


def get_destinations(store: Any, run_id: int) -> list[Destination]:
    with Session(store.engine, expire_on_commit=False) as s:
        q = select(Destination).where(Destination.run_id == run_id).order_by(Destination.ts, Destination.id)
        return list(s.scalars(q))


def get_flows(store: Any, run_id: int) -> list[Flow]:
    with Session(store.engine, expire_on_commit=False) as s:
        return list(s.scalars(select(Flow).where(Flow.run_id == run_id).order_by(Flow.ts, Flow.id)))
