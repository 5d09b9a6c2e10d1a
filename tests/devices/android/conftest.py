"""Fixtures: a fake adb server on loopback with one scripted device, and pimon's state in tmp."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from adbutils import AdbClient

from .fake_adb import FakeAdbServer, FakeDevice


@pytest.fixture(autouse=True)
def pimon_home(tmp_path, monkeypatch):
    home = tmp_path / "pimon-home"
    monkeypatch.setenv("PIMON_HOME", str(home))
    monkeypatch.delenv("ANDROID_SERIAL", raising=False)
    return home


@pytest.fixture
def adb_server(monkeypatch) -> Iterator[FakeAdbServer]:
    with FakeAdbServer() as srv:
        monkeypatch.setenv("ANDROID_ADB_SERVER_HOST", "127.0.0.1")
        monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(srv.port))
        yield srv


@pytest.fixture
def phone(adb_server: FakeAdbServer) -> FakeDevice:
    """A rooted (Magisk su) Android 14 arm64 phone with nothing set up."""
    return adb_server.add(FakeDevice("R5CT1234"))


@pytest.fixture
def client(adb_server: FakeAdbServer) -> AdbClient:
    return AdbClient("127.0.0.1", adb_server.port)
