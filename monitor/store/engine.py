"""Engines: URL checks, SQLite pragmas (WAL, foreign keys), Alembic upgrade to head.

Alembic (with Mako and Pygments behind it) takes most of a second to import, and most opens find the database at
head already: the revision is read with one query first, and Alembic is imported only to migrate.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from monitor.errors import ConfigError
from monitor.paths import state_home
from monitor.store.clean import json_dumps
from monitor.store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    """``sqlite:///<state home>/pimon.db``."""
    return f"sqlite:///{state_home() / 'pimon.db'}"


def parse_url(url: str | Path | None) -> URL:
    """A SQLAlchemy URL from a URL or a plain file path (-> SQLite). ConfigError when malformed."""
    if url is None:
        url = default_url()
    text = str(url)
    if isinstance(url, Path) or "://" not in text:
        if not text.strip():
            raise ConfigError("database URL is empty")
        text = f"sqlite:///{Path(text).expanduser().resolve()}"
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError):
        raise ConfigError(f"not a database URL: {text!r} (expected e.g. sqlite:///runs.db or postgresql://host/db)") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername=f"postgresql+{postgres_driver()}")
    return parsed


def postgres_driver() -> str:
    """The PostgreSQL driver installed here (``postgresql://`` alone means psycopg2 to SQLAlchemy)."""
    import importlib.util

    for module, name in (("psycopg2", "psycopg2"), ("psycopg", "psycopg"), ("pg8000", "pg8000")):
        if importlib.util.find_spec(module) is not None:
            return name
    raise ConfigError("postgresql:// needs a driver: pip install 'psycopg[binary]' (or psycopg2, pg8000)")


def _is_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engine(url: URL) -> Engine:
    shown = url.render_as_string(hide_password=True)
    kwargs: dict = {}
    if url.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        if _is_memory(url):
            kwargs["poolclass"] = StaticPool
        else:
            parent = Path(url.database).parent  # type: ignore[arg-type]
            if not parent.is_dir() and parent.resolve() != state_home().resolve():
                raise ConfigError(f"cannot open database {shown}: directory {parent} does not exist "
                                  "(pimon creates only its own default location)")
            try:
                parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as e:
                raise ConfigError(f"cannot create the database directory for {shown}: {e.strerror}") from None
    try:
        engine = create_engine(url, json_serializer=json_dumps, **kwargs)
    except (NoSuchModuleError, ArgumentError, ImportError) as e:
        raise ConfigError(f"unsupported database URL {shown}: {str(e).splitlines()[0]}") from None
    if url.get_backend_name() == "sqlite":
        memory = _is_memory(url)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

    return engine


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _migration_engine(engine: Engine) -> Engine:
    """An engine whose transactions lock the database for the whole migration.

    SQLite: ``BEGIN EXCLUSIVE`` with the driver's own transaction handling off, so DDL is
    transactional and a second process opening a new database waits instead of racing."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or _is_memory(url):
        return engine
    mig = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

    @event.listens_for(mig, "connect")
    def _autocommit(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None

    @event.listens_for(mig, "begin")
    def _exclusive(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN EXCLUSIVE")

    return mig


# alembic's ``op`` is one module-global proxy to the migration running now: two threads of one process migrating
# two databases at once ran each other's steps on the wrong connection ("no such table: findings" in a fleet test
# whose local suite opened its own database while the test opened the fleet's). One migration per process.
_MIGRATING = threading.Lock()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (idempotent, safe against concurrent openers: other processes wait
    on the database's lock, other threads of this process on ``_MIGRATING``).
    ConfigError when the database cannot be reached or migrated."""
    with _MIGRATING:
        if _stamped_revision(engine) == HEAD:
            return
        _upgrade(engine)


#: The newest revision, as ``SCHEMA_VERSION`` names it (tests/store: equal to Alembic's head).
HEAD = f"{SCHEMA_VERSION:04d}"


def _stamped_revision(engine: Engine) -> str | None:
    """The revision in ``alembic_version``, read without Alembic; None when there is none or it cannot be read
    (a new database, one another process is creating, an unreachable one: :func:`_upgrade` then waits for it under
    the migration's lock, makes it or reports it). A quick look only: it decides nothing but "already at head".
    A database whose stamp is head has its whole schema: a migration writes the stamp in the transaction of its
    DDL. (Its connection failing was once reported here as final: "database is locked" while another process
    created the same SQLite database, in a fresh-clone test run.)"""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def _cannot_open(engine: Engine, e: SQLAlchemyError) -> ConfigError:
    orig = getattr(e, "orig", None) or e
    first = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    return ConfigError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: {first}")


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    mig = _migration_engine(engine)
    try:
        with mig.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7286601)"))  # one migrator at a time
            current = MigrationContext.configure(conn).get_current_revision()
            if current == head_revision():
                return
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as e:
        raise _cannot_open(engine, e) from None
    finally:
        if mig is not engine:
            mig.dispose()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
