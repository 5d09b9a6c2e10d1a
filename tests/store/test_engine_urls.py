"""Database URLs: ``postgresql://`` uses the driver installed here; ``--db`` never invents directories."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli.main import app as cli
from monitor.errors import ConfigError
from monitor.store import open_store
from monitor.store.engine import parse_url


def test_postgresql_without_a_driver_suffix_picks_the_installed_driver() -> None:
    url = parse_url("postgresql://pimon@127.0.0.1:1/pimon")
    installed = [m for m in ("psycopg2", "psycopg", "pg8000") if importlib.util.find_spec(m) is not None]
    assert installed, "no PostgreSQL driver installed"
    assert url.drivername == f"postgresql+{installed[0]}"
    assert parse_url("postgresql+psycopg://h/db").drivername == "postgresql+psycopg"  # an explicit one is kept


def test_db_in_a_missing_directory_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    with pytest.raises(ConfigError, match="does not exist"):
        open_store(target)
    assert not (tmp_path / "nonexistent").exists()
    res = CliRunner().invoke(cli, ["runs", "--db", str(target)])
    assert res.exit_code == 2 and "does not exist" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "nonexistent").exists()


def test_the_default_location_is_created(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMON_HOME", str(tmp_path / "home"))
    store = open_store(None)
    store.close()
    assert (tmp_path / "home" / "pimon.db").is_file()
