"""One sdist and wheel build per test session, shared by the xdist workers (a file lock)."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest

from tests.packaging.build import ROOT, Built, build_all


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not (ROOT / "pyproject.toml").is_file() or not (ROOT / "setup.py").is_file():
        pytest.skip("needs the source checkout")
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "pimon-dist"  # this session's
    shared.mkdir(exist_ok=True)
    done = shared / "built.json"
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            b = build_all(shared / "build")
            done.write_text(json.dumps({k: str(v) for k, v in vars(b).items()}))
        return Built(**{k: Path(v) for k, v in json.loads(done.read_text()).items()})
