"""The store against real SQLite (and real PostgreSQL when it can be started here)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from monitor.errors import ConfigError
from monitor.rules import evaluate
from monitor.store import SCHEMA_VERSION, Store, open_store
from monitor.store.clean import clean
from monitor.store.engine import current_revision, head_revision

APP = "com.example.app"
HOSTILE = "</script><script>alert(1)</script>\u202e\ud800\x00\"'" + "x" * 5000


def event(seq: int, ts: int, **kw: Any) -> dict[str, Any]:
    return {"seq": seq, "api": "android.telephony.TelephonyManager.getDeviceId",
            "class": "android.telephony.TelephonyManager", "method": "getDeviceId", "overload": "int",
            "category": "device-id", "pi": "imei", "sensitive": True, "args": ["0"], "ret": "867530900000001",
            "ts": ts, "thread": "main",
            "stack": [{"class": "com.umeng.commonsdk.UMConfigure", "method": "init", "file": "UMConfigure.java",
                       "line": 42}, {"class": "com.example.app.App", "method": "onCreate", "file": None, "line": None}],
            **kw}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'runs.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = open_store(url)
    if request.param == "postgresql":  # one cluster per session: start from empty tables
        with s.engine.begin() as c:
            c.execute(text("TRUNCATE runs RESTART IDENTITY CASCADE"))
    yield s
    s.close()


def test_sqlite_file_is_wal_with_foreign_keys_and_at_head(tmp_path: Path) -> None:
    s = open_store(tmp_path / "p.db")  # a plain path works (its directory must exist: test_engine_urls.py)
    with s.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
    names = set(inspect(s.engine).get_table_names())
    assert {"runs", "events", "ui_actions", "consent_transitions", "lifecycle", "dialogs", "findings",
            "marks", "alembic_version"} <= names
    assert current_revision(s.engine) == head_revision() == f"{SCHEMA_VERSION:04d}"
    idx = {i["name"] for i in inspect(s.engine).get_indexes("events")}
    assert {"ix_events_run_ts", "ix_events_run_api_caller"} <= idx
    s.close()
    open_store(tmp_path / "p.db").close()  # reopening is a no-op upgrade


@pytest.mark.parametrize("url", ["", "postgresql://host:notaport/db", "nosuchdialect://x/y",
                                 "sqlite:////proc/definitely/not/here.db", "postgresql+psycopg://u:secret@127.0.0.1:1/x"])
def test_bad_urls_are_one_line_config_errors(url: str) -> None:
    with pytest.raises(ConfigError) as e:
        open_store(url)
    msg = str(e.value)
    assert "\n" not in msg and msg and "secret" not in msg


def test_run_lifecycle_and_listing(store: Store) -> None:
    a = store.create_run(APP, app_label="Example", device_kind="emulator", device_serial="emu-1",
                         scenario="first-launch-refuse", config={"observe": 5}, started_ms=1000)
    b = store.create_run("com.other", started_ms=2000)
    assert store.get_run(a).status == "running" and store.get_run(a).config == {"observe": 5}
    store.finish_run(a, "app-crashed", "exit code 137", ended_ms=5000)
    r = store.get_run(a)
    assert (r.status, r.status_reason, r.ended_ms) == ("app-crashed", "exit code 137", 5000)
    with pytest.raises(ValueError, match="unknown run status"):
        store.finish_run(a, "exploded")
    with pytest.raises(KeyError):
        store.get_run(99999)
    store.add_events(a, [event(1, 1100)])
    assert [(x.id, x.events) for x in store.list_runs()] == [(b, 0), (a, 1)]
    assert [x.id for x in store.list_runs(app_package=APP)] == [a]


@dataclass
class EventObj:  # what a typed protocol class looks like: ``class`` is spelled ``cls``
    seq: int
    api: str
    cls: str
    method: str
    category: str
    ts: int
    stack: list[Any] = field(default_factory=list)
    args: list[str] = field(default_factory=list)
    ret: str | None = None


class Plain:
    def __init__(self, **kw: Any) -> None:
        self.__dict__.update(kw)


def test_events_dicts_and_objects_attributed_and_bounded(store: Store) -> None:
    run = store.create_run(APP, started_ms=0)
    frame = Plain(cls="cn.jpush.android.api.JPushInterface", method="init", file=None, line=3)
    stored = store.add_events(run, [
        event(1, 100),
        EventObj(2, "android.location.LocationManager.getLastKnownLocation", "android.location.LocationManager",
                 "getLastKnownLocation", "location", 200, [frame]),
        Plain(seq=3, api="android.net.wifi.WifiInfo.getMacAddress", class_="android.net.wifi.WifiInfo",
              method="getMacAddress", category="network-id", ts=300, stack=[{"class": "com.example.app.M", "method": "x"}]),
        {"seq": 4, "api": None, "ts": 1},          # malformed: skipped
        {"seq": 5, "api": "a.B.c", "ts": "soon"},  # malformed: skipped
        event(6, 400, args=[HOSTILE, 7], ret=HOSTILE, thread=HOSTILE),
    ])
    assert stored == 4 and store.count_events(run) == 4
    tl = store.load_timeline(run)
    assert [c.caller for c in tl.calls] == ["sdk:umeng", "sdk:jpush", "app", "sdk:umeng"]
    assert tl.calls[1].stack[0].line == 3 and tl.calls[2].cls == "android.net.wifi.WifiInfo"
    hostile = tl.calls[3]
    assert len(hostile.ret) == 1024 and "\x00" not in hostile.ret and "\ufffd" in hostile.ret
    assert hostile.args[1] == "7" and hostile.ret.startswith("</script>")


def test_timeline_round_trip_and_findings(store: Store) -> None:
    run = store.create_run(APP, started_ms=0)
    store.add_lifecycle(run, 1, "process-start", {"pid": 42})
    store.add_events(run, [event(1, 50)])
    store.add_dialog(run, 100, "consent", False, "<hierarchy/>")
    ui = store.add_ui_action(run, 200, "consent-refuse", {"text": HOSTILE}, "<hierarchy/>")
    store.add_consent_transition(run, 200, "pre-consent", "refused", ui)
    store.add_events(run, [event(2, 300), event(3, 310)])
    store.add_mark(run, 400, "note")
    store.add_lifecycle(run, 500, "process-exit", {"code": 0, "requested_by_app": True})  # a deliberate exit
    with pytest.raises(ValueError):
        store.add_lifecycle(run, 1, "nap")
    with pytest.raises(ValueError):
        store.add_consent_transition(run, 1, "unknown", "maybe")
    with pytest.raises(ValueError):
        store.add_dialog(run, 1, "popup")
    store.finish_run(run, "completed", ended_ms=600)
    tl = store.load_timeline(run)
    assert [tl.phase_at(c.ts) for c in tl.calls] == ["unknown", "refused", "refused"]
    assert tl.transitions[-1].ui_action_id == ui and tl.ui_actions[0].target["text"].startswith("</script>")
    assert (tl.started_ms, tl.ended_ms, tl.marks[0].note) == (0, 600, "note")
    findings = evaluate(tl)
    rules = {f.rule for f in findings}
    assert {"PI-6.3-BEFORE-CONSENT", "PI-6.3-AFTER-REFUSAL", "PI-7.3-FORCED-EXIT"} <= rules
    store.replace_findings(run, findings)
    back = store.get_findings(run)
    assert sorted(f.key for f in back) == sorted(f.key for f in findings)
    after = next(f for f in back if f.rule == "PI-6.3-AFTER-REFUSAL")
    assert (after.count, after.first_ms, after.last_ms, after.caller) == (2, 300, 310, "sdk:umeng")
    assert after.caller_frame["class"] == "com.umeng.commonsdk.UMConfigure"
    assert after.evidence["ui_action_ids"] == [ui] and after.name == "collect-after-refusal"
    store.replace_findings(run, [])
    assert store.get_findings(run) == []
    assert store.list_runs()[0].findings == 0


def test_concurrent_writers(store: Store) -> None:
    run = store.create_run(APP, started_ms=0)
    errors: list[BaseException] = []

    def writer(base: int) -> None:
        try:
            for i in range(20):
                store.add_events(run, [event(base + i * 10 + k, base + i * 10 + k) for k in range(10)])
                store.add_ui_action(run, base + i, "tap")
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n * 100000,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and store.count_events(run) == 800


def test_bulk_insert_rate(store: Store, record_property: Any) -> None:
    run = store.create_run(APP, started_ms=0)
    batch = [event(i, i) for i in range(200)]
    n = 0
    t0 = time.perf_counter()
    for _ in range(50):
        n += store.add_events(run, batch)
    rate = n / (time.perf_counter() - t0)
    record_property("events_per_second", int(rate))
    assert store.count_events(run) == 10000
    assert rate > 500, f"bulk insert too slow: {rate:.0f} events/s"


def test_malformed_frames_are_stored_as_text(tmp_path: Path) -> None:
    store = open_store(tmp_path / "f.db")
    run = store.create_run(APP, started_ms=0)
    assert store.add_events(run, [event(1, 1, stack=[{"class": ["x"], "method": {"a": 1}, "file": 3, "line": "7"},
                                                      "com.umeng.Plain", None])]) == 1
    (call,) = store.load_timeline(run).calls
    assert call.stack[0].cls == "['x']" and call.stack[0].line is None


def test_many_processes_opening_a_new_database_at_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = "import sys; from monitor.store import open_store; open_store(sys.argv[1]).close()"
    db = tmp_path / "race.db"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    errs = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert all(rc == 0 for rc, _ in errs), errs
    assert current_revision(open_store(db).engine) == head_revision()


def test_opening_a_database_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    """Alembic (Mako, Pygments) costs most of a second to import: a database already at head is recognised by
    its stamp alone; one at an older revision is still migrated (and then Alembic is imported)."""
    import subprocess
    import sys

    db = tmp_path / "head.db"
    open_store(db).close()
    code = ("import sys; from monitor.store import open_store; s = open_store(sys.argv[1]); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'mako'}), s.count_events(1))")
    out = subprocess.run([sys.executable, "-c", code, str(db)], check=False, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[]", "0"]

    old = open_store(db)
    with old.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0008'"))
        conn.execute(text("ALTER TABLE events DROP COLUMN exception"))  # what 0010 adds
        conn.execute(text("ALTER TABLE events DROP COLUMN times"))  # what 0009 adds
        conn.execute(text("ALTER TABLE events DROP COLUMN count"))
    old.close()
    out = subprocess.run([sys.executable, "-c", code, str(db)], check=False, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] == "['alembic',"
    upgraded = open_store(db)
    assert current_revision(upgraded.engine) == head_revision() == f"{SCHEMA_VERSION:04d}"
    assert {"count", "times"} <= {c["name"] for c in inspect(upgraded.engine).get_columns("events")}


def test_sqlite_event_rows_are_written_as_sqlalchemy_core_writes_them(tmp_path: Path) -> None:
    """On SQLite the store hands the driver tuples itself (store._sqlite_event_params): every column, JSON text and
    type included, is what Core's insert of the same rows writes — None as JSON null, a shared stack's text, an
    aggregate's count and times, hostile strings, no args, booleans."""
    from monitor.instrument.protocol import PROTOCOL_VERSION, parse_payload
    from monitor.store import schema as S
    from monitor.store.store import _event_row

    wire = parse_payload({"type": "events:add", "v": PROTOCOL_VERSION,
                          "frames": [["com.umeng.commonsdk.UMConfigure", "init", "UMConfigure.java", 42],
                                     ["com.example.app.App", "onCreate", None, None]],
                          "events": [{**event(1, 100), "stack": [0, 1]},
                                     {**event(2, 101, args=[HOSTILE, "\u4e2d\u6587"], ret=None, sensitive=False),
                                      "stack": [0, 1]},
                                     {**event(3, 102, times=[[102, 3], [103, 2]]), "stack": [1]},
                                     {**event(5, 105, ret=None, exception="java.lang.SecurityException: denied"),
                                      "stack": [1]}]}).events
    rows = [r for raw in [*wire, event(4, 104, args=None, thread=None, pi=None, overload=None)]
            if (r := _event_row(1, raw, APP)) is not None]
    assert len(rows) == 5

    def stored(db: Path, write: Any) -> list[tuple]:
        s = open_store(db)
        s.create_run(APP)
        write(s)
        with s.engine.connect() as conn:
            cols = ", ".join(f'"{c.name}", typeof("{c.name}")' for c in S.Event.__table__.columns if c.name != "id")
            out = [tuple(r) for r in conn.execute(text(f"SELECT {cols} FROM events ORDER BY id"))]
        s.close()
        return out

    def core(s: Store) -> None:
        params = [{**r, "class": r["cls"], "count": r.get("count") if (r.get("count") or 1) > 1 else None}
                  for r in rows]
        with s.engine.begin() as conn:
            conn.execute(S.Event.__table__.insert(), params)

    fast = stored(tmp_path / "fast.db", lambda s: s._insert_events([dict(r) for r in rows]))
    assert fast == stored(tmp_path / "core.db", core)
    names = [c.name for c in S.Event.__table__.columns if c.name != "id"]

    def col(row: tuple, name: str) -> tuple:
        return row[2 * names.index(name): 2 * names.index(name) + 2]

    assert col(fast[4], "args") == ("null", "text")  # None: JSON null, as Core writes it
    assert col(fast[3], "exception") == ("java.lang.SecurityException: denied", "text")
    assert col(fast[0], "exception") == (None, "null")
    assert col(fast[2], "count") == (5, "integer") and col(fast[0], "count") == (None, "null")
    assert col(fast[1], "sensitive") == (0, "integer") and HOSTILE[:20] in col(fast[1], "args")[0]


_TEXTS = {"api": 512, "class": 512, "method": 255, "overload": 1024, "category": 64, "pi": 64, "ret": 1024,
          "thread": 255, "caller": 255, "args": 1024}


@pytest.mark.parametrize("value", ["y" * 3000, "a\x00b", "\ud800z", "\u4e2d\u6587", 12345, "plain"],
                         ids=["long", "nul", "surrogate", "cjk", "int", "plain"])
@pytest.mark.parametrize("name", sorted(_TEXTS))
def test_every_event_text_is_cleaned_even_when_the_rest_of_the_row_is_plain(name: str, value: Any) -> None:
    """A stored event row checks its texts once for the common case (store._plain) and cleans field by field
    otherwise: one hostile field among plain ones is still bounded, NUL-free and encodable, in both forms the
    store takes (a dict, and the agent's Event made directly so that non-strings reach it)."""
    from monitor.instrument.protocol import Event, parse_frame
    from monitor.store.clean import clean
    from monitor.store.store import _event_row

    base = event(1, 100, caller="com.example.app.App")
    fields = {**base, name: [value, "0"] if name == "args" else value}
    want = [clean(value, 1024), "0"] if name == "args" else clean(value, _TEXTS[name])
    agent = Event(seq=1, api=fields["api"], class_name=fields["class"], method=fields["method"],
                  overload=fields["overload"], category=fields["category"], pi=fields["pi"], sensitive=True,
                  args=tuple(fields["args"]), ret=fields["ret"], ts=100, thread=fields["thread"],
                  stack=tuple(parse_frame(f) for f in base["stack"]))
    forms = [fields] if name == "caller" else [fields, agent]  # the agent's events carry no caller
    for raw in forms:
        row = _event_row(1, raw, APP)
        assert row is not None
        got = row["cls" if name == "class" else name]
        assert got == want, (type(raw).__name__, got[:40] if isinstance(got, str) else got)
        for other in set(_TEXTS) - {name, "caller"}:  # the plain fields as they came
            assert row["cls" if other == "class" else other] == base[other]


def test_a_call_that_threw_keeps_what_it_threw_cleaned_like_every_text(store: Store) -> None:
    """The agent's ``exception`` (what a hooked API threw) is stored with its call and read back with it; an
    app-made exception text is bounded and cleaned like a value; a call that returned has none."""
    run = store.create_run(APP)
    hostile = "java.lang.IllegalStateException: \x00" + "\u4e2d" * 3000
    store.add_events(run, [event(1, 100, ret=None, exception="java.lang.SecurityException: READ_PHONE_STATE"),
                           event(2, 101, ret=None, exception=hostile), event(3, 102)])
    thrown, odd, returned = store.load_timeline(run).calls
    assert thrown.exception == "java.lang.SecurityException: READ_PHONE_STATE" and thrown.ret is None
    assert odd.exception == clean(hostile, 1024) and "\x00" not in odd.exception and len(odd.exception) <= 1024
    assert returned.exception is None and returned.ret == "867530900000001"
