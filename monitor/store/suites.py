"""Suite runs: one execution of a suite file, locally or through the queue (``monitor/fleet``).

    sid = create_suite_run(store, "demo", source="scenarios/demo.suite.yaml", key=None)
    store.create_run(..., suite_run_id=sid)
    finish_suite_run(store, sid, "completed")
    list_suite_runs(store, name="demo")      # newest first
    previous_suite_run(store, sid)          # the run of the same suite before this one, or None

``key`` is unique: creating a suite run with a key that exists returns the existing row's id (a suite
re-submitted to the queue with the same key is the same suite run, not a second one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.store import schema as S
from monitor.store.clean import clean, clean_tree
from monitor.store.store import Store, now_ms


@dataclass(frozen=True)
class SuiteRunInfo:
    id: int
    name: str
    source: str | None
    key: str | None
    started_ms: int
    ended_ms: int | None
    status: str
    config: dict[str, Any] | None


def _info(r: S.SuiteRun) -> SuiteRunInfo:
    return SuiteRunInfo(r.id, r.name, r.source, r.key, r.started_ms, r.ended_ms, r.status, r.config)


def create_suite_run(store: Store, name: str, *, source: str | None = None, key: str | None = None,
                     config: dict[str, Any] | None = None, started_ms: int | None = None) -> int:
    if key is not None:
        got = suite_run_by_key(store, key)
        if got is not None:
            return got.id
    row = S.SuiteRun(name=clean(name, 255), source=None if source is None else clean(source, 4096),
                     key=None if key is None else clean(key, 128), status="running",
                     started_ms=started_ms if started_ms is not None else now_ms(),
                     config=clean_tree(config) if config is not None else None)
    try:
        with store._lock, Session(store.engine) as s, s.begin():
            s.add(row)
            s.flush()
            return int(row.id)
    except IntegrityError:  # another process created the same key just now
        got = suite_run_by_key(store, key) if key is not None else None
        if got is None:
            raise
        return got.id


def suite_run_by_key(store: Store, key: str) -> SuiteRunInfo | None:
    with Session(store.engine) as s:
        r = s.scalar(select(S.SuiteRun).where(S.SuiteRun.key == key))
        return _info(r) if r is not None else None


def get_suite_run(store: Store, suite_run_id: int) -> SuiteRunInfo:
    """KeyError when there is none."""
    with Session(store.engine) as s:
        r = s.get(S.SuiteRun, suite_run_id)
        if r is None:
            raise KeyError(f"no suite run {suite_run_id}")
        return _info(r)


def finish_suite_run(store: Store, suite_run_id: int, status: str, *, ended_ms: int | None = None) -> None:
    if status not in S.SUITE_RUN_STATUSES:
        raise ValueError(f"unknown suite run status {status!r} (one of {', '.join(S.SUITE_RUN_STATUSES)})")
    with store._lock, Session(store.engine) as s, s.begin():
        r = s.get(S.SuiteRun, suite_run_id)
        if r is None:
            raise KeyError(f"no suite run {suite_run_id}")
        r.status = status
        r.ended_ms = ended_ms if ended_ms is not None else now_ms()


def list_suite_runs(store: Store, *, name: str | None = None, limit: int | None = 100) -> list[SuiteRunInfo]:
    """Newest first."""
    q = select(S.SuiteRun).order_by(S.SuiteRun.started_ms.desc(), S.SuiteRun.id.desc())
    if name is not None:
        q = q.where(S.SuiteRun.name == name)
    if limit:
        q = q.limit(limit)
    with Session(store.engine) as s:
        return [_info(r) for r in s.scalars(q)]


def previous_suite_run(store: Store, suite_run_id: int) -> SuiteRunInfo | None:
    """The latest earlier run of the same suite (by start time, then id), or None."""
    me = get_suite_run(store, suite_run_id)
    q = (select(S.SuiteRun).where(S.SuiteRun.name == me.name, S.SuiteRun.id != me.id)
         .where((S.SuiteRun.started_ms < me.started_ms)
                | ((S.SuiteRun.started_ms == me.started_ms) & (S.SuiteRun.id < me.id)))
         .order_by(S.SuiteRun.started_ms.desc(), S.SuiteRun.id.desc()).limit(1))
    with Session(store.engine) as s:
        r = s.scalar(q)
        return _info(r) if r is not None else None
