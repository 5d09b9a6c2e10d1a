"""The store for labs: upgrades from every earlier schema with data in it, suite runs, run filters, and
several pimon processes writing to one database at once — on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from monitor.findings.fingerprint import fingerprint
from monitor.rules.finding import Finding
from monitor.store import Store, open_store
from monitor.store.engine import alembic_config, head_revision
from monitor.store.suites import (
    create_suite_run,
    finish_suite_run,
    get_suite_run,
    list_suite_runs,
    previous_suite_run,
)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    yield s
    s.close()


def _finding(rule: str = "PI-6.3-BEFORE-CONSENT", api: str = "android.telephony.TelephonyManager.getDeviceId",
             severity: str = "high", caller: str = "sdk:umeng") -> Finding:
    return Finding(rule=rule, article="6(3)", severity=severity, api=api, category="device-id", caller=caller,
                   phase="unknown", count=2, first_ms=1, last_ms=5, message="m")


# -- upgrades from every earlier head, with data -------------------------------------------------------------
SEED = {
    "runs": "INSERT INTO runs (id, app_package, device_kind, scenario, pimon_version, started_ms, status, config) "
            "VALUES (1, 'com.example.eagersdk', 'emulator', 'first-launch-refuse', '0.1.0', 1000, 'completed', "
            "'{\"params\": {}}')",
    "events": "INSERT INTO events (run_id, seq, ts, api, class, method, category, sensitive, caller, stack) VALUES "
              "(1, 1, 1100, 'a.B.c', 'a.B', 'c', 'device-id', true, 'sdk:umeng', '[]')",
    "findings": "INSERT INTO findings (run_id, rule, article, severity, api, category, caller, phase, count, first_ms, "
                "last_ms, evidence, message) VALUES (1, 'PI-6.3-BEFORE-CONSENT', '6(3)', 'high', 'a.B.c', "
                "'device-id', 'sdk:umeng', 'unknown', 3, 1100, 1200, '{}', 'm')",
    "flows": "INSERT INTO flows (run_id, flow_id, ts, method, scheme, host, port, path, url, http_version, "
             "request_headers, request_body, request_body_size, response_headers, response_body, "
             "response_body_size, tls, server_address, client_address, offline, matches) VALUES (1, 'f1', 1150, "
             "'POST', 'https', 'alog.umeng.com', 443, '/', 'https://alog.umeng.com/', 'HTTP/1.1', '[]', :b, 0, "
             "'[]', :b, 0, true, 'alog.umeng.com:443', '127.0.0.1:1', true, '[]')",
}


def _revisions() -> list[str]:
    revs = [r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()]
    return list(reversed(revs))[:-1]  # every head before the newest


@pytest.mark.parametrize("start", _revisions())
def test_upgrade_from_every_earlier_head_keeps_the_data(db_url: str, start: str) -> None:
    eng = create_engine(db_url)
    cfg = alembic_config()
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, start)
    with eng.begin() as conn:
        tables = set(conn.dialect.get_table_names(conn))
        for table, sql in SEED.items():
            if table in tables:
                conn.execute(text(sql), {"b": b""})
        cols = {c["name"] for c in conn.dialect.get_columns(conn, "findings")}
        if "fingerprint" in cols:  # a pimon of that schema wrote its findings with their fingerprints
            conn.execute(text("UPDATE findings SET fingerprint = :fp"), {"fp": fingerprint(
                "com.example.eagersdk", "first-launch-refuse", "PI-6.3-BEFORE-CONSENT", "a.B.c", "device-id",
                "sdk:umeng", "unknown")})
        if conn.dialect.name == "postgresql":  # explicit ids: move the sequence past them
            conn.execute(text("SELECT setval('runs_id_seq', 1)"))
    eng.dispose()

    store = open_store(db_url)  # the upgrade every pimon does when it opens a database
    try:
        with store.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        run = store.get_run(1)
        assert (run.app_package, run.status, run.suite_run_id, run.task_id) == (
            "com.example.eagersdk", "completed", None, None)
        assert store.count_events(1) == 1
        [f] = store.get_findings(1)
        # 0004 backfills fingerprints of the findings it finds; rows inserted after it (from a later head,
        # without the column in SEED) keep the column's default
        if start < "0004":
            assert f.fingerprint == fingerprint("com.example.eagersdk", "first-launch-refuse", "PI-6.3-BEFORE-CONSENT",
                                                "a.B.c", "device-id", "sdk:umeng", "unknown")
        # the upgraded database takes new data of the newest schema
        sid = create_suite_run(store, "nightly")
        new = store.create_run("com.example.eagersdk", scenario="first-launch-refuse", suite_run_id=sid)
        assert new > 1 and store.get_run(new).suite_run_id == sid
    finally:
        store.close()


# -- suite runs and filters -------------------------------------------------------------------------------------
def test_suite_runs_keys_previous_and_run_filters(store: Store) -> None:
    a = create_suite_run(store, "nightly", source="n.suite.yaml", started_ms=1000)
    b = create_suite_run(store, "nightly", started_ms=2000, key="job-41")
    assert create_suite_run(store, "nightly", started_ms=2500, key="job-41") == b  # re-submitted: same suite run
    other = create_suite_run(store, "smoke", started_ms=2100)
    assert previous_suite_run(store, b).id == a and previous_suite_run(store, a) is None
    assert previous_suite_run(store, other) is None
    assert [s.id for s in list_suite_runs(store, name="nightly")] == [b, a]
    finish_suite_run(store, b, "completed", ended_ms=3000)
    assert (get_suite_run(store, b).status, get_suite_run(store, b).ended_ms) == ("completed", 3000)
    with pytest.raises(ValueError):
        finish_suite_run(store, b, "exploded")

    r1 = store.create_run("com.a", scenario="s", suite_run_id=a, started_ms=86_400_000)          # 1970-01-02
    r2 = store.create_run("com.a", scenario="s", suite_run_id=b, started_ms=2 * 86_400_000, task_id="t-1")
    r3 = store.create_run("com.b", scenario="s", started_ms=3 * 86_400_000)
    store.finish_run(r2, "lost", "worker lost")
    store.finish_run(r1, "completed")
    ids = lambda **kw: [r.id for r in store.list_runs(**kw)]
    assert ids(suite="nightly") == [r2, r1] and ids(suite="smoke") == []
    assert ids(suite_run_id=b) == [r2] and ids(status="lost") == [r2]
    assert ids(since_ms=2 * 86_400_000) == [r3, r2] and ids(until_ms=2 * 86_400_000) == [r1]
    assert ids(app_package="com.a", status="completed") == [r1]
    assert store.get_run(r2).task_id == "t-1"


def test_replace_findings_stamps_fingerprints(store: Store) -> None:
    run = store.create_run("com.example.app", scenario="first-launch-agree")
    fs = [_finding(), _finding(caller="app")]
    store.replace_findings(run, fs)
    assert fs[0].fingerprint and fs[0].fingerprint != fs[1].fingerprint
    assert {f.fingerprint for f in store.get_findings(run)} == {f.fingerprint for f in fs}


# -- two processes, one database ----------------------------------------------------------------------------------
WRITER = r"""
import sys
from monitor.store import open_store
from monitor.store.suites import create_suite_run
from monitor.rules.finding import Finding
url, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_store(url)
sid = create_suite_run(store, "nightly", key="shared-submission")
for i in range(n):
    run = store.create_run(f"com.{tag}.app{i % 3}", scenario="s", suite_run_id=sid, task_id=f"{tag}-{i}")
    store.add_events(run, [{"seq": k, "api": "a.B.c", "category": "device-id", "ts": 1000 + k,
                            "stack": [{"class": "com.umeng.X", "method": "m"}]} for k in range(20)])
    store.replace_findings(run, [Finding(rule="PI-6.3-BEFORE-CONSENT", article="6(3)", severity="high", api="a.B.c",
                                         category="device-id", caller="sdk:umeng", phase="unknown", count=20,
                                         first_ms=1000, last_ms=1019, message=tag)])
    store.finish_run(run, "completed")
print(sid)
"""


def test_two_pimon_processes_writing_at_once_lose_nothing(db_url: str) -> None:
    n = 15
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, db_url, tag, str(n)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for tag in ("p1", "p2")]
    outs = [p.communicate(timeout=240) for p in procs]
    for p, (_, err) in zip(procs, outs):
        assert p.returncode == 0, err[-2000:]
    sids = {o.strip() for o, _ in outs}
    assert len(sids) == 1  # both processes found the same suite run by its key
    store = open_store(db_url)
    try:
        runs = store.list_runs(limit=None, suite_run_id=int(sids.pop()))
        assert len(runs) == 2 * n and all(r.status == "completed" for r in runs)
        assert {r.task_id for r in runs} == {f"{t}-{i}" for t in ("p1", "p2") for i in range(n)}
        assert all(r.events == 20 and r.findings == 1 for r in runs)
    finally:
        store.close()
