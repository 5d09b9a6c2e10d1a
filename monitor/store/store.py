"""The :class:`Store`: the only code that reads and writes pimon's database (API in ``monitor.store``)."""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from typing import Any, Self

from sqlalchemy import Engine, Text, cast, delete, func, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql import sqltypes

from monitor import __version__
from monitor.instrument.protocol import Event as AgentEvent
from monitor.rules.attribution import caller_of_classes
from monitor.rules.finding import Finding
from monitor.store import schema as S
from monitor.store.aggregate import Aggregator
from monitor.store.clean import clean, clean_tree, frame_dict, json_dumps, share_json
from monitor.timeline import (
    Call,
    ConsentTransition,
    Dialog,
    Frame,
    Lifecycle,
    Mark,
    NetFlow,
    Timeline,
    UiAction,
)
from monitor.timeline.repeats import norm_times, times_count

log = logging.getLogger(__name__)

MAX_ARGS, MAX_ARG, MAX_FRAMES, MAX_EVIDENCE = 32, 1024, 64, 1_000_000
#: Bounds of an event row's texts (characters): cleaned to them (_row), or stored as they are within them (_plain).
API_MAX, CLASS_MAX, METHOD_MAX, OVERLOAD_MAX, CATEGORY_MAX, PI_MAX, THREAD_MAX, CALLER_MAX = \
    512, 512, 255, 1024, 64, 64, 255, 255


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True)
class RunInfo:
    id: int
    app_package: str
    app_label: str | None
    device_kind: str
    device_serial: str | None
    scenario: str | None
    pimon_version: str
    started_ms: int
    ended_ms: int | None
    status: str
    status_reason: str | None
    config: dict[str, Any] | None
    events: int = 0
    findings: int = 0
    suite_run_id: int | None = None
    task_id: str | None = None


def _run_info(r: S.Run, events: int = 0, findings: int = 0) -> RunInfo:
    return RunInfo(r.id, r.app_package, r.app_label, r.device_kind, r.device_serial, r.scenario, r.pimon_version,
                   r.started_ms, r.ended_ms, r.status, r.status_reason, r.config, events, findings, r.suite_run_id,
                   r.task_id)


_CLASS_KEYS = ("class", "cls", "class_", "class_name", "klass")
_EVENT_KEYS = ("seq", "api", "method", "overload", "category", "pi", "sensitive", "args", "ret", "ts", "thread",
               "stack", "caller", "times", "exception")


def _mapping(raw: Any) -> Mapping[str, Any]:
    if isinstance(raw, Mapping):
        return raw
    names = _SLOTS.get(type(raw))
    if names is not None:  # the agent's events (monitor.instrument.protocol.Event): the hot path
        return {k: getattr(raw, k) for k in names}
    if hasattr(raw, "model_dump"):
        return raw.model_dump(by_alias=True)
    if dataclasses.is_dataclass(raw) and not isinstance(raw, type):
        names = _SLOTS[type(raw)] = tuple(f.name for f in dataclasses.fields(raw))
        return {k: getattr(raw, k) for k in names}
    return {k: getattr(raw, k) for k in (*_EVENT_KEYS, *_CLASS_KEYS) if hasattr(raw, k)}


#: Field names of the dataclass event types seen (the agent's Event): no dataclasses.fields() per row.
_SLOTS: dict[type, tuple[str, ...]] = {}

_STACKS: dict[tuple[int, ...], tuple[tuple[Any, ...], list[dict[str, Any]], tuple[str, ...]]] = {}
_STACKS_MAX = 8192


def _stack(raw: Any) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """A stored stack (frames as :func:`frame_dict` makes them) and its class names. The agent's stacks are tuples
    of shared, immutable frames (protocol.parse_frame) and a hot loop repeats one: each is made once, found by its
    frames' identities (the entry keeps them alive, so no id is reused while it is cached; shared, do not mutate)."""
    key = tuple(map(id, raw)) if type(raw) is tuple else None
    if key is not None:
        hit = _STACKS.get(key)
        if hit is not None:
            return hit[1], hit[2]
    frames = [frame_dict(f) for f in list(raw or ())[:MAX_FRAMES]]
    classes = tuple(f["class"] for f in frames)
    if key is not None:
        if len(_STACKS) >= _STACKS_MAX:
            _STACKS.clear()
        _STACKS[key] = (raw, frames, classes)
        share_json(frames)
    return frames, classes


def _event_row(run_id: int, raw: Any, app: str) -> dict[str, Any] | None:
    if type(raw) is AgentEvent:  # the agent's events: the hot path, read as they are (no mapping made of each)
        return _row(run_id, app, raw.api, raw.class_name or None, raw.method, raw.ts, raw.seq, raw.overload,
                    raw.category, raw.pi, raw.sensitive, raw.args, raw.ret, raw.thread, raw.stack, None, raw.times,
                    raw.exception)
    d = _mapping(raw)
    return _row(run_id, app, d.get("api"), next((d[k] for k in _CLASS_KEYS if d.get(k)), None), d.get("method"),
                d.get("ts"), d.get("seq"), d.get("overload"), d.get("category"), d.get("pi"), d.get("sensitive", True),
                d.get("args"), d.get("ret"), d.get("thread"), d.get("stack"), d.get("caller"), d.get("times"),
                d.get("exception"))


def _row(run_id: int, app: str, api: Any, cls: Any, method: Any, ts: Any, seq: Any, overload: Any, category: Any,
         pi: Any, sensitive: Any, args: Any, ret: Any, thread: Any, stack: Any, caller: Any,
         times: Any, exception: Any) -> dict[str, Any] | None:
    """The stored row of one event's fields (None: no api, or no numeric time)."""
    api = api or (f"{cls}.{method}" if cls and method else None)
    if not api or not isinstance(ts, (int, float)):
        return None
    if not cls or not method:
        cls, _, method = str(api).rpartition(".")
    stack, classes = _stack(stack)
    if args is not None:
        args = list(args)[:MAX_ARGS] if isinstance(args, (list, tuple)) else [args]
    category = category or "-"
    caller = caller or caller_of_classes(classes, app)
    times = norm_times(times)
    if not _plain(api, cls, method, overload, category, pi, ret, thread, caller, args, exception):
        api, cls, method, category, caller = clean(api, API_MAX), clean(cls, CLASS_MAX), \
            clean(method, METHOD_MAX), clean(category, CATEGORY_MAX), clean(caller, CALLER_MAX)
        overload = None if overload is None else clean(overload, OVERLOAD_MAX)
        pi = None if pi is None else clean(pi, PI_MAX)
        args = None if args is None else [clean(a, MAX_ARG) for a in args]
        ret = None if ret is None else clean(ret, MAX_ARG)
        thread = None if thread is None else clean(thread, THREAD_MAX)
        exception = None if exception is None else clean(exception, MAX_ARG)
    return {"run_id": run_id, "seq": int(seq or 0), "ts": int(ts), "api": api, "cls": cls, "method": method,
            "overload": overload, "category": category, "pi": pi, "sensitive": bool(sensitive), "args": args,
            "ret": ret, "thread": thread, "stack": stack, "caller": caller,
            # an aggregate the agent made (monitor/timeline/repeats.py): its calls' times, so its count
            "count": times_count(times) if times else None, "times": times, "exception": exception}


def _plain(api: Any, cls: Any, method: Any, overload: Any, category: Any, pi: Any, ret: Any, thread: Any,
           caller: Any, args: list[Any] | None, exception: Any) -> bool:
    """Whether an event's texts are stored as they are — what :func:`clean` returns unchanged: strings within their
    column's bound, ASCII, no NUL. One test of the row, the common case, instead of a :func:`clean` call per field;
    False: each field goes through :func:`clean`."""
    try:  # TypeError unless every one is a str (None: no value)
        joined = "".join((api, cls, method, category, caller, "" if overload is None else overload,
                          "" if pi is None else pi, "" if ret is None else ret, "" if thread is None else thread,
                          "" if exception is None else exception, *(args or ())))
    except TypeError:
        return False
    return (joined.isascii() and "\x00" not in joined and len(api) <= API_MAX and len(cls) <= CLASS_MAX
            and len(method) <= METHOD_MAX and len(category) <= CATEGORY_MAX and len(caller) <= CALLER_MAX
            and (overload is None or len(overload) <= OVERLOAD_MAX) and (pi is None or len(pi) <= PI_MAX)
            and (ret is None or len(ret) <= MAX_ARG) and (thread is None or len(thread) <= THREAD_MAX)
            and (exception is None or len(exception) <= MAX_ARG)
            and (not args or max(map(len, args)) <= MAX_ARG))


#: The events table's columns as the driver sees them (``class`` is the row's ``cls``), and which hold JSON.
_EVENT_COLUMNS = tuple(c.name for c in S.Event.__table__.columns if c.name != "id")
_EVENT_JSON = frozenset(c.name for c in S.Event.__table__.columns if isinstance(c.type, sqltypes.JSON))
_QUOTED = ", ".join('"' + c + '"' for c in _EVENT_COLUMNS)
_SQLITE_EVENT_INSERT = f"INSERT INTO events ({_QUOTED}) VALUES ({', '.join('?' * len(_EVENT_COLUMNS))})"


def _stored_count(count: int | None) -> int | None:
    """A row's ``count`` column: NULL for one call."""
    return count if count and count > 1 else None


def _event_params(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as the insert's parameters (fresh copies): ``class`` named as the column, ``count`` NULL for one call."""
    return [{**r, "class": r["cls"], "count": _stored_count(r.get("count"))} for r in rows]


def _sqlite_event_params(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """:func:`_event_params` of ``rows`` as sqlite3 tuples in :data:`_EVENT_COLUMNS` order, made straight from the
    rows (the hot path of a run's ingest), the JSON columns encoded as SQLAlchemy's JSON type encodes them through
    the engine's serialiser (``None`` -> ``'null'``; a shared stack's text once: clean.json_dumps)."""
    return [(r["run_id"], r["seq"], r["ts"], r["api"], r["cls"], r["method"], r["overload"], r["category"], r["pi"],
             r["sensitive"], _json_list(r["args"]), r["ret"], r["thread"], json_dumps(r["stack"]), r["caller"],
             _stored_count(r.get("count")),
             "null" if (t := r.get("times")) is None else _times_json(t), r.get("exception")) for r in rows]


if _EVENT_COLUMNS != ("run_id", "seq", "ts", "api", "class", "method", "overload", "category", "pi", "sensitive",
                      "args", "ret", "thread", "stack", "caller", "count", "times", "exception") \
        or _EVENT_JSON != {"args", "stack", "times"}:  # pragma: no cover
    raise ImportError(f"monitor.store: _sqlite_event_params does not write the events table's columns {_EVENT_COLUMNS}"
                      f" (JSON: {sorted(_EVENT_JSON)})")


# json.dumps's own output without its check for circular containers (a dict of every pair, a third of the cost of
# a long aggregate's times): times are pairs of ints.
_times_json = json.JSONEncoder(check_circular=False).encode


def _sqlite_executemany(conn: Any, params: list[tuple[Any, ...]]) -> None:
    """The events' INSERT on the driver's own cursor in ``conn``'s transaction: SQLAlchemy's execution context costs
    as much as the insert of a small batch. A driver error is raised as SQLAlchemy raises it (OperationalError for a
    locked database: what the recorder waits out, monitor/run.py)."""
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(_SQLITE_EVENT_INSERT, params)
    except sqlite3.Error as e:
        raise DBAPIError.instance(_SQLITE_EVENT_INSERT, params[:1], e, sqlite3.Error) from e
    finally:
        cursor.close()


def _json_list(value: Any) -> str:
    """``json.dumps(value)`` (default settings), a list of strings made with the json module's own string encoder
    without a JSONEncoder per call (most of json.dumps's cost for a short list)."""
    if type(value) is list:
        try:
            return "[" + ", ".join(map(encode_basestring_ascii, value)) + "]"
        except TypeError:  # not all strings
            pass
    return "null" if value is None else json_dumps(value)


class Store:
    """A pimon database. Thread-safe for writers (one lock); every method is its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._apps: dict[int, str] = {}
        self.redactors: dict[int | None, Any] = {}  # run id -> monitor.redact.Redactor (--redact)
        self._aggs: dict[int, Aggregator] = {}  # run id -> its open aggregates of repeats (store/aggregate.py)
        self.aggregate = True  # False: every event row as it came (tests of the unaggregated path)

    # -- runs --------------------------------------------------------------------------------------
    def create_run(self, app_package: str, *, device_kind: str = "emulator", app_label: str | None = None,
                   device_serial: str | None = None, scenario: str | None = None,
                   config: dict[str, Any] | None = None, started_ms: int | None = None,
                   pimon_version: str = __version__, suite_run_id: int | None = None,
                   task_id: str | None = None) -> int:
        row = S.Run(app_package=clean(app_package, 255), app_label=None if app_label is None else clean(app_label, 255),
                    device_kind=clean(device_kind, 32),
                    device_serial=None if device_serial is None else clean(device_serial, 255),
                    scenario=None if scenario is None else clean(scenario, 255), pimon_version=pimon_version,
                    started_ms=started_ms if started_ms is not None else now_ms(), status="running",
                    config=clean_tree(config) if config is not None else None, suite_run_id=suite_run_id,
                    task_id=None if task_id is None else clean(task_id, 128))
        with self._lock, Session(self.engine) as s, s.begin():
            s.add(row)
            s.flush()
            run_id = row.id
        self._apps[run_id] = app_package
        return run_id

    def finish_run(self, run_id: int, status: str, reason: str | None = None, *, ended_ms: int | None = None) -> None:
        if status not in S.RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r} (one of {', '.join(S.RUN_STATUSES)})")
        self.flush_events(run_id)
        self._aggs.pop(run_id, None)
        with self._lock, Session(self.engine) as s, s.begin():
            run = self._run(s, run_id)
            run.status = status
            red = self.redactors.get(run_id)
            reason = red.text(reason) if red is not None and reason is not None else reason
            run.status_reason = None if reason is None else clean(reason, 4096)
            run.ended_ms = ended_ms if ended_ms is not None else now_ms()

    def update_run_config(self, run_id: int, patch: Mapping[str, Any]) -> None:
        """Merge ``patch`` into the run's ``config`` (top-level keys replaced), e.g. the app's inventory."""
        with self._lock, Session(self.engine) as s, s.begin():
            run = self._run(s, run_id)
            red = self.redactors.get(run_id)
            patch = red.tree(dict(patch)) if red is not None and "seal" not in patch else patch
            run.config = {**(run.config or {}), **clean_tree(dict(patch))}

    def get_run(self, run_id: int) -> RunInfo:
        """The run; KeyError if there is none with this id."""
        with Session(self.engine) as s:
            return _run_info(self._run(s, run_id))

    def list_runs(self, *, app_package: str | None = None, limit: int | None = 100, status: str | None = None,
                  suite: str | None = None, suite_run_id: int | None = None, since_ms: int | None = None,
                  until_ms: int | None = None, scenario: str | None = None, device: str | None = None,
                  severity: str | None = None, offset: int = 0) -> list[RunInfo]:
        """Newest first, with event and finding counts. Filters: ``status``, ``suite`` (suite name),
        ``suite_run_id``, ``since_ms`` <= started < ``until_ms``, ``scenario``, ``device`` (serial or kind),
        ``severity`` (runs with at least one finding of it); ``offset`` rows skipped (pages)."""
        ev = (select(S.Event.run_id, func.sum(func.coalesce(S.Event.count, 1)).label("n"))
              .group_by(S.Event.run_id).subquery())
        fi = select(S.Finding.run_id, func.count().label("n")).group_by(S.Finding.run_id).subquery()
        q = (select(S.Run, func.coalesce(ev.c.n, 0), func.coalesce(fi.c.n, 0))
             .outerjoin(ev, ev.c.run_id == S.Run.id).outerjoin(fi, fi.c.run_id == S.Run.id)
             .order_by(S.Run.started_ms.desc(), S.Run.id.desc()))
        if app_package:
            q = q.where(S.Run.app_package == app_package)
        if status:
            q = q.where(S.Run.status == status)
        if suite_run_id is not None:
            q = q.where(S.Run.suite_run_id == suite_run_id)
        if suite:
            q = q.where(S.Run.suite_run_id.in_(select(S.SuiteRun.id).where(S.SuiteRun.name == suite)))
        if since_ms is not None:
            q = q.where(S.Run.started_ms >= since_ms)
        if until_ms is not None:
            q = q.where(S.Run.started_ms < until_ms)
        if scenario:
            q = q.where(S.Run.scenario == scenario)
        if device:
            q = q.where((S.Run.device_serial == device) | (S.Run.device_kind == device))
        if severity:
            q = q.where(S.Run.id.in_(select(S.Finding.run_id).where(S.Finding.severity == severity)))
        if offset:
            q = q.offset(offset)
        if limit:
            q = q.limit(limit)
        with Session(self.engine) as s:
            return [_run_info(r, e, f) for r, e, f in s.execute(q).all()]

    # -- recording -----------------------------------------------------------------------------------
    def add_events(self, run_id: int, events: Iterable[Any], package: str | None = None) -> int:
        """Append agent events (§2 dicts, or objects with the same attribute names); returns how many
        were stored. ``package``: the app package for attribution (default: the run's). Events
        without ``api`` (or class+method) or a numeric ``ts`` are skipped (and logged)."""
        app = package or self._app(run_id)
        rows, skipped = [], 0
        for raw in events:
            row = _event_row(run_id, raw, app)
            if row is None:
                skipped += 1
            else:
                rows.append(row)
        if skipped:
            log.warning("run %s: skipped %d malformed event(s)", run_id, skipped)
        red = self.redactors.get(run_id)
        if red is not None and rows:  # --redact: the device's identifiers replaced by keyed tokens
            rows = [{**r, "args": red.tree(r.get("args")), "ret": red.tree(r.get("ret")),
                     "exception": red.tree(r.get("exception"))} for r in rows]
        if rows:
            with self._lock:
                agg = self._agg(run_id) if self.aggregate else None
                saved = agg.snapshot() if agg is not None else None
                try:  # a failed write (locked database) leaves the aggregation as it was: the caller retries
                    self._insert_events(agg.add(rows) if agg is not None else rows)
                except BaseException:
                    if agg is not None:
                        agg.restore(saved)
                    raise
        return len(rows)

    def flush_events(self, run_id: int) -> int:
        """Write the run's open aggregates of repeats (done by ``finish_run``, ``load_timeline`` and
        ``count_events``); returns how many calls they held."""
        with self._lock:
            agg = self._aggs.get(run_id)
            if agg is None:
                return 0
            saved = agg.snapshot()
            rows = agg.drain()
            try:
                self._insert_events(rows)
            except BaseException:
                agg.restore(saved)
                raise
            return sum(r.get("count") or 1 for r in rows)

    def _insert_events(self, rows: list[dict[str, Any]]) -> None:  # caller holds the lock
        """One transaction, one executemany of the rows (no ORM: its unit of work costs more than SQLite). On SQLite
        the driver's own executemany of tuples: Core's per-row parameter processing (JSON binds) cost three times
        the insert; the same text is written (:func:`_sqlite_event_params`, checked in tests/store)."""
        if rows:
            with self.engine.begin() as conn:
                if conn.dialect.name == "sqlite":
                    _sqlite_executemany(conn, _sqlite_event_params(rows))
                else:
                    conn.execute(S.Event.__table__.insert(), _event_params(rows))

    def _agg(self, run_id: int) -> Aggregator:
        agg = self._aggs.get(run_id)
        if agg is None:
            agg = self._aggs[run_id] = Aggregator()
        return agg

    def _boundary(self, run_id: int, ts: int) -> None:
        """A consent or foreground phase may change at ``ts``: no aggregate of repeats spans it."""
        with self._lock:
            self._agg(run_id).boundary(ts)

    def _add(self, row: Any) -> int:
        if getattr(row, "run_id", None) is not None and getattr(row, "ts", None) is not None:
            self._boundary(row.run_id, row.ts)
        red = self.redactors.get(getattr(row, "run_id", None))
        if red is not None:
            for attr in ("target", "evidence", "data", "note"):
                if getattr(row, attr, None) is not None:
                    setattr(row, attr, red.tree(getattr(row, attr)))
        with self._lock, Session(self.engine) as s, s.begin():
            s.add(row)
            s.flush()
            return int(row.id)

    def add_ui_action(self, run_id: int, ts: int | None, kind: str, target: dict[str, Any] | None = None,
                      evidence: str | None = None) -> int:
        return self._add(S.UiAction(run_id=run_id, ts=_ts(ts), kind=clean(kind, 32),
                                    target=clean_tree(target) if target is not None else None,
                                    evidence=None if evidence is None else clean(evidence, MAX_EVIDENCE)))

    def add_consent_transition(self, run_id: int, ts: int | None, from_state: str, to_state: str,
                               ui_action_id: int | None = None, source: str = "scenario") -> int:
        for st in (from_state, to_state):
            if st not in S.CONSENT_STATES:
                raise ValueError(f"unknown consent state {st!r} (one of {', '.join(S.CONSENT_STATES)})")
        if source not in ("scenario", "manual"):
            raise ValueError(f"consent source must be scenario or manual, not {source!r}")
        return self._add(S.ConsentTransition(run_id=run_id, ts=_ts(ts), from_state=from_state, to_state=to_state,
                                             ui_action_id=ui_action_id, source=source))

    def add_lifecycle(self, run_id: int, ts: int | None, kind: str, data: dict[str, Any] | None = None) -> int:
        if kind not in S.LIFECYCLE_KINDS:
            raise ValueError(f"unknown lifecycle kind {kind!r} (one of {', '.join(S.LIFECYCLE_KINDS)})")
        return self._add(S.Lifecycle(run_id=run_id, ts=_ts(ts), kind=kind, data=clean_tree(data or {})))

    def add_dialog(self, run_id: int, ts: int | None, kind: str, preselected: bool = False,
                   evidence: str | None = None) -> int:
        if kind not in S.DIALOG_KINDS:
            raise ValueError(f"unknown dialog kind {kind!r} (one of {', '.join(S.DIALOG_KINDS)})")
        return self._add(S.Dialog(run_id=run_id, ts=_ts(ts), kind=kind, preselected=bool(preselected),
                                  evidence=None if evidence is None else clean(evidence, MAX_EVIDENCE)))

    def add_mark(self, run_id: int, ts: int | None, note: str) -> int:
        return self._add(S.Mark(run_id=run_id, ts=_ts(ts), note=clean(note, 4096)))

    # -- findings ------------------------------------------------------------------------------------
    def replace_findings(self, run_id: int, findings: Iterable[Finding | Mapping[str, Any]]) -> None:
        """Store the run's findings (replacing earlier ones), each with its fingerprint (app + scenario + rule + api
        + category + caller + phase); :class:`Finding` objects passed in get their ``fingerprint`` set."""
        from monitor.findings.fingerprint import fingerprint_of

        run = self.get_run(run_id)
        rows = []
        for f in findings:
            d = f.as_dict() if isinstance(f, Finding) else dict(f)
            fp = fingerprint_of(d, run.app_package, run.scenario)
            if isinstance(f, Finding):
                f.fingerprint = fp
            rows.append({"fingerprint": fp,
                "run_id": run_id, "rule": d["rule"], "article": d["article"], "severity": d["severity"],
                "api": clean(d["api"], 512), "category": clean(d.get("category") or "-", 64),
                "caller": clean(d["caller"], 255), "caller_frame": clean_tree(d.get("caller_frame")),
                "chain": clean_tree(d.get("chain")), "phase": d["phase"], "count": int(d["count"]),
                "first_ms": int(d["first_ms"]), "last_ms": int(d["last_ms"]),
                "evidence": clean_tree(d.get("evidence") or {}), "message": clean(d.get("message") or "", 4096),
                "kind": "assisted" if d.get("kind") == "assisted" else "auto",
            })
        with self._lock, Session(self.engine) as s, s.begin():
            self._run(s, run_id)
            s.execute(delete(S.Finding).where(S.Finding.run_id == run_id))
            if rows:
                s.execute(insert(S.Finding), rows)

    def get_findings(self, run_id: int) -> list[Finding]:
        from monitor.rules.registry import all_rules

        names = {r.code: r.name for r in all_rules()}
        with Session(self.engine) as s:
            q = select(S.Finding).where(S.Finding.run_id == run_id).order_by(S.Finding.rule, S.Finding.first_ms,
                                                                             S.Finding.id)
            return [Finding(rule=f.rule, name=names.get(f.rule, ""), article=f.article, severity=f.severity,
                            api=f.api, category=f.category, caller=f.caller, phase=f.phase, count=f.count,
                            first_ms=f.first_ms, last_ms=f.last_ms, message=f.message, caller_frame=f.caller_frame,
                            chain=f.chain, evidence=f.evidence or {}, kind=f.kind or "auto",
                            fingerprint=f.fingerprint or "") for f in s.scalars(q)]

    # -- reading -------------------------------------------------------------------------------------
    def load_timeline(self, run_id: int) -> Timeline:
        self.flush_events(run_id)
        with Session(self.engine) as s:
            run = self._run(s, run_id)

            def rows(model: Any) -> Sequence[Any]:
                return s.scalars(select(model).where(model.run_id == run_id).order_by(model.ts, model.id)).all()

            # A hot loop repeats the same stack: parse each distinct JSON text once, share the frames.
            stacks: dict[str | None, tuple[Frame, ...]] = {None: ()}

            def stack(raw: str | None) -> tuple[Frame, ...]:
                got = stacks.get(raw)
                if got is None:
                    got = stacks[raw] = tuple(Frame.of(f) for f in json.loads(raw) or ())
                return got

            E = S.Event
            q = (select(E.id, E.seq, E.ts, E.api, E.category, E.cls, E.method, E.overload, E.pi, E.sensitive,
                        cast(E.args, Text), E.ret, E.thread, cast(E.stack, Text), E.caller, E.count, E.times,
                        E.exception)
                 .where(E.run_id == run_id).order_by(E.ts, E.seq, E.id).execution_options(yield_per=2000))
            calls = [  # rows streamed; a flood's repeats are aggregates, so their number stays bounded
                Call(ts=ts, api=api, category=cat, cls=cls, method=method, overload=overload, pi=pi, sensitive=sens,
                     args=tuple(json.loads(args) or ()) if args else (), ret=ret, thread=thread, stack=stack(stk),
                     seq=seq, caller=caller, id=id_, count=count or 1, times=norm_times(times), exception=exc)
                for id_, seq, ts, api, cat, cls, method, overload, pi, sens, args, ret, thread, stk, caller, count, times,
                exc in s.execute(q)
            ]
            return Timeline(
                app_package=run.app_package,
                calls=calls,
                transitions=[ConsentTransition(t.ts, t.from_state, t.to_state, t.ui_action_id, t.source, t.id)
                             for t in rows(S.ConsentTransition)],
                lifecycle=[Lifecycle(x.ts, x.kind, dict(x.data or {}), x.id) for x in rows(S.Lifecycle)],
                ui_actions=[UiAction(a.ts, a.kind, dict(a.target or {}), a.evidence, a.id) for a in rows(S.UiAction)],
                dialogs=[Dialog(d.ts, d.kind, d.preselected, d.evidence, d.id) for d in rows(S.Dialog)],
                marks=[Mark(m.ts, m.note, m.id) for m in rows(S.Mark)],
                flows=_net_flows(s, run_id),
                started_ms=run.started_ms,
                ended_ms=run.ended_ms,
                meta={"run_id": run.id, "status": run.status, "scenario": run.scenario,
                      "disclosure": (run.config or {}).get("disclosure"),
                      "policy": (run.config or {}).get("policy"),
                      "detection": (run.config or {}).get("detection")},
            )

    def count_events(self, run_id: int) -> int:
        """Calls recorded (an aggregate of repeats counts each of its calls)."""
        self.flush_events(run_id)
        with Session(self.engine) as s:
            return int(s.scalar(select(func.sum(func.coalesce(S.Event.count, 1))).where(S.Event.run_id == run_id))
                       or 0)

    def close(self) -> None:
        for run_id in list(self._aggs):
            try:
                self.flush_events(run_id)
            except Exception as exc:  # noqa: BLE001 - closing must not fail on an unwritable database
                log.warning("run %s: open aggregates of repeats not written: %s", run_id, exc)
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------------------
    @staticmethod
    def _run(s: Session, run_id: int) -> S.Run:
        run = s.get(S.Run, run_id)
        if run is None:
            raise KeyError(f"no run {run_id}")
        return run

    def _app(self, run_id: int) -> str:
        if run_id not in self._apps:
            self._apps[run_id] = self.get_run(run_id).app_package
        return self._apps[run_id]


def _net_flows(s: Session, run_id: int) -> list[NetFlow]:
    """The run's flows for the timeline (no bodies or headers: the reports read those from ``flows``)."""
    from monitor.store.flows import Flow as F

    q = (select(F.id, F.flow_id, F.ts, F.host, F.scheme, F.method, F.port, F.path, F.tls, F.caller, F.matches,
                F.offline, F.source, F.attributed_by).where(F.run_id == run_id).order_by(F.ts, F.id))
    return [NetFlow(ts=ts, host=host, scheme=scheme, method=method, port=port, path=path, tls=tls, caller=caller,
                    matches=tuple(matches or ()), flow_id=flow_id, offline=offline, id=id_, source=source or "proxy",
                    attributed_by=by)
            for id_, flow_id, ts, host, scheme, method, port, path, tls, caller, matches, offline, source, by
            in s.execute(q)]


def _ts(ts: int | None) -> int:
    return int(ts) if ts is not None else now_ms()
