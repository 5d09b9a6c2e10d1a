"""A database locked mid-run loses no event: batches wait, in order, and are stored when the lock goes;
a lock that outlasts the run is a one-line error with exit code 3 (real SQLite, a real exclusive lock)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import event

from monitor.devices.emulator import EmulatorDevice
from monitor.errors import PimonError
from monitor.run import RunRecorder
from monitor.store import Store
from monitor.store.engine import make_engine, parse_url, upgrade
from tests.store.test_chain import EVENT


def _impatient_store(db: Path) -> Store:
    engine = make_engine(parse_url(db))

    @event.listens_for(engine, "connect")
    def _short(dbapi_conn, _record) -> None:  # after pimon's own pragmas: give up on a lock after 50 ms
        dbapi_conn.execute("PRAGMA busy_timeout=50")

    upgrade(engine)
    return Store(engine)


def _batch(start: int, n: int) -> list[dict]:
    # distinct args: no two are repeats, so each is a stored row (aggregation: tests/store/test_aggregate.py)
    return [{**EVENT, "seq": i, "ts": 1_000 + i, "args": [str(i)]} for i in range(start, start + n)]


@pytest.fixture
def recorder(tmp_path: Path):
    store = _impatient_store(tmp_path / "p.db")
    run = store.create_run("com.example.app")
    dev = EmulatorDevice(tmp_path / "device")
    rec = RunRecorder(device=dev, package="com.example.app", store=store, run_id=run, catalog=None)
    yield rec, store, run, tmp_path / "p.db"
    dev.close()
    store.close()


def test_batches_during_a_lock_are_kept_and_stored_in_order(recorder) -> None:
    rec, store, run, db = recorder
    rec._on_events(_batch(0, 5))  # the agent's callback
    lock = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    lock.execute("BEGIN EXCLUSIVE")
    rec._on_events(_batch(5, 5))
    rec._on_events(_batch(10, 5))
    assert store.count_events(run) == 5  # nothing could be written, nothing was dropped
    release = threading.Timer(0.5, lambda: lock.execute("COMMIT"))
    release.start()
    rec.flush_pending(wait=30)
    release.join()
    lock.close()
    assert store.count_events(run) == 15
    assert [c.seq for c in store.load_timeline(run).calls] == list(range(15))


def test_a_lock_that_outlasts_the_run_is_exit_3(recorder) -> None:
    rec, store, run, db = recorder
    lock = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        rec._on_events(_batch(0, 3))
        with pytest.raises(PimonError) as err:
            rec.flush_pending(wait=0.3)
        assert err.value.exit_code == 3 and "3 event(s)" in str(err.value) and "\n" not in str(err.value)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    rec.flush_pending(wait=5)  # still held, so once the lock is gone they are stored after all
    assert store.count_events(run) == 3
