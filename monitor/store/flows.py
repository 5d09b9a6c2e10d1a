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

from monitor.store.clean import clean, clean_tree
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

    __table_args__ = (
        Index("ix_flows_run_ts", "run_id", "ts"),
        Index("ix_flows_run_host", "run_id", "host"),
    )


def _match_dict(m: Any) -> dict[str, Any]:
    d = dataclasses.asdict(m) if dataclasses.is_dataclass(m) else dict(m)
    if d.get("value") is None:
        d.pop("value", None)
    d["layers"] = list(d.get("layers") or ())
    return clean_tree(d, 4096)


def flow_row(run_id: int, record: Any, matches: Sequence[Any] = (), caller: str | None = None) -> dict[str, Any]:
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
    }  # fmt: skip


def add_flows(store: Any, run_id: int, items: Iterable[tuple[Any, Sequence[Any], str | None]]) -> int:
    """Store ``(record, matches, caller)`` triples in one transaction; returns how many."""
    rows = [flow_row(run_id, rec, matches, caller) for rec, matches, caller in items]
    red = (getattr(store, "redactors", None) or {}).get(run_id)
    if red is not None:  # --redact: URL, headers and bodies stored with the identifiers replaced
        rows = [{k: (v if k in ("run_id", "matches") else red.tree(v)) for k, v in row.items()} for row in rows]
    if rows:
        with Session(store.engine) as s, s.begin():
            s.execute(insert(Flow), rows)
    return len(rows)


def get_flows(store: Any, run_id: int) -> list[Flow]:
    with Session(store.engine, expire_on_commit=False) as s:
        return list(s.scalars(select(Flow).where(Flow.run_id == run_id).order_by(Flow.ts, Flow.id)))
