"""Store fixtures: a throw-away PostgreSQL cluster (skipped cleanly when PostgreSQL is not installed)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _pg_bin() -> Path | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(d, "initdb").exists() and Path(d, "pg_ctl").exists():
            return Path(d)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    pg = _pg_bin()
    if pg is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql); CI installs it")
    base = Path(tempfile.mkdtemp(prefix="pimon-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        prefix = ["runuser", "-u", "postgres", "--"]
        try:
            shutil.chown(base, "postgres")
            shutil.chown(sock, "postgres")
        except (LookupError, OSError) as e:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip(f"running as root and no usable 'postgres' user for initdb: {e}")
    port = _free_port()
    run = lambda *a: subprocess.run([*prefix, *a], check=True, capture_output=True, text=True)
    try:
        run(str(pg / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8")
        run(str(pg / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "log"), "-o",
            f"-k {sock} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off", "start")
    except (subprocess.CalledProcessError, OSError) as e:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"could not start PostgreSQL: {getattr(e, 'stderr', e)}")
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run([*prefix, str(pg / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, check=False)
        shutil.rmtree(base, ignore_errors=True)


def fresh_pg_database(pg_url: str) -> str:
    """A new empty database on the test cluster; its URL."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"t_{uuid.uuid4().hex[:12]}"
    eng = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return make_url(pg_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, and a database of its own on the real PostgreSQL cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'lab.db'}"
    return fresh_pg_database(request.getfixturevalue("pg_url"))
