"""The Alembic revisions and the models agree; the migrations ship as package data and go both ways."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from monitor.store import SCHEMA_VERSION, open_store
from monitor.store.engine import MIGRATIONS, alembic_config
from monitor.store.schema import Base


def test_models_match_the_newest_migration(db_url: str) -> None:
    store = open_store(db_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == [], "models and migrations differ: write a new revision (see monitor/store/__init__.py)"


def test_schema_version_counts_revisions() -> None:
    revs = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    assert len(revs) == SCHEMA_VERSION
    assert min(p.name for p in (MIGRATIONS / "versions").glob("*.py")).startswith("0001_")


def test_downgrade_to_base_and_up_again(db_url: str) -> None:
    url = db_url
    open_store(url).close()
    engine = create_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    store = open_store(url)
    assert "events" in inspect(store.engine).get_table_names()


def test_threads_migrating_two_new_databases_at_once(tmp_path) -> None:
    """alembic's ``op`` is one proxy per process: two threads migrating two databases at once ran each other's
    steps on the wrong connection (seen in the fleet test as "no such table: findings")."""
    import threading

    from monitor.store import open_store

    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_one(i: int) -> None:
        start.wait()
        try:
            open_store(tmp_path / f"t{i}.db").close()
        except BaseException as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    for _ in range(2):
        threads = [threading.Thread(target=open_one, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for p in tmp_path.glob("t*.db"):
            p.unlink()
    assert not errors, errors
