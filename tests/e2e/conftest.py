"""End-to-end fixtures: the real emulator, the real compiled agent, a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor import paths
from monitor.devices.emulator import EmulatorDevice
from monitor.store import open_store
from tests.devices.emulator.conftest import build_emulator

AGENT = paths.PACKAGE_DIR / "agent" / "_agent.js"


@pytest.fixture(scope="session")
def e2e_build() -> Path:
    if not AGENT.exists():
        pytest.fail(f"{AGENT} is missing: run `make setup` (it compiles the agent from hooks/)")
    return build_emulator()


@pytest.fixture
def e2e_device(e2e_build: Path, tmp_path: Path) -> Iterator[EmulatorDevice]:
    dev = EmulatorDevice(tmp_path / "device", build_dir=e2e_build)
    try:
        yield dev
    finally:
        dev.close()


@pytest.fixture
def e2e_store(tmp_path: Path):
    store = open_store(tmp_path / "pimon.db")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def e2e_matrix(request, e2e_build: Path, tmp_path_factory):
    """The session's matrix of fixture × scenario runs (tests/e2e/matrix.py), run once, several at once."""
    from tests.e2e.matrix import Matrix

    matrix = Matrix(request.session, e2e_build, tmp_path_factory.mktemp("matrix"))
    try:
        yield matrix
    finally:
        if matrix.store is not None:
            matrix.store.close()
